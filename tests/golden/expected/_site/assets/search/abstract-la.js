(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["la"] = {"fields":["abstract"],"terms":["label","larg","larger"],"postings":["4:018z@i","0:0oq@k 3:0od@x","5:01bk@i"]};
