(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ad"] = {"terms":["ada","adapt"],"postings":["414u:21","2shw:71@d"]};
