(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["re"] = {"terms":["reach","read","releas","remot"],"postings":["2h2a:71@s","414u:71@7 4rzy:71@c","3weu:71@1","2h2a:71@7 3weu:71@d"]};
