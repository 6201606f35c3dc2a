(window.SEARCH_SHARDS = window.SEARCH_SHARDS || {})["co"] = {"terms":["code","cohort","com","compar","cost"],"postings":["2h2a:71@15","4rzy:71@n","2h2a:71@19","2shw:71@k","2h2a:71@14 3aa0:71@o"]};
