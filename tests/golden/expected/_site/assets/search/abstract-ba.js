(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ba"] = {"fields":["abstract"],"terms":["backbon"],"postings":["1:0p9@b"]};
