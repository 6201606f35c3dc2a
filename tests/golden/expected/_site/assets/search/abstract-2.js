(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["2"] = {"fields":["abstract"],"terms":["2"],"postings":["0:010z@x"]};
