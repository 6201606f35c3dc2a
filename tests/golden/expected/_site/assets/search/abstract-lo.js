(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["lo"] = {"fields":["authors","abstract"],"terms":["look","lovelac"],"postings":["3:110g@c","1:034f"]};
