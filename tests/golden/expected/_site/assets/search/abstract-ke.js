(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ke"] = {"fields":["abstract"],"terms":["kernel"],"postings":["0:0oq@4"]};
