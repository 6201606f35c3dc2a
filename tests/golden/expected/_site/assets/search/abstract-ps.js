(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ps"] = {"fields":["abstract"],"terms":["ps"],"postings":["0:010z@f"]};
