(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ea"] = {"fields":["abstract"],"terms":["each"],"postings":["4:018z@n"]};
