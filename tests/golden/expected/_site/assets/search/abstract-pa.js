(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["pa"] = {"fields":["abstract"],"terms":["patch","patholog"],"postings":["3:010g@g","5:01bk@m"]};
