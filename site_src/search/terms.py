"""What the search indexes of a text beyond lunr's own terms: compound names found from their parts.

lunr.js only splits on spaces and hyphens, so "RSMamba" is one term and "Grad-CAM" two; a reader
who types "mamba" or "gradcam" finds neither. At index time each token also yields its parts
(CamelCase and letter-digit boundaries: RSMamba -> rs, mamba; ResNet50 -> res, net, 50) and a
hyphenated word its joined form (Grad-CAM -> gradcam), each at the position of the token it came
from, so phrases still line up. The query side needs nothing new: the parts are ordinary terms.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from urllib.parse import urlsplit

import numpy as np
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS

_WHITESPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+")
# Whitespace that str.split() splits on and lunr.js does not, or the reverse: rare, and where
# it is, the text is split as lunr.js splits it (str.split() is faster, and drops the empty words,
# which have no terms and no width).
_ODD_SPACE = re.compile("[\x1c-\x1f\x85\ufeff]")
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


@dataclass(frozen=True, slots=True)
class Counted:
    """One field of one text: each of its terms once, how often each occurs and, for a field
    with positions, where (as :func:`suffix` writes them). The order of the terms is not the text's."""

    terms: tuple[str, ...]
    counts: tuple[int, ...]
    positions: tuple[str, ...] = ()

    @property
    def length(self) -> int:
        """How many terms the text has, repeats counted (what BM25 calls its length)."""
        return sum(self.counts)


def counted_terms(text: str, stop_words: bool = True) -> Counted:
    """:func:`text_terms` of ``text``, counted."""
    found = Counter(text_terms(text, stop_words))
    return Counted(tuple(found), tuple(found.values()))


TEXTS_AT_ONCE = 2000


def counted_text(text: str) -> Counted:
    """One text's :func:`positioned_terms`, counted, with their positions (as :func:`counted_positions`)."""
    terms, positions = positioned_terms(text)
    found = Counter(terms)
    return Counted(tuple(found), tuple(found.values()), tuple(suffix(positions[t]) for t in found))


def counted_positions(texts: Sequence[str]) -> list[Counted]:
    """Each text's :func:`positioned_terms`, counted, with each term's positions as
    :func:`suffix` writes them (see :func:`found_terms`)."""
    names, found_counts, sizes, written_suffixes = found_terms(texts, positions=True)
    counts = found_counts.tolist()
    ends = np.cumsum(sizes).tolist()
    return [Counted(tuple(names[a:b]), tuple(counts[a:b]), tuple(written_suffixes[a:b]))
            for a, b in zip([0, *ends][:-1], ends, strict=True)]


