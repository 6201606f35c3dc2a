(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ex"] = {"terms":["exampl"],"postings":["2h2a:71@19"]};
