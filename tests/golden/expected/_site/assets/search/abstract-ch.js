(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ch"] = {"terms":["check"],"postings":["3weu:71@j"]};
