(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ne"] = {"fields":["abstract"],"terms":["net","network"],"postings":["2:0i9@m 3:0nn@2.r","3:0od@5"]};
