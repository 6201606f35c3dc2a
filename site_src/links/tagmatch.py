"""Tag rules applied to text: every phrase of every tag found in one scan of a text.

Every text is first normalised, keeping offsets: lower case, and every character that
is not a letter, digit or "_" turned into a space, with one space added at each end.
A phrase is then its words with " *" between them, and every phrase of every tag is
one trie in one regular expression that starts with a literal space, which the regex
engine finds fast. An acronym is matched in the same scan and then checked against
the original text's case. ``taxonomy.yaml``'s header documents the rules for users.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Rules:
    """When a tag applies; see the header of ``taxonomy.yaml``."""

    words: tuple[str, ...] = ()  # phrases, any case
    title_words: tuple[str, ...] = ()  # phrases that count only in the title
    acronyms: tuple[str, ...] = ()  # exact case
    patterns: tuple[str, ...] = ()  # Python regular expressions, any case
    exclude: tuple[str, ...] = ()  # phrases whose text never counts as a hit
    min_hits: int = 1  # hits needed in the abstract when the title has none

    @property
    def empty(self) -> bool:
        return not (self.words or self.title_words or self.acronyms or self.patterns)


@dataclass(frozen=True, slots=True)
class Tag:
    id: str
    name: str
    description: str
    facet: str
    rules: Rules = Rules()



_NON_WORD = re.compile(r"\W")
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + b" " * 128
_PLURAL = "(?:e?s)?"
WORDS, TITLE, ACRONYM, EXCLUDE = range(4)  # kinds of phrase


def tokens(phrase: str) -> list[str]:
    return _NON_WORD.sub(" ", phrase).split()


# A word made of one of these and another word is written three ways (autoencoder,
# auto-encoder, auto encoder; multimodal, multi-modal): the rule's one spelling matches all.
_PREFIXES = re.compile(r"(auto|pre|post|multi|self|semi|non|cross|zero|few|fine|inter|intra|over|under|hyper|"
                       r"meta|micro|macro|ultra)([a-z]{4,})")


def spelling_tokens(words: list[str]) -> list[str]:
    """Lower-case phrase tokens with a joined prefix split off (``autoencoder`` -> ``auto encoder``),
    which the matcher's any-gap-or-none rule turns back into all three spellings."""
    out: list[str] = []
    for w in words:
        m = _PREFIXES.fullmatch(w)
        out += [m.group(1), m.group(2)] if m else [w]
    return out


def _trie_regex(phrases: Iterable[list[str]]) -> str:
    trie: dict[str, Any] = {}
    for tokens in phrases:
        node = trie
        for ti, token in enumerate(tokens):
            if ti:
                node = node.setdefault(" *", {})
            for char in token:
                node = node.setdefault(char, {})
        node[""] = {}
    return _node_regex(trie)


def _node_regex(node: dict[str, Any]) -> str:
    branches = [(a if a == " *" else re.escape(a)) + _node_regex(child) for a, child in node.items() if a]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # a phrase ends here: try longer ones first


_Hit = tuple[int, int, int, int]  # start, end (in the normalised text: one more than in the original), tag, kind


class _Phrases:
    """Finds every phrase of every tag in a text in one scan, overlapping ones included."""

    def __init__(self, phrases: list[tuple[str, int, int]]) -> None:  # (phrase, tag, kind)
        payload: dict[str, list[tuple[int, int, str]]] = {}  # key -> (tag, kind, exact case)
        tokens_of: dict[str, list[str]] = {}
        for phrase, tag, kind in phrases:
            words = tokens(phrase)
            low = [w.lower() for w in words]
            if kind != ACRONYM:
                low = spelling_tokens(low)
            key = "".join(low)
            tokens_of.setdefault(key, low)
            payload.setdefault(key, []).append((tag, kind, "".join(words) if kind == ACRONYM else ""))
        self.for_str = _table(tokens_of, payload, as_bytes=False)
        ascii_only = {k: t for k, t in tokens_of.items() if k.isascii()}  # all an ASCII text can hold
        self.for_bytes = _table(ascii_only, payload, as_bytes=True)

    def find(self, text: str) -> list[_Hit]:
        norm: Any
        space: Any
        nothing: Any
        if text.isascii():
            norm = b" " + text.lower().encode("ascii").translate(_ASCII_WORDS) + b" "
            (scanner, entries), space, nothing = self.for_bytes, b" ", b""
        else:
            norm = " " + _NON_WORD.sub(" ", _lower(text)) + " "
            (scanner, entries), space, nothing = self.for_str, " ", ""
        hits: list[_Hit] = []
        for m in scanner.finditer(norm):
            start, end = m.span(1)
            own, shorter = entries[m.group(1).replace(space, nothing)]
            found = [(own, end)]
            for single, theirs in shorter:
                sm = single.match(norm, start)
                if sm:
                    found.append((theirs, sm.end(1)))
            for tags, e in found:
                for tag, kind, exact in tags:
                    if kind != ACRONYM or _NON_WORD.sub("", text[start - 1:e - 1]) == exact:
                        hits.append((start, e, tag, kind))
        return hits


