(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fa"] = {"fields":["abstract"],"terms":["famili"],"postings":["0:010z@b"]};
