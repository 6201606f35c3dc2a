(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["of"] = {"fields":["abstract"],"terms":["off"],"postings":["0:010z@11"]};
