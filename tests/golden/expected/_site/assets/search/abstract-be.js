(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["be"] = {"terms":["bench","benchmark"],"postings":["3weu:71@2","3weu:71@4"]};
