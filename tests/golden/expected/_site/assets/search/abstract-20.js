(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["20"] = {"fields":["ids"],"terms":["2023","2024","2025"],"postings":["3:07w7","1:059y 2:059y","0:07w7"]};
