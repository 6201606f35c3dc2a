(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["tw"] = {"terms":["two"],"postings":["3weu:71@l 4rzy:71@l"]};
