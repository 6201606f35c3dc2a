(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ex"] = {"fields":["abstract"],"terms":["exampl"],"postings":["3:010g@19"]};
