(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ga"] = {"fields":["abstract"],"terms":["gain"],"postings":["0:010z@l"]};
