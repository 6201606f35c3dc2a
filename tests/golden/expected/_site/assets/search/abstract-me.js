(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["me"] = {"fields":["abstract"],"terms":["medic","memori"],"postings":["2:08w@g.u 5:07g@5","2:014l@12"]};
