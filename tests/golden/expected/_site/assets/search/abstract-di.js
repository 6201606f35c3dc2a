(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["di"] = {"terms":["dimens"],"postings":["3aa0:71@r"]};
