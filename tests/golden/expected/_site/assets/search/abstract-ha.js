(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ha"] = {"fields":["abstract"],"terms":["half","hand","handwritten"],"postings":["2:014l@z","1:01k4@1","1:01k4@1"]};
