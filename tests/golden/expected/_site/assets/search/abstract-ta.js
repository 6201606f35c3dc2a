(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ta"] = {"fields":["abstract"],"terms":["tabl"],"postings":["0:010z@w"]};
