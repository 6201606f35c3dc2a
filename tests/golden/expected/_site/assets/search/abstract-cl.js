(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["cl"] = {"terms":["class","classif","classifi"],"postings":["3weu:71@b","2h2a:71@a 2shw:71@i 3weu:71@g","4rzy:71@1"]};
