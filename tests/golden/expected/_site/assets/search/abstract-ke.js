(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ke"] = {"terms":["kernel"],"postings":["3aa0:71@4"]};
