(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["sc"] = {"fields":["abstract"],"terms":["scan","scene","sch","schölkopf"],"postings":["2:014l@6","3:01r@9 4:026@f","0:010z@a","0:010z@a"]};
