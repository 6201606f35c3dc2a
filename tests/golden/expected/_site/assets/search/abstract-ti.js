(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ti"] = {"fields":["abstract"],"terms":["tile","time","tini"],"postings":["5:01bk@d","2:014l@b","5:01bk@9"]};
