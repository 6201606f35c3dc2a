(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["be"] = {"fields":["abstract"],"terms":["bench","benchmark"],"postings":["4:0k9@2","4:0k9@4"]};
