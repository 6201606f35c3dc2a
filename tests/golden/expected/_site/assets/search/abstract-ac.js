(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ac"] = {"terms":["accuraci"],"postings":["2h2a:71@u"]};
