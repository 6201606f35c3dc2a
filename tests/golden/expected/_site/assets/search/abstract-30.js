(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["30"] = {"fields":["abstract"],"terms":["30"],"postings":["4:018z@a"]};
