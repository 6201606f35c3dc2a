(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["su"] = {"terms":["such","summari","survey"],"postings":["2shw:71@3","414u:71@3","414u:71@f"]};
