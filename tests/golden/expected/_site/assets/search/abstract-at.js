(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["at"] = {"fields":["abstract"],"terms":["attent"],"postings":["0:010z@3"]};
