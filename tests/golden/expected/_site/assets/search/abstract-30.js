(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["30"] = {"terms":["30"],"postings":["3weu:71@a"]};
