(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["gl"] = {"fields":["abstract"],"terms":["glim","glimnet","glimps"],"postings":["2:0bn@m 3:0f2@2.r","2:0bn@m 3:0ho@2.r.19","3:0od@4"]};
