(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["or"] = {"terms":["order"],"postings":["4rzy:71@f"]};
