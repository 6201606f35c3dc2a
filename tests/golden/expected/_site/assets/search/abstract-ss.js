(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ss"] = {"fields":["abstract"],"terms":["ssm"],"postings":["5:01bk@a"]};
