(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["fi"] = {"terms":["fifth","first"],"postings":["2h2a:71@11","414u:71@8"]};
