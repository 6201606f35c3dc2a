(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["wr"] = {"terms":["written"],"postings":["414u:72@2.c"]};
