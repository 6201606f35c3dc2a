(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["pa"] = {"terms":["patch","patholog"],"postings":["2h2a:71@g","4rzy:71@m"]};
