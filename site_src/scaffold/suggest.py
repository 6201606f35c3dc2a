"""``python build.py suggest-tags``: a starting taxonomy for any field, from the user's own papers.

Candidates are the sources' keywords and the words and two-word phrases of titles and
abstracts that many papers share but not most (a tag on nearly every paper does not
help). Each becomes a tag whose rule is the phrase itself, for the user to edit.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from site_src import yamlio
from site_src.model import Paper
from site_src.slugs import slugify

_STOPWORDS_FILE = Path(__file__).resolve().parents[1] / "links" / "stopwords.txt"
# Words every paper uses, whatever its field.
_FILLER = frozenset("""paper papers propose proposed proposes approach approaches method methods result results
show shows shown present presents presented based using use used new novel problem problems work works study
studies performance existing different provide provides demonstrate demonstrates analysis introduce introduces
introduced significantly significant state art experiments experimental evaluation evaluate effective efficient
effectiveness efficiency large small high low improve improves improved improvement achieve achieves achieved
task tasks model models framework frameworks data set sets number way ways allows allow paper's also however
recent recently first two three one many various including furthermore moreover well better best compared
existing key main prior specific general particular often able terms make makes given called""".split())
_BUILT_IN = re.compile(r"^(?:year-\d{4}|has-code|collection-.*|\d.*)$")
_WORD = re.compile(r"[a-z][a-z0-9+-]*[a-z0-9+]|[a-z]")


def _stopwords() -> frozenset[str]:
    lines = _STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#")) | _FILLER


def _terms(text: str, stop: frozenset[str]) -> set[str]:
    words = _WORD.findall(text.lower())
    terms = {w for w in words if len(w) > 3 and w not in stop}
    terms |= {f"{a} {b}" for a, b in zip(words, words[1:]) if a not in stop and b not in stop
              and len(a) > 2 and len(b) > 2}
    return terms


def suggest(papers: Sequence[Paper], most: int = 25) -> list[dict[str, Any]]:
    """Up to ``most`` tags, each ``{id, name, description, words, min_hits}``, most shared first."""
    n = len(papers)
    if n == 0:
        return []
    stop = _stopwords()
    shown: dict[str, str] = {}
    keyword_df: Counter[str] = Counter()
    term_df: Counter[str] = Counter()
    for p in papers:
        words = {" ".join(k.lower().split()): k for k in p.keywords}
        for low, k in words.items():
            shown.setdefault(low, k)
        keyword_df.update(words.keys())
        term_df.update(_terms(f"{p.title}. {p.abstract}", stop))
    floor, ceiling = max(2, round(n * 0.02)), max(2, int(n * 0.4))
    picked: dict[str, tuple[str, int, bool]] = {}  # id -> (phrase, papers, is a phrase)

    def take(phrase: str, df: int) -> None:
        tid = slugify(phrase)
        if _BUILT_IN.match(tid) or tid.endswith("-paper"):
            return  # the derived tags' ids, and what slugify makes of reserved words
        if tid not in picked and not any(phrase in other or other in phrase for other, _, _ in picked.values()):
            picked[tid] = (phrase, df, " " in phrase)

    for low, df in keyword_df.most_common():
        if floor <= df <= ceiling and len(picked) < most // 2:
            take(low, df)
    ranked = sorted(((t, df) for t, df in term_df.items() if floor <= df <= ceiling),
                    key=lambda kv: (-kv[1] * (2 if " " in kv[0] else 1), kv[0]))
    for term, df in ranked:
        if len(picked) >= most:
            break
        take(term, df)
    tags = []
    for tid, (phrase, df, is_phrase) in sorted(picked.items(), key=lambda kv: -kv[1][1]):
        name = shown.get(phrase, phrase)
        tags.append({"id": tid, "name": name[:1].upper() + name[1:],
                     "description": f"Suggested: {df} of {n} papers mention '{phrase}'. Edit me.",
                     "words": [phrase], "min_hits": 1 if is_phrase else 2})
    return tags


def taxonomy_text(tags: list[dict[str, Any]], starter: str) -> str:
    """The starter taxonomy with a "Topic" facet of the suggested tags first."""
    facet = yamlio.dump([{"id": "topic", "name": "Topic", "description": "What the paper is about.",
                          "tags": tags}])
    head, sep, rest = starter.partition("facets:\n")
    indented = "".join("  " + line if line.strip() else line for line in facet.splitlines(keepends=True))
    return f"{head}{sep}{indented}\n{rest}" if sep else starter + "\nfacets:\n" + indented
