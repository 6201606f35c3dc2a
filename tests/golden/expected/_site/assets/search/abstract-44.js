(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["44"] = {"terms":["44"],"postings":["3aa0:71@h"]};
