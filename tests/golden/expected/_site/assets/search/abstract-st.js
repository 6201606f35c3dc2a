(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["st"] = {"terms":["state","studi"],"postings":["2shw:71@0","3aa0:71@1"]};
