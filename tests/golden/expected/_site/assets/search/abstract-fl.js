(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fl"] = {"fields":["abstract"],"terms":["flo","flop"],"postings":["0:010z@f","0:010z@f"]};
