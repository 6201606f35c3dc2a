(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ae"] = {"fields":["abstract"],"terms":["aerial","aerialbench"],"postings":["3:0ag@j 4:0hh@2.7","4:0k9@2"]};
