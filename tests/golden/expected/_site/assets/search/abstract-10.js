(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["10"] = {"fields":["abstract"],"terms":["10","10,000"],"postings":["4:018z@6","4:018z@6"]};
