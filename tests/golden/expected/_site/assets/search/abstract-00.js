(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["00"] = {"fields":["abstract"],"terms":["000"],"postings":["4:018z@6"]};
