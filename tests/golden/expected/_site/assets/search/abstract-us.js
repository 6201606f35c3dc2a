(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["us"] = {"fields":["abstract"],"terms":["us"],"postings":["2:014l@y"]};
