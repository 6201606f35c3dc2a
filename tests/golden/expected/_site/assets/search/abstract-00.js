(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["00"] = {"terms":["000"],"postings":["3weu:71@6"]};
