(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ef"] = {"terms":["effici"],"postings":["414u:71@a"]};
