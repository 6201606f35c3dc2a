(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ga"] = {"terms":["gain"],"postings":["3aa0:71@l"]};
