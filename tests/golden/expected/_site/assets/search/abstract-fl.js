(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fl"] = {"terms":["flo","flop"],"postings":["3aa0:71@f","3aa0:71@f"]};
