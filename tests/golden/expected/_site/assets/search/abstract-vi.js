(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["vi"] = {"fields":["abstract"],"terms":["vision"],"postings":["0:0am@6"]};
