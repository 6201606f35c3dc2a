(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sl"] = {"terms":["slide"],"postings":["4rzy:71@4"]};
