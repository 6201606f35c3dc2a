(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fa"] = {"terms":["famili"],"postings":["3aa0:71@b"]};
