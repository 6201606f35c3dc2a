"""What the search indexes of a text beyond lunr's own terms: compound names found from their parts.

lunr.js only splits on spaces and hyphens, so "RSMamba" is one term and "Grad-CAM" two; a reader
who types "mamba" or "gradcam" finds neither. At index time each token also yields its parts
(CamelCase and letter-digit boundaries: RSMamba -> rs, mamba; ResNet50 -> res, net, 50) and a
hyphenated word its joined form (Grad-CAM -> gradcam), each at the position of the token it came
from, so phrases still line up. The query side needs nothing new: the parts are ordinary terms.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

_WHITESPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
_EDGES = re.compile(r"^\W+|\W+$", re.ASCII)
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_JOINABLE = re.compile(r"[\w.]+")


class _LunrJsStemmer(PorterStemmer):  # type: ignore[misc]
    """lunr.py's Porter stemmer with step 1c as lunr.js has it (``/^(.+?[^aeiou])y$/`` -> i)."""

    b: str
    k: int
    k0: int

    def step1c(self) -> None:
        if self.b[self.k] == "y" and self.k - self.k0 >= 2 and self.b[self.k - 1] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1:]


_STEMMER = _LunrJsStemmer()


def index_term(token: str) -> str:
    """One lowercased token -> the term lunr.js indexes (``""`` for a stop word or punctuation)."""
    token = _EDGES.sub("", token)
    if not token or token in STOP_WORDS:
        return ""
    return stem(token)


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    return str(_STEMMER.stem(word))


def compound_parts(token: str) -> list[str]:
    """The parts of one token written as a compound (``RSMamba`` -> ``["RS", "Mamba"]``), or ``[]``."""
    parts = _PARTS.findall(token)
    return parts if len(parts) > 1 and "".join(parts) == re.sub(r"[^A-Za-z0-9]", "", token) else []


def positioned_terms(text: str, stop_words: bool = True) -> tuple[list[str], dict[str, list[int]]]:
    """``(terms, positions)``: lunr's terms of ``text`` plus compound parts and joined hyphenated
    forms, and for each term the positions (lunr tokens, stop words counted) it occurs at.

    ``stop_words=False`` keeps stop words (an author called He)."""
    terms: list[str] = []
    positions: dict[str, list[int]] = {}
    position = 0
    append, get = terms.append, positions.get
    for word in _WHITESPACE.split(text):  # a million tokens at 10,000 papers: kept to plain operations
        found, width, alone = _word_terms(word, stop_words)
        if len(alone) == 1 and width == 1:  # most words: one term, where the word is
            term = alone[0]
            append(term)
            where = get(term)
            if where is None:
                positions[term] = [position]
            elif where[-1] != position:
                where.append(position)
            position += 1
            continue
        for offset, term in found:
            append(term)
            at = position + offset
            where = get(term)
            if where is None:
                positions[term] = [at]
            elif where[-1] != at:
                where.append(at)
        position += width
    return terms, positions


def text_terms(text: str, stop_words: bool = True) -> list[str]:
    """The terms of :func:`positioned_terms`, without their positions."""
    terms: list[str] = []
    for word in _WHITESPACE.split(text):
        terms += _word_terms(word, stop_words)[2]
    return terms


@lru_cache(maxsize=1 << 18)
def _word_terms(word: str, stop_words: bool) -> tuple[tuple[tuple[int, str], ...], int, tuple[str, ...]]:
    """One word's terms, each with its offset in lunr tokens, how many tokens it spans, and the
    terms alone: its pieces' terms and compound parts, then the joined form of a hyphenated
    word (a stop word gives none; a text repeats its words)."""
    pieces = [p for p in word.split("-") if p]
    found = [(offset, term) for offset, piece in enumerate(pieces) for term in _piece_terms(piece, stop_words)]
    if len(pieces) > 1:
        joined = _EDGES.sub("", "".join(pieces)).lower()
        if _JOINABLE.fullmatch(joined):
            found.append((0, _term(joined, stop_words)))
    kept = tuple((offset, term) for offset, term in found if term)
    return kept, len(pieces), tuple(term for _, term in kept)


@lru_cache(maxsize=1 << 18)
def _piece_terms(piece: str, stop_words: bool) -> tuple[str, ...]:
    """One piece's term, then its compound parts' (each may be ``""``): a text repeats its words."""
    trimmed = _EDGES.sub("", piece)
    lower = trimmed.lower()
    return (_term(lower, stop_words), *(_term(part.lower(), stop_words) for part in compound_parts(trimmed)
                                        if len(part) > 1 and part.lower() != lower))


def _term(token: str, stop_words: bool) -> str:
    if stop_words:
        return index_term(token)
    token = _EDGES.sub("", token)
    return stem(token) if token else ""


def repository_names(urls: tuple[str, ...]) -> str:
    """The names of a paper's code repositories (``github.com/KyanChen/RSMamba`` -> ``RSMamba``):
    often the paper's own short name, and sometimes the only place it is written."""
    names = []
    for url in urls:
        path = [p for p in urlsplit(url).path.split("/") if p]
        if len(path) >= 2:
            names.append(path[1].removesuffix(".git"))
    return " ".join(names)
