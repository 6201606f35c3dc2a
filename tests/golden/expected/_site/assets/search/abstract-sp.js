(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sp"] = {"terms":["space","spars"],"postings":["2shw:71@1","3aa0:71@2"]};
