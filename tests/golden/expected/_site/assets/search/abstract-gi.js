(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["gi"] = {"terms":["gigapixel","github"],"postings":["4rzy:71@2","2h2a:71@19"]};
