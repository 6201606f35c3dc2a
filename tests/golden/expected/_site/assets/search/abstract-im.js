(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["im"] = {"terms":["imag"],"postings":["2h2a:71@k 2shw:73@8.h.v 3weu:71@8 4rzy:71@6"]};
