(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ae"] = {"terms":["aerial","aerialbench"],"postings":["2h2a:71@j 3weu:72@2.7","3weu:71@2"]};
