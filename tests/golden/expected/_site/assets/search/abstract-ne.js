(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ne"] = {"terms":["net","network"],"postings":["2h2a:72@2.r 2shw:71@m","2h2a:71@5"]};
