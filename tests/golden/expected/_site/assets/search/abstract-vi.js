(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["vi"] = {"terms":["vision"],"postings":["3aa0:71@6"]};
