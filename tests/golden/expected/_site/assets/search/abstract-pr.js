(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["pr"] = {"fields":["abstract"],"terms":["present"],"postings":["3:010g@1"]};
