(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ou"] = {"terms":["outperform"],"postings":["2shw:71@p"]};
