(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["lk"] = {"terms":["lkopf"],"postings":["3aa0:71@a"]};
