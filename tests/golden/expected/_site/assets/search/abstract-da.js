(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["da"] = {"terms":["data","dataset"],"postings":["3aa0:71@q","2shw:71@w"]};
