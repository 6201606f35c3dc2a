(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["mo"] = {"terms":["model"],"postings":["2shw:71@2 4rzy:71@j"]};
