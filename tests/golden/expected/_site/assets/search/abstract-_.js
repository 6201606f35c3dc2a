(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["_"] = {"fields":["abstract"],"terms":["d_{data","i.","o(n"],"postings":["0:010z@q","0:010z@8","0:010z@n"]};
