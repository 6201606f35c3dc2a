(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sp"] = {"fields":["abstract"],"terms":["space","spars"],"postings":["2:0i9@1","0:0oq@2"]};
