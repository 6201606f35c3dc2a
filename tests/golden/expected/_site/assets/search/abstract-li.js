(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["li"] = {"terms":["linear"],"postings":["2shw:71@a"]};
