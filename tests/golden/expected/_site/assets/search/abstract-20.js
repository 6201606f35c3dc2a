(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["20"] = {"fields":["ids"],"terms":["2023","2024","2025"],"postings":["3:09ic","1:06ct 2:06ct","0:09ic"]};
