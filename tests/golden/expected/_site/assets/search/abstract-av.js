(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["av"] = {"fields":["abstract"],"terms":["avail"],"postings":["3:010g@17"]};
