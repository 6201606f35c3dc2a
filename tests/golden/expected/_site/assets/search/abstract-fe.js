(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fe"] = {"fields":["abstract"],"terms":["few"],"postings":["3:010g@f"]};
