(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["pr"] = {"terms":["present"],"postings":["2h2a:71@1"]};
