(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["in"] = {"fields":["abstract"],"terms":["input","instead"],"postings":["0:010z@u","3:010g@l"]};