_Payload = tuple[tuple[int, int, str], ...]


def _table(tokens_of: dict[str, list[str]], payload: dict[str, list[tuple[int, int, str]]],
           as_bytes: bool) -> tuple[re.Pattern[Any], dict[Any, tuple[_Payload, list[tuple[re.Pattern[Any], _Payload]]]]]:
    """The scanner, and for each phrase key: its payload, and the shorter phrases it starts with."""
    def compiled(pattern: str) -> re.Pattern[Any]:
        return re.compile(pattern.encode("ascii") if as_bytes else pattern)

    body = _trie_regex(list(tokens_of.values())) if tokens_of else "(?!)"
    scanner = compiled(" (?=(" + body + ")" + _PLURAL + " )")
    order = {k: i for i, k in enumerate(tokens_of)}
    shorter = {k: sorted((k[:n] for n in range(len(k)) if k[:n] in order), key=order.__getitem__)
               for k in tokens_of}  # the keys each key starts with, in the keys' order
    single = {s: compiled("(" + _trie_regex([tokens_of[s]]) + ")" + _PLURAL + " ")
              for s in {s for found in shorter.values() for s in found}}
    entries = {(k.encode("ascii") if as_bytes else k):
               (tuple(payload[k]), [(single[s], tuple(payload[s])) for s in shorter[k]]) for k in tokens_of}
    return scanner, entries


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)  # keep offsets


class Matcher:
    def __init__(self, tags: list[Tag]) -> None:
        self.tags = tags
        phrases = []
        self.patterns: list[tuple[re.Pattern[str], int]] = []
        for i, tag in enumerate(tags):
            r = tag.rules
            for kind, items in ((WORDS, r.words), (TITLE, r.title_words), (ACRONYM, r.acronyms),
                                (EXCLUDE, r.exclude)):
                phrases += [(p, i, kind) for p in items]
            self.patterns += [(re.compile(p), i) for p in r.patterns]
        self.in_title = _Phrases(phrases)
        self.in_abstract = _Phrases([p for p in phrases if p[2] != TITLE])

    def spans(self, text: str, title: bool = False) -> dict[int, list[tuple[int, int]]]:
        """``{tag index: [(start, end) of each hit]}`` in one text."""
        found: dict[int, list[tuple[int, int]]] = {}
        masked: dict[int, list[tuple[int, int]]] = {}
        for start, end, tag, kind in (self.in_title if title else self.in_abstract).find(text):
            (masked if kind == EXCLUDE else found).setdefault(tag, []).append((start - 1, end - 1))
        if self.patterns:
            low = _lower(text)
            for regex, i in self.patterns:
                found.setdefault(i, []).extend(m.span() for m in regex.finditer(low) if m.end() > m.start())
        out: dict[int, list[tuple[int, int]]] = {}
        for tag, spans in found.items():
            if len(spans) > 1:
                spans.sort(key=lambda span: (span[0], -span[1]))
            cut = masked.get(tag, ())
            kept: list[tuple[int, int]] = []
            for start, end in spans:
                if kept and start < kept[-1][1]:  # inside a longer hit: one place, one hit
                    continue
                if not any(s < end and start < e for s, e in cut):
                    kept.append((start, end))
            if kept:
                out[tag] = kept
        return out

    def hits(self, text: str, title: bool = False) -> dict[int, int]:
        return {i: len(found) for i, found in self.spans(text, title).items()}

    def assign(self, title: str, abstract: str) -> tuple[str, ...]:
        in_title = self.hits(title, title=True)
        in_abstract = self.hits(abstract)
        return tuple(tag.id for i, tag in enumerate(self.tags)
                     if i in in_title or in_abstract.get(i, 0) >= tag.rules.min_hits)
