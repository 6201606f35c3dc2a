(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["lk"] = {"fields":["abstract"],"terms":["lkopf"],"postings":["0:010z@a"]};
