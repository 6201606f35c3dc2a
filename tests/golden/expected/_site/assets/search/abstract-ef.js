(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ef"] = {"fields":["abstract"],"terms":["effici"],"postings":["1:011i@a"]};
