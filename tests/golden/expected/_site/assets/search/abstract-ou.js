(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ou"] = {"fields":["abstract"],"terms":["outperform"],"postings":["2:014l@p"]};
