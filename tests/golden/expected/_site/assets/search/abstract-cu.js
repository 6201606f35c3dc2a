(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["cu"] = {"fields":["abstract"],"terms":["cut"],"postings":["0:010z@d"]};
