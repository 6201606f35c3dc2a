(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["su"] = {"fields":["abstract"],"terms":["such","summari","survey"],"postings":["2:014l@3","1:01k4@3","1:01k4@f"]};
