(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["st"] = {"fields":["abstract"],"terms":["state","studi"],"postings":["2:0i9@0","0:010z@1"]};
