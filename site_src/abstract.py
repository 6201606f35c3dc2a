"""Abstract text as a reader expects it: LaTeX-isms resolved, specials kept literal.

An abstract is split into segments ``(kind, text)`` where kind is ``text``, ``strong``,
``em`` or ``url``. The same segments give the Markdown of a content page (escaped so
that ``256*256`` or ``d_{data}`` never turn into emphasis) and the HTML of a site page.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from markupsafe import escape

from site_src.urls import find_urls, is_safe_href

_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b"}
# (?<!\\): a doubled backslash is literal, so resolving twice gives what resolving once gave
_ACCENT_RE = re.compile(r"\{?(?<!\\)\\([`'^\"~=.])\s*\{?([A-Za-z])\}?\}?|\{?(?<!\\)\\([cvuH])\{([A-Za-z])\}\}?")
_WORDS = {"ie": "i.e.", "eg": "e.g.", "etal": "et al.", "vs": "vs.", "wrt": "w.r.t.", "cf": "cf.",
          "etc": "etc.", "ldots": "…", "dots": "…", "textasciitilde": "~", "LaTeX": "LaTeX",
          "TeX": "TeX", "times": "×", "pm": "±", "approx": "≈", "sim": "~", "leq": "≤", "geq": "≥"}
_STYLE_RE = re.compile(r"(?<!\\)\\(textbf|textit|emph|texttt|underline|mathrm|text)\{([^{}]*)\}")
_ACCENT_HINT = re.compile(r"\\[`'^\"~=.cvuH]")  # every accent starts so
_ESCAPED_CHAR = re.compile(r"(?<!\\)\\([%&#_$])")
_WORD_CMD = re.compile(r"(?<!\\)\\([A-Za-z]+)\b\s?")
_EM_DASH = re.compile(r"(?<=\s)---(?=\s)")
_EN_DASH = re.compile(r"(?<=\s)--(?=\s)")
_QUOTES = [(re.compile(r"``(.*?)(''|\")"), "\u201c\\1\u201d"), (re.compile(r"(?<![`\w])`([^`']*)'"), "\u2018\\1\u2019")]


def _accent(m: re.Match[str]) -> str:
    mark, letter = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return unicodedata.normalize("NFC", letter + _ACCENTS[mark])


def _plain_latex(text: str) -> str:
    """LaTeX-isms in running text -> Unicode, leaving math-like text (``d_{data}``) as is.

    Repeated until nothing changes (nested quotes), so that resolving the result again
    changes nothing: a content page's plain abstract reads back as it was written.
    """
    if "\\" not in text and "`" not in text and "--" not in text:
        return text  # nothing any pass could change (the common case)
    for _ in range(8):  # each pass removes backslashes, quotes or dashes, so this ends
        done = _resolve_once(text)
        if done == text:
            break
        text = done
    return text


def _resolve_once(text: str) -> str:
    # each step only where its pattern can match: the patterns are slow to scan for
    if "\\" in text:
        text = _ACCENT_RE.sub(_accent, text) if _ACCENT_HINT.search(text) else text
        text = _ESCAPED_CHAR.sub(r"\1", text)
    if "`" in text:
        for pattern, repl in _QUOTES:
            text = pattern.sub(repl, text)
    if "--" in text:
        text = _EM_DASH.sub("\u2014", text)
        text = _EN_DASH.sub("\u2013", text)
    if "\\" not in text:
        return text

    def word(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _WORDS:
            return _WORDS[name] + (" " if m.group(0).endswith(" ") else "")
        return m.group(0)[1:]  # an unknown macro: show its name, not the backslash

    return _WORD_CMD.sub(word, text)


Segment = tuple[str, str]


@lru_cache(maxsize=1 << 16)
def segments(abstract: str) -> tuple[Segment, ...]:
    """Split an abstract into styled segments; URLs are kept byte-exact as found.

    Cached: every page kind (paper, lists, feeds, search) asks for the same abstracts."""
    out: list[Segment] = []
    pos = 0
    for start, end, url in find_urls(abstract):
        if start < pos:  # inside a skipped \href residue
            continue
        out.extend(_styled(abstract[pos:start]))
        out.append(("url", url))
        pos = end
        # drop a LaTeX \href residue such as {https://...} right after the URL
        if abstract.startswith("{", pos):
            close = abstract.find("}", pos)
            if close != -1 and "://" in abstract[pos:close]:
                pos = close + 1
    out.extend(_styled(abstract[pos:]))
    return tuple(s for s in out if s[1])


def _styled(text: str) -> list[Segment]:
    if "\\" not in text:
        return [("text", _plain_latex(text))]  # no style macro (the pattern is slow to scan for)
    out: list[Segment] = []
    pos = 0
    for m in _STYLE_RE.finditer(text):
        out.append(("text", _plain_latex(text[pos:m.start()])))
        kind = {"textbf": "strong", "textit": "em", "emph": "em"}.get(m.group(1), "text")
        out.append((kind, _plain_latex(m.group(2))))
        pos = m.end()
    out.append(("text", _plain_latex(text[pos:])))
    return out


@lru_cache(maxsize=1 << 16)
def plain(abstract: str) -> str:
    """The abstract as plain text (for search, snippets and meta descriptions)."""
    return "".join(text for _, text in segments(abstract))


# Markdown: backslash-escape what Python-Markdown and GitHub both honour; use entities
# for the rest, so the page reads the same on GitHub and in the built site.
_MD_ESCAPES = {**{ch: "\\" + ch for ch in "\\`*_[]"},
               "<": "&lt;", ">": "&gt;", "$": "&#36;", "~": "&#126;", "|": "&#124;"}
_MD_TABLE = str.maketrans(_MD_ESCAPES)
_MD_AMP = re.compile(r"&(?=#?\w+;)")
_MD_BLOCK_START = re.compile(r"^([#+\-=]|\d+[.)])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def _md_escape(text: str) -> str:
    if "&" in text:
        text = _MD_AMP.sub("&amp;", text)
    escaped = text.translate(_MD_TABLE)  # one pass: no escape is re-escaped
    # a paragraph that starts like a heading, list or quote must not become one
    return _MD_BLOCK_START.sub(r"\\\1", escaped) if escaped[:1] in "#+-=0123456789" else escaped


def to_markdown(abstract: str) -> str:
    parts = []
    for kind, text in segments(abstract):
        if kind == "url":
            parts.append(f"<{text}>")
        elif kind == "strong":
            parts.append(f"**{_md_escape(text)}**")
        elif kind == "em":
            parts.append(f"*{_md_escape(text)}*")
        else:
            parts.append(_md_escape(text))
    md = "".join(parts)
    if md[:1].isdigit():  # "2019. A paper" would read as an ordered list
        md = _MD_ORDERED.sub(r"\1\\\2", md)
    return md


def to_html(abstract: str) -> str:
    parts = []
    for kind, text in segments(abstract):
        if kind == "url" and is_safe_href(text):
            parts.append(f'<a href="{escape(text)}" rel="nofollow noopener">{escape(text)}</a>')
        elif kind in ("strong", "em"):
            parts.append(f"<{kind}>{escape(text)}</{kind}>")
        else:
            parts.append(str(escape(text)))
    return "".join(parts)


@lru_cache(maxsize=1 << 16)
def first_sentence(abstract: str, limit: int = 200) -> str:
    text = plain(abstract)
    m = re.search(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z])", text)
    sentence = text[:m.start()] if m else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence
