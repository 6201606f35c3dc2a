(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ta"] = {"terms":["tabl"],"postings":["3aa0:71@w"]};
