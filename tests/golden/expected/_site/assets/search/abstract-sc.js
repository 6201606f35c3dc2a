(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sc"] = {"terms":["scan","scene","sch","schölkopf"],"postings":["2shw:71@6","2h2a:71@9 3weu:71@f","3aa0:71@a","3aa0:71@a"]};
