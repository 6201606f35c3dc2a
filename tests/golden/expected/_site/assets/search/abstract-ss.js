(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ss"] = {"terms":["ssm"],"postings":["4rzy:71@a"]};
