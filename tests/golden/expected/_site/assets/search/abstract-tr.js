(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["tr"] = {"terms":["trade","tradeoff","transform"],"postings":["3aa0:71@10","3aa0:71@10","2h2a:71@y 3aa0:71@7"]};
