(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["cu"] = {"terms":["cut"],"postings":["3aa0:71@d"]};
