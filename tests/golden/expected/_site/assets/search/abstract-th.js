(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["th"] = {"terms":["three"],"postings":["2shw:71@r"]};