def found_terms(texts: Sequence[str], stop_words: bool = True,
                positions: bool = False) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    """Each text's terms (:func:`text_terms`), each once, one text after another: ``(terms,
    counts, sizes, suffixes)``, ``sizes`` how many distinct terms each text has, ``suffixes``
    (with ``positions``) each one's positions as :func:`suffix` writes them, else ``[]``.
    For many texts at once, in array operations over all their words (a million at 10,000
    abstracts) rather than a step of Python per word; the order of a text's terms is not its own.
    A few thousand texts at a time: the arrays are several per word, and at 50,000 abstracts
    all at once they were hundreds of MB."""
    if len(texts) > TEXTS_AT_ONCE:
        parts = [found_terms(texts[i:i + TEXTS_AT_ONCE], stop_words, positions)
                 for i in range(0, len(texts), TEXTS_AT_ONCE)]
        return (list(chain.from_iterable(part[0] for part in parts)), np.concatenate([part[1] for part in parts]),
                np.concatenate([part[2] for part in parts]), list(chain.from_iterable(part[3] for part in parts)))
    words_of = [_WHITESPACE.split(text) if _ODD_SPACE.search(text) else text.split() for text in texts]
    flat = list(chain.from_iterable(words_of))
    distinct = list(dict.fromkeys(flat))
    word_no = dict(zip(distinct, range(len(distinct))))
    word = np.fromiter(map(word_no.__getitem__, flat), dtype=np.int64, count=len(flat))
    vocab: dict[str, int] = {}
    first: list[int] = []
    widths: list[int] = []
    found_term: list[int] = []
    found_offset: list[int] = []
    for w in distinct:  # each distinct word's terms, with their offsets in lunr tokens
        found, span, _ = _word_terms(w, stop_words)
        first.append(len(found_term))
        widths.append(span)
        for offset, t in found:
            found_offset.append(offset)
            found_term.append(vocab.setdefault(t, len(vocab)))
    first.append(len(found_term))
    starts = np.array(first, dtype=np.int64)
    many = np.diff(starts)[word]  # terms of each word of the texts
    width = np.array(widths, dtype=np.int64)[word]
    counts = np.array([len(w) for w in words_of], dtype=np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    ends = np.cumsum(width)
    position = ends - width - np.concatenate(([0], ends))[np.cumsum(counts) - counts][doc]  # of each word in its text
    token = np.repeat(np.arange(len(flat), dtype=np.int64), many)  # each term found, by its word
    entry = np.repeat(starts[:-1][word] - (np.cumsum(many) - many), many) + np.arange(len(token), dtype=np.int64)
    terms = max(len(vocab), 1)
    key = doc[token] * terms + np.array(found_term, dtype=np.int64)[entry]
    at = position[token] + np.array(found_offset, dtype=np.int64)[entry]
    order = np.argsort(key, kind="stable")  # by text and term, each term's finds in the order of the text
    key, at = key[order], at[order]
    new = np.ones(len(key), dtype=bool)
    new[1:] = key[1:] != key[:-1]
    group_starts = np.flatnonzero(new)
    names = np.array(list(vocab), dtype=object)[key[group_starts] % terms].tolist()
    found_counts = np.diff(np.append(group_starts, len(key))).astype(np.int32)
    sizes = np.bincount(key[group_starts] // terms, minlength=len(texts)).astype(np.int64)
    if not positions:
        return names, found_counts, sizes, []
    kept = new.copy()  # each position of a term once
    kept[1:] |= at[1:] != at[:-1]
    kept_at = at[kept]
    kept_starts = np.searchsorted((np.cumsum(new) - 1)[kept], np.arange(len(group_starts) + 1))
    first_at = kept_at[kept_starts[:-1]]
    alone = (np.diff(kept_starts) == 1) & (first_at < len(_AT))  # most: found once, early in the text
    suffixes = np.empty(len(group_starts), dtype=object)
    suffixes[alone] = _AT_ARRAY[first_at[alone]]
    several = np.flatnonzero(~alone)
    if len(several):
        written, bounds = _base36_of(kept_at).tolist(), kept_starts.tolist()
        intern = sys.intern
        suffixes[several] = [intern("@" + ".".join(written[bounds[g]:bounds[g + 1]])) for g in several.tolist()]
    return names, found_counts, sizes, suffixes.tolist()


def suffix(positions: list[int]) -> str:
    """One term's positions as its postings write them (``@`` and base-36 numbers, ``.``-joined).
    Interned: a million postings share a few thousand."""
    if len(positions) == 1 and positions[0] < len(_AT):
        return _AT[positions[0]]
    return sys.intern("@" + ".".join([_B36[p] if p < len(_B36) else base36(p) for p in positions]))


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, r = divmod(number, 36)
        out = digits[r] + out
        if not number:
            return out


_B36 = [base36(i) for i in range(4096)]
_AT = [sys.intern("@" + base36(i)) for i in range(1024)]  # a term found once, at one of the first positions
_AT_ARRAY = np.array(_AT, dtype=object)
_B36_ARRAY = np.array(_B36, dtype=object)


def _base36_of(numbers: np.ndarray) -> np.ndarray:
    if not len(numbers) or numbers.max() < len(_B36):
        written: np.ndarray = _B36_ARRAY[numbers]
        return written
    return np.array([base36(n) for n in numbers.tolist()], dtype=object)


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
