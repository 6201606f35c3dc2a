(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["44"] = {"fields":["abstract"],"terms":["44"],"postings":["0:010z@h"]};
