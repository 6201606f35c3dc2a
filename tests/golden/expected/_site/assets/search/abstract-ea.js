(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ea"] = {"terms":["each"],"postings":["3weu:71@n"]};
