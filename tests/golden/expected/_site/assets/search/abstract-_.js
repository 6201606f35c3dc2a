(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["_"] = {"terms":["d_{data","i.","o(n"],"postings":["3aa0:71@q","3aa0:71@8","3aa0:71@n"]};
