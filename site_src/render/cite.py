"""Citations out: BibTeX entries and CSL-JSON items for papers.

Text is escaped so that the BibTeX parses back into the same Unicode text (the BibTeX
reader in ``sources/bibtex.py`` is the inverse), and words with inner capitals or
digits (``GAN``, ``MedViTV2``, ``3D``) are braced so bibliography styles keep their case.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from site_src.abstract import plain as plain_abstract
from site_src.dates import iso
from site_src.model import Paper

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
STOPWORDS = frozenset("a an the on of for in to with and or by from at as is are via towards toward "
                      "do does can how what when why".split())
KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.+/-]")
_ESCAPES = {
    "\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Braces stay braces when they pair up, else they are spelled out so the entry still parses.
_BALANCED = str.maketrans({**_ESCAPES, "{": r"\{", "}": r"\}"})
_UNBALANCED = str.maketrans({**_ESCAPES, "{": r"\textbraceleft{}", "}": r"\textbraceright{}"})
_BRACES = re.compile(r"[{}]")
_SPECIAL = re.compile(r"[\\%&#_$~^<>|{}]")
# TeX ligatures that would change the text: -- and ``, '', !`, ?`
_LIGATURE = re.compile(r"([-`'!?])(?=[-`'])")


def latex_escape(text: str) -> str:
    """Plain Unicode text as BibTeX field text that reads back as the same text."""
    table = _BALANCED if _balanced(text) else _UNBALANCED
    text = _SPECIAL.sub(lambda m: table[ord(m.group())], " ".join(text.split()))  # specials are rare
    return _LIGATURE.sub(r"\1{}", text)


def _balanced(text: str) -> bool:
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for c in _BRACES.findall(text):
        depth += 1 if c == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def protect_title(title: str) -> str:
    """Escape a title and brace each word whose case a style must not change."""
    plain = " ".join(title.split())
    words = plain.split(" ")
    if "{" in plain or "}" in plain:  # braces pair up (or not) word by word
        escaped = [latex_escape(word) for word in words]
    else:  # no escape holds a space and no ligature spans one: escape the title at once
        escaped = latex_escape(plain).split(" ")
    return " ".join("{" + e + "}" if _capital_inside(word) else e for word, e in zip(words, escaped, strict=True))


def _capital_inside(word: str) -> bool:
    rest = word[1:]
    return not rest.islower() and any(c.isupper() for c in rest)  # islower(): no capital at all


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_NOT_LETTER = re.compile(r"[^a-z]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def bibtex_key(paper: Paper) -> str:
    """The paper's own key, else ``surname`` (or ``anon``) + year + first real title word."""
    if given := KEY_CHARS.sub("", _ascii(paper.key)):
        return given
    surname = ""
    if paper.authors:
        last = paper.authors[0].split(",")[0].split()
        surname = _NOT_LETTER.sub("", _ascii(last[-1]).lower()) if last else ""
    words = [_NOT_ALNUM.sub("", w) for w in _ascii(paper.title).lower().split()]
    word = next((w for w in words if w and w not in STOPWORDS), next((w for w in words if w), "untitled"))
    return f"{surname or 'anon'}{paper.year or ''}{word}"


def unique_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """``{slug: key}``; papers sharing a key all get ``-a``, ``-b``, ... in slug order,
    so a paper's key does not depend on the order it was listed in."""
    return unique_citekeys((paper.slug, bibtex_key(paper)) for paper in papers)


