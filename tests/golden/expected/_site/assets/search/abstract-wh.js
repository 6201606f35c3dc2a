(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["wh"] = {"fields":["abstract"],"terms":["whole","wholeslid"],"postings":["3:0ge@o 5:0le@3","5:0vs@3"]};
