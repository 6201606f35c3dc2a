(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fe"] = {"terms":["few"],"postings":["2h2a:71@f"]};