def unique_citekeys(own_keys: Iterable[tuple[str, str]]) -> dict[str, str]:
    by_key: dict[str, list[str]] = {}
    for slug, key in own_keys:
        by_key.setdefault(key, []).append(slug)
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


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper's BibTeX entry but for the key it is filed under: rendered once, then
    filed in every ``.bib`` file that lists the paper (its own, its tags', the site's)."""

    slug: str
    key: str  # the paper's own key, before keys are made unique within a file
    kind: str  # article or misc
    fields: str
    abstract: str = ""  # the abstract field, last: in exports, not in the entry a page offers to cite

    def text(self, key: str | None = None, *, abstract: bool = True) -> str:
        fields = f"{self.fields},\n{self.abstract}" if abstract and self.abstract else self.fields
        return f"@{self.kind}{{{key or self.key},\n{fields}\n}}\n"

    def citation(self, key: str | None = None) -> str:
        """The entry to cite the paper with, as Google Scholar or DBLP give it: no abstract
        (the page shows it above; a .bib file with abstracts is papers.bib)."""
        return self.text(key, abstract=False)


def bibtex_entry(paper: Paper, key: str | None = None) -> str:
    """One entry of the type its source gave (else ``@article`` when the venue is known, or ``@misc``)."""
    return entry_of(paper).text(key)


CHAPTER_KINDS = frozenset({"inproceedings", "conference", "incollection", "inbook", "inreference"})
# BibTeX entry types -> CSL item types (the inverse of sources/csl.py's KINDS)
CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
             "book": "book", "mvbook": "book", "incollection": "chapter", "inbook": "chapter",
             "techreport": "report", "report": "report", "phdthesis": "thesis", "mastersthesis": "thesis",
             "thesis": "thesis", "unpublished": "manuscript", "online": "webpage", "proceedings": "book",
             "software": "software", "inreference": "entry-encyclopedia"}
_CSL_FIELDS = {"volume": "volume", "number": "issue", "pages": "page", "publisher": "publisher",
               "address": "publisher-place", "series": "collection-title", "edition": "edition", "isbn": "ISBN",
               "issn": "ISSN", "eventtitle": "event-title", "chapter": "chapter-number"}


def _kind(paper: Paper) -> str:
    return paper.kind or ("article" if paper.venue else "misc")


def _venue_fields(paper: Paper) -> dict[str, str]:
    """journal / booktitle as the source gave them, else the venue under the name its type uses."""
    biblio = dict(paper.biblio)
    given: dict[str, str] = {name: biblio[name] for name in ("journal", "booktitle") if name in biblio}
    if not given and paper.venue:
        given["booktitle" if _kind(paper) in CHAPTER_KINDS else "journal"] = paper.venue
    return given


def entry_of(paper: Paper, abstract: bool = True) -> Entry:
    """A paper's entry; ``abstract=False``: without its abstract (the entry a page offers to cite)."""
    ids = _ids(paper)
    biblio = dict(paper.biblio)
    fields: list[tuple[str, str]] = [("title", protect_title(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join([*(_name(a) for a in paper.authors),
                                               *(["others"] if paper.more_authors else [])])))
    if editor := biblio.get("editor"):
        fields.append(("editor", " and ".join(n if n == "others" else _name(n) for n in editor.split(" and "))))
    if paper.date:
        fields.append(("year", str(paper.date.year)))
        if paper.date_precision != "year":
            fields.append(("month", MONTHS[paper.date.month - 1]))  # the standard macro, unbraced
        fields.append(("date", iso(paper.date, paper.date_precision)))  # biblatex; as precise as known
    for name, value in _venue_fields(paper).items():
        fields.append((name, latex_escape(value)))
    for name, value in paper.biblio:
        if name not in ("journal", "booktitle", "editor"):
            fields.append((name, latex_escape(value).replace("–", "--") if name == "pages" else latex_escape(value)))
    if "doi" in ids:
        fields.append(("doi", _url_field(ids["doi"])))
    if "arxiv" in ids:
        fields += [("eprint", _url_field(ids["arxiv"])), ("archiveprefix", "arXiv")]
    if url := _main_url(paper):
        fields.append(("url", _url_field(url)))
    code = [u for u in paper.code_urls if u != url]
    if code:
        fields.append(("note", "Code: " + ", ".join(r"\url{" + _url_in_text(u) + "}" for u in code)))
    if paper.keywords:
        fields.append(("keywords", latex_escape(", ".join(paper.keywords))))
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                      for name, value in fields)
    return Entry(paper.slug, bibtex_key(paper), _kind(paper), body, abstract_field(paper.abstract) if abstract else "")


