(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["us"] = {"terms":["us"],"postings":["2shw:71@y"]};
