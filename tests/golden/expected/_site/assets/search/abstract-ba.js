(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ba"] = {"terms":["backbon"],"postings":["414u:71@b"]};
