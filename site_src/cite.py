"""Citations out: BibTeX entries and CSL-JSON items for papers.

Text is escaped so that the BibTeX parses back into the same Unicode text (the BibTeX
reader in ``sources/bibtex.py`` is the inverse), and words with inner capitals or
digits (``GAN``, ``MedViTV2``, ``3D``) are braced so bibliography styles keep their case.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .model import Paper

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
STOPWORDS = frozenset("a an the on of for in to with and or by from at as is are via towards toward "
                      "do does can how what when why".split())
KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.+/-]")
_ESCAPES = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# TeX ligatures that would change the text: -- and ``, '', !`, ?`
_LIGATURE = re.compile(r"(?<=[-`'!?])(?=[-`'])")


def latex_escape(text: str) -> str:
    """Plain Unicode text as BibTeX field text that reads back as the same text."""
    balanced = _balanced(text)
    out = []
    for c in " ".join(text.split()):
        if c in "{}":
            out.append("\\" + c if balanced else r"\textbrace" + ("left{}" if c == "{" else "right{}"))
        else:
            out.append(_ESCAPES.get(c, c))
    return _LIGATURE.sub("{}", "".join(out))


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def protect_title(title: str) -> str:
    """Escape a title and brace each word whose case a style must not change."""
    words = []
    for word in " ".join(title.split()).split(" "):
        escaped = latex_escape(word)
        keep = any(c.isupper() for c in word[1:])
        words.append("{" + escaped + "}" if keep else escaped)
    return " ".join(words)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def bibtex_key(paper: Paper) -> str:
    """The paper's own key, else ``surname`` (or ``anon``) + year + first real title word."""
    if given := KEY_CHARS.sub("", _ascii(paper.key)):
        return given
    surname = ""
    if paper.authors:
        last = paper.authors[0].split(",")[0].split()
        surname = re.sub(r"[^a-z]", "", _ascii(last[-1]).lower()) if last else ""
    words = [re.sub(r"[^a-z0-9]", "", w) for w in _ascii(paper.title).lower().split()]
    word = next((w for w in words if w and w not in STOPWORDS), next((w for w in words if w), "untitled"))
    return f"{surname or 'anon'}{paper.year or ''}{word}"


def unique_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """``{slug: key}``; papers sharing a key all get ``-a``, ``-b``, ... in slug order,
    so a paper's key does not depend on the order it was listed in."""
    by_key: dict[str, list[str]] = {}
    for paper in papers:
        by_key.setdefault(bibtex_key(paper), []).append(paper.slug)
    taken = set(by_key)
    out: dict[str, str] = {}
    for key, slugs in sorted(by_key.items()):
        if len(slugs) == 1:
            out[slugs[0]] = key
            continue
        n = 0
        for slug in sorted(slugs):
            while True:
                candidate = f"{key}-{_letters(n)}"
                n += 1
                if candidate not in taken:
                    break
            taken.add(candidate)
            out[slug] = candidate
    return out


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def _ids(paper: Paper) -> dict[str, str]:
    return dict(paper.ids)


def _main_url(paper: Paper) -> str:
    ids = _ids(paper)
    if "arxiv" in ids:
        return f"https://arxiv.org/abs/{ids['arxiv']}"
    project = [link.url for link in paper.links if link.kind != "code"]
    return (project or list(paper.code_urls) or [""])[0]


def _url_field(url: str) -> str:
    """A URL for a verbatim BibTeX field: only braces, which would unbalance it, are encoded."""
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One ``@article`` (when the venue is known) or ``@misc`` entry."""
    ids = _ids(paper)
    fields: list[tuple[str, str]] = [("title", protect_title(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(_name(a) for a in paper.authors)))
    if paper.date:
        fields.append(("year", str(paper.date.year)))
        fields.append(("month", MONTHS[paper.date.month - 1]))  # the standard macro, unbraced
        fields.append(("date", paper.date.isoformat()))  # biblatex; keeps the day
    if paper.venue:
        fields.append(("journal", latex_escape(paper.venue)))
    if "doi" in ids:
        fields.append(("doi", _url_field(ids["doi"])))
    if "arxiv" in ids:
        fields += [("eprint", _url_field(ids["arxiv"])), ("archiveprefix", "arXiv")]
    if url := _main_url(paper):
        fields.append(("url", _url_field(url)))
    code = [u for u in paper.code_urls if u != url]
    if code:
        fields.append(("note", "Code: " + ", ".join(r"\url{" + _url_in_text(u) + "}" for u in code)))
    if paper.abstract:
        fields.append(("abstract", latex_escape(paper.abstract)))
    kind = "article" if paper.venue else "misc"
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields)
    return f"@{kind}{{{key or bibtex_key(paper)},\n{body}\n}}\n"


def _name(name: str) -> str:
    escaped = latex_escape(name)
    # A name with " and " or a comma in it is one name, not two or "Last, First".
    return "{" + escaped + "}" if re.search(r"\band\b|,", name, re.IGNORECASE) else escaped


def _url_in_text(url: str) -> str:
    return _url_field(url).replace("%", r"\%").replace("#", r"\#")


def bibtex_of(papers: Iterable[Paper]) -> str:
    """A whole ``.bib`` file, entries in the given order, keys unique."""
    papers = list(papers)
    keys = unique_keys(papers)
    return "\n".join(bibtex_entry(p, keys[p.slug]) for p in papers)


def csl_json(papers: Iterable[Paper]) -> list[dict[str, Any]]:
    """CSL-JSON items (for Zotero, Pandoc, citeproc), ids equal to the BibTeX keys."""
    papers = list(papers)
    keys = unique_keys(papers)
    items = []
    for paper in papers:
        ids = _ids(paper)
        item: dict[str, Any] = {
            "id": keys[paper.slug],
            "type": "article-journal" if paper.venue else "article",
            "title": paper.title,
        }
        if paper.authors:
            item["author"] = [_csl_name(a) for a in paper.authors]
        if paper.date:
            item["issued"] = {"date-parts": [[paper.date.year, paper.date.month, paper.date.day]]}
        if paper.venue:
            item["container-title"] = paper.venue
        if "doi" in ids:
            item["DOI"] = ids["doi"]
        if "arxiv" in ids:
            item["number"] = f"arXiv:{ids['arxiv']}"
            item.setdefault("publisher", "arXiv")
        if url := _main_url(paper):
            item["URL"] = url
        if paper.abstract:
            item["abstract"] = paper.abstract
        if code := [u for u in paper.code_urls if u != url]:
            item["note"] = "Code: " + ", ".join(code)
        items.append(item)
    return items


def _csl_name(name: str) -> dict[str, str]:
    """``First Last`` (``, Jr`` after it, as the BibTeX reader writes) -> CSL name parts."""
    main, _, suffix = (part.strip() for part in name.partition(","))
    given, _, family = main.rpartition(" ")
    if not given:
        return {"literal": name}
    return {"family": family, "given": given, **({"suffix": suffix} if suffix else {})}
