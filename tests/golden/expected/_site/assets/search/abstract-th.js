(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["th"] = {"fields":["abstract"],"terms":["three"],"postings":["2:014l@r"]};
