(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["gi"] = {"fields":["abstract"],"terms":["gigapixel","github"],"postings":["5:01bk@2","3:010g@19"]};
