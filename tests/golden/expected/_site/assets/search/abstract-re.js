(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["re"] = {"fields":["abstract"],"terms":["reach","read","releas","remot"],"postings":["3:010g@s","1:011i@7 5:0vs@c","4:018z@1","3:05p@7 4:071@d"]};
