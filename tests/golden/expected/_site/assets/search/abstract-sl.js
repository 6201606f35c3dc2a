(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sl"] = {"fields":["abstract"],"terms":["slide"],"postings":["5:0vs@4"]};
