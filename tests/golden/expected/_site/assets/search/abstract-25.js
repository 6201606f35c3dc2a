(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["25"] = {"terms":["256","256*256"],"postings":["3aa0:72@t","3aa0:71@t"]};
