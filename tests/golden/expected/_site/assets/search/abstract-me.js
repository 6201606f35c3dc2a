(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["me"] = {"terms":["medic","memori"],"postings":["2shw:72@g.u 4rzy:71@5","2shw:71@12"]};
