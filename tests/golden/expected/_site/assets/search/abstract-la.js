(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["la"] = {"terms":["label","larg","larger"],"postings":["3weu:71@i","2h2a:71@x 3aa0:71@k","4rzy:71@i"]};
