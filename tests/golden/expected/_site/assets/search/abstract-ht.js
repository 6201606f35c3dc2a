(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ht"] = {"fields":["abstract"],"terms":["http","https://github.com/example/glimnet"],"postings":["3:010g@19","3:010g@19"]};
