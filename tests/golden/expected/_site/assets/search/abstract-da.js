(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["da"] = {"fields":["abstract"],"terms":["data","dataset"],"postings":["0:010z@q","2:0r5@w"]};
