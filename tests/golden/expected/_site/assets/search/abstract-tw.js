(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["tw"] = {"fields":["abstract"],"terms":["two"],"postings":["4:0u2@l 5:0vs@l"]};
