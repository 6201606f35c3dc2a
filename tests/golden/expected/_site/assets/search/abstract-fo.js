(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fo"] = {"fields":["abstract"],"terms":["four"],"postings":["2:014l@t"]};
