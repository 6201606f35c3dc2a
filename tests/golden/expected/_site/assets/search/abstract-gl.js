(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["gl"] = {"terms":["glim","glimnet","glimps"],"postings":["2h2a:72@2.r 2shw:71@m","2h2a:73@2.r.19 2shw:71@m","2h2a:71@4"]};
