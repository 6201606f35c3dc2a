(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fo"] = {"terms":["four"],"postings":["2shw:71@t"]};
