(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["25"] = {"fields":["abstract"],"terms":["256","256*256"],"postings":["0:01h3@t","0:010z@t"]};
