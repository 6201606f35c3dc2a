(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["li"] = {"fields":["abstract"],"terms":["linear"],"postings":["2:014l@a"]};
