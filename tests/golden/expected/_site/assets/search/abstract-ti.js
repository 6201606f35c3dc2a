(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ti"] = {"terms":["tile","time","tini"],"postings":["4rzy:71@d","2shw:71@b","4rzy:71@9"]};
