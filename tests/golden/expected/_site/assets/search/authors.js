window.SEARCH_AUTHORS = {"names":[["ada-lovelace","Ada Lovelace"]],"docs":[[],[0],[],[],[],[]]};
