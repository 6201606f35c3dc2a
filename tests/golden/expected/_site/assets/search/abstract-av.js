(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["av"] = {"terms":["avail"],"postings":["2h2a:71@17"]};
