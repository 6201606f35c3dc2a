(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["an"] = {"fields":["abstract"],"terms":["annot"],"postings":["4:018z@m"]};
