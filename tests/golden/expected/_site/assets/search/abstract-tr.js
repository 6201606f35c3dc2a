(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["tr"] = {"fields":["abstract"],"terms":["trade","tradeoff","transform"],"postings":["0:010z@10","0:010z@10","0:05s@7 3:05p@y"]};
