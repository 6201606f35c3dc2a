(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["in"] = {"terms":["input","instead"],"postings":["3aa0:71@u","2h2a:71@l"]};
