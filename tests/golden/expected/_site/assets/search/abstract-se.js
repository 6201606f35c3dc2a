(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["se"] = {"terms":["see","sens"],"postings":["3aa0:71@v","2h2a:71@8 3weu:71@e"]};
