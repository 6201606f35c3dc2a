(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ag"] = {"terms":["against"],"postings":["2shw:71@l"]};
