(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["lo"] = {"terms":["look","lovelac"],"postings":["2h2a:71@c","414u:21"]};
