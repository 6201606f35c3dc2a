(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ne"] = {"fields":["abstract"],"terms":["net","network"],"postings":["2:0bn@m 3:0f2@2.r","3:0od@5"]};