def abstract_field(abstract: str) -> str:
    """An entry's abstract field: the abstract as the page shows it."""
    return f"  abstract = {{{latex_escape(plain_abstract(abstract))}}}" if abstract else ""


_ONE_NAME = re.compile(r"\band\b|,", re.IGNORECASE)


def _name(name: str) -> str:
    escaped = latex_escape(name)
    # A name with " and " or a comma in it is one name, not two or "Last, First".
    return "{" + escaped + "}" if _ONE_NAME.search(name) else escaped


def _url_in_text(url: str) -> str:
    return _url_field(url).replace("%", r"\%").replace("#", r"\#")


def bibtex_of(papers: Iterable[Paper]) -> str:
    """A whole ``.bib`` file, entries in the given order, keys unique."""
    return bibtex_file([entry_of(p) for p in papers])


def bibtex_file(entries: Sequence[Entry], keys: Mapping[str, str] | None = None) -> str:
    """A whole ``.bib`` file of entries made by :func:`entry_of`, in the given order.

    Keys are made unique within the file, as :func:`bibtex_of` makes them, unless ``keys``
    (slug -> key, e.g. the site-wide :func:`unique_keys`) says which to use."""
    if keys is None:
        keys = unique_citekeys((e.slug, e.key) for e in entries)
    return "\n".join(e.text(keys[e.slug]) for e in entries)


def csl_json(papers: Iterable[Paper]) -> list[dict[str, Any]]:
    """CSL-JSON items (for Pandoc, citeproc, Zotero), ids equal to the BibTeX keys: what
    citing needs, without the abstract. The site's one export with abstracts is papers.bib
    (which Zotero imports too); a second copy of them here was a twentieth of a large site."""
    papers = list(papers)
    keys = unique_keys(papers)
    return [csl_item(paper, keys[paper.slug]) for paper in papers]


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One paper's CSL-JSON item, filed under ``key`` (see :func:`csl_json`)."""
    ids = _ids(paper)
    item: dict[str, Any] = {
        "id": key,
        "type": CSL_TYPES.get(_kind(paper), "article"),
        "title": paper.title,
    }
    biblio = dict(paper.biblio)
    if paper.authors:
        item["author"] = [_csl_name(a) for a in paper.authors]
    if editor := biblio.get("editor"):
        item["editor"] = [_csl_name(n) for n in editor.split(" and ") if n != "others"]
    if paper.date:
        parts = [paper.date.year, paper.date.month, paper.date.day]
        item["issued"] = {"date-parts": [parts[:{"year": 1, "month": 2}.get(paper.date_precision, 3)]]}
    if venue := next(iter(_venue_fields(paper).values()), ""):
        item["container-title"] = venue
    for name, variable in _CSL_FIELDS.items():
        if name in biblio:
            item[variable] = biblio[name]
    if paper.keywords:
        item["keyword"] = ", ".join(paper.keywords)
    if "doi" in ids:
        item["DOI"] = ids["doi"]
    if "arxiv" in ids:
        item["number"] = f"arXiv:{ids['arxiv']}"
        item.setdefault("publisher", "arXiv")
    if url := _main_url(paper):
        item["URL"] = url
    if code := [u for u in paper.code_urls if u != url]:
        item["note"] = "Code: " + ", ".join(code)
    return item


def _csl_name(name: str) -> dict[str, str]:
    """``First Last`` (``, Jr`` after it, as the BibTeX reader writes) -> CSL name parts."""
    main, _, suffix = (part.strip() for part in name.partition(","))
    given, _, family = main.rpartition(" ")
    if not given:
        return {"literal": name}
    return {"family": family, "given": given, **({"suffix": suffix} if suffix else {})}
