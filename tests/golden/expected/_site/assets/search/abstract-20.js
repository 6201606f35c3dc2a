(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["20"] = {"terms":["2023","2024","2025"],"postings":["2h2a:31","2shw:31 414u:31","3aa0:31"]};
