(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["cl"] = {"fields":["abstract"],"terms":["class","classif","classifi"],"postings":["4:018z@b","2:01p@i 3:01j@a 4:01w@g","5:01bk@1"]};
