(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ma"] = {"terms":["mamba","match"],"postings":["2shw:71@5","4rzy:71@h"]};
