(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ma"] = {"fields":["abstract"],"terms":["mamba","match"],"postings":["2:0bn@5","5:01bk@h"]};
