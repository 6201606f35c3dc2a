(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["di"] = {"fields":["abstract"],"terms":["dimens"],"postings":["0:010z@r"]};
