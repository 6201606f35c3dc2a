(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["wh"] = {"terms":["whole","wholeslid"],"postings":["2h2a:71@o 4rzy:71@3","4rzy:71@3"]};
