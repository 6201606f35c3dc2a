(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ps"] = {"terms":["ps"],"postings":["3aa0:71@f"]};
