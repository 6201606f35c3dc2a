"""The client-side search index: built here with lunr.py, loaded by lunr.js via <script>.

Both files are plain ``.js`` assignments (no fetch/XHR), so search works from ``file://``.
Titles are boosted above tags and abstracts, so a title match ranks first.
"""
from __future__ import annotations

import json
from typing import Any

import lunr

from .abstract import plain
from .model import Paper

SNIPPET = 240


def js_assign(name: str, value: Any) -> bytes:
    """``window.NAME = <json>;`` encoded so that no string can close a <script> or break JS."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"window.{name} = {text};\n".encode("utf-8")


def search_documents(papers: list[Paper], url_of: dict[str, str], tag_names: dict[str, str]) -> list[dict[str, Any]]:
    docs = []
    for p in papers:
        text = plain(p.abstract)
        snippet = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + "…"
        docs.append({"id": p.slug, "u": url_of[p.slug], "t": p.title, "d": p.date.isoformat() if p.date else "",
                     "g": [tag_names.get(t, t) for t in p.tags], "s": snippet})
    return docs


def build_index(papers: list[Paper], tag_names: dict[str, str]) -> dict[str, Any]:
    documents = [{"id": p.slug, "title": p.title, "tags": " ".join(tag_names.get(t, t) for t in p.tags),
                  "abstract": plain(p.abstract)} for p in papers]
    index = lunr.lunr(ref="id", fields=[{"field_name": "title", "boost": 10},
                                        {"field_name": "tags", "boost": 5}, "abstract"],
                      documents=documents)
    return index.serialize()  # type: ignore[no-any-return]
