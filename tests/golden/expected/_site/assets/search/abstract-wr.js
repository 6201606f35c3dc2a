(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["wr"] = {"fields":["abstract"],"terms":["written"],"postings":["1:01yb@2.c"]};
