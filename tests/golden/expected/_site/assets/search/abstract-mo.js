(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["mo"] = {"fields":["abstract"],"terms":["model"],"postings":["2:0bn@2 5:0dn@j"]};
