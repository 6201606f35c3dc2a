(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["im"] = {"fields":["abstract"],"terms":["imag"],"postings":["2:06w@8.h.v 3:03u@k 4:04r@8 5:051@6"]};
