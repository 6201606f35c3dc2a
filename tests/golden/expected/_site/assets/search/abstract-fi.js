(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fi"] = {"fields":["abstract"],"terms":["fifth","first"],"postings":["3:010g@11","1:01k4@8"]};
