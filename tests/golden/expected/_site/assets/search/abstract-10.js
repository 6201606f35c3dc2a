(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["10"] = {"terms":["10","10,000"],"postings":["3weu:71@6","3weu:71@6"]};
