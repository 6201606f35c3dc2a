(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ch"] = {"fields":["abstract"],"terms":["check"],"postings":["4:018z@j"]};
