(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["2"] = {"terms":["2"],"postings":["3aa0:71@x"]};
