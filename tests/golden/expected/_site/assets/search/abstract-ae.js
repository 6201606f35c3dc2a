(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ae"] = {"fields":["abstract"],"terms":["aerial","aerialbench"],"postings":["3:0ge@j 4:0re@2.7","4:0u2@2"]};
