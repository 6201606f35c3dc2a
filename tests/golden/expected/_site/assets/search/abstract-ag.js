(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ag"] = {"fields":["abstract"],"terms":["against"],"postings":["2:014l@l"]};
