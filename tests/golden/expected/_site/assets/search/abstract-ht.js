(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ht"] = {"terms":["http","https://github.com/example/glimnet"],"postings":["2h2a:71@19","2h2a:71@19"]};
