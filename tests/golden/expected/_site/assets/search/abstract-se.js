(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["se"] = {"fields":["abstract"],"terms":["see","sens"],"postings":["0:010z@v","3:05p@8 4:071@e"]};
