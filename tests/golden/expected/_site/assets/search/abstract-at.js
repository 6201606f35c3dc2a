(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["at"] = {"terms":["attent"],"postings":["3aa0:71@3"]};
