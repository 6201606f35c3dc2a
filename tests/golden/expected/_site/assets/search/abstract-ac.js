(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["ac"] = {"fields":["abstract"],"terms":["accuraci"],"postings":["3:010g@u"]};
