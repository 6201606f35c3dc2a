(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["or"] = {"fields":["abstract"],"terms":["order"],"postings":["5:01bk@f"]};
