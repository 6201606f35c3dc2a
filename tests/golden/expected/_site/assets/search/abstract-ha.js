(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ha"] = {"terms":["half","hand","handwritten"],"postings":["2shw:71@z","414u:71@1","414u:71@1"]};
