(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ad"] = {"fields":["authors","abstract"],"terms":["ada","adapt"],"postings":["1:034f","2:114l@d"]};
