(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["an"] = {"terms":["annot"],"postings":["3weu:71@m"]};
