"""How often related papers and mentions land in the right group, on the seeds (numbers, not tests).

    python bench/related_groups.py [PROJECT]     # default: this checkout's seeds

Groups are picked by a rule, not by hand: every title word (not a stop word, at least four
letters) that appears in 5 to 25 of the seed titles makes a group of the papers whose titles
hold it, as a word or as part of a compound (RSMamba is a Mamba paper). For each paper in a
group, recall is the share of its top five related papers that are in its group, out of the most
it could have (min(5, group size - 1)); the figure is the mean over papers, then over groups.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.links.related import ENGLISH_STOP_WORDS, SURVEY_STOP_WORDS, related_papers  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402

_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def title_words(title: str) -> set[str]:
    words = set()
    for token in re.findall(r"[A-Za-z0-9]+", title):
        words.add(token.lower())
        words.update(p.lower() for p in _PARTS.findall(token))
    return {w.rstrip("s") if len(w) > 4 else w for w in words}


def groups(papers: list) -> dict[str, set[str]]:
    by_word: dict[str, set[str]] = defaultdict(set)
    for p in papers:
        for w in title_words(p.title):
            if len(w) >= 4 and w.isalpha() and w not in ENGLISH_STOP_WORDS and w not in SURVEY_STOP_WORDS:
                by_word[w].add(p.slug)
    return {w: s for w, s in sorted(by_word.items()) if 5 <= len(s) <= 25}


def main(argv: list[str]) -> int:
    project = Path(argv[0]) if argv else ROOT
    survey = build_site(load_config(None, project), Report(), write_site=False, clean=True).survey
    papers = list(survey.papers)
    related = related_papers(papers)
    picked = groups(papers)
    scores = {}
    for word, members in picked.items():
        per = []
        for slug in members:
            top = [r.slug for r in related.get(slug, ())][:5]
            per.append(sum(t in members for t in top) / min(5, len(members) - 1))
        scores[word] = sum(per) / len(per)
    for word, s in scores.items():
        print(f"{word:20} {len(picked[word]):3} papers  in-group recall@5 {s:.2f}")
    print(f"{len(scores)} groups; mean in-group recall@5 {sum(scores.values()) / len(scores):.3f}")
    # the groups tests/test_related.py picked by hand before this measure existed
    from tests.test_related import GROUPS
    hand = []
    for prefixes in GROUPS.values():
        members = {next(p.slug for p in papers if p.slug.startswith(x)) for x in prefixes}
        hand.append(sum(sum(r.slug in members for r in related.get(m, ())[:5]) / min(5, len(members) - 1)
                        for m in members) / len(members))
    print(f"{len(hand)} hand-picked groups (tests/test_related.py); mean in-group recall@5 {sum(hand) / len(hand):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
