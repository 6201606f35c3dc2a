(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["of"] = {"terms":["off"],"postings":["3aa0:71@11"]};
