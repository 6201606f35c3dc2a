"""Memoisation at the stage boundaries, owned by the caller.

A :class:`Memo` maps (stage, key) to what a stage computed for that key, with the
problems, counts and notes it reported, which are replayed on a hit. The key is made
by the caller from digests of the stage's inputs, so a stale entry is never found;
the stage itself is a plain function and never sees the memo. The CLI loads a memo
from ``.cache/`` and saves it after the build; the dev server keeps one in memory.
A memo that cannot be read is ignored with a note: the build is then simply cold.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import orjson

from site_src.cache.codec import CacheFormatError, decode, encode
from site_src.errors import Report
from site_src.files import open_atomic, write_atomic

FORMAT = 5  # bump when what is stored changes shape
_T = TypeVar("_T")


def digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class Entry:
    """One memoised result, kept as read from disk until it is used (and written back as it was)."""

    __slots__ = ("_value", "_raw", "problems", "counts", "notes")

    def __init__(self, value: Any, problems: list[Any], counts: dict[str, int], notes: list[str],
                 raw: Any = None) -> None:
        self._value, self._raw = value, raw
        self.problems, self.counts, self.notes = problems, counts, notes

    @property
    def value(self) -> Any:
        if self._raw is not None and self._value is None:
            self._value = decode(self._raw)
        return self._value

    def encoded(self) -> Any:
        """As written to disk: the bytes as read, or the value encoded now (not kept: it would double the memo)."""
        return self._raw if self._raw is not None else encode(self._value)


@dataclass
class Memo:
    """What earlier builds computed, by stage and key; plus the last site's record."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)  # see pipeline: outputs, their reads, what they saw
    transient: dict[str, dict[str, Entry]] = field(default_factory=dict)  # values that are not data
    _used: dict[str, set[str]] = field(default_factory=dict)
    # per stage of :meth:`each`, per key: [args, value, its Report or None, the (stage, key)s it called]
    _each: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _each_used: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _calls: list[tuple[str, str]] | None = None  # while :meth:`each` computes: the (stage, key)s it called
    _kept: dict[str, Any] = field(default_factory=dict)  # see :meth:`keep`
    code: str = ""  # a digest of the generator that computed the entries (see load_memo)
    in_memory: bool = True  # False: a one-shot build (the command line), whose each/over tables nobody reuses
    hits: int = 0
    misses: int = 0

    def call(self, stage: str, key: str, compute: Callable[[Report], _T], report: Report, *,
             persist: bool = True) -> _T:
        """``compute(report)`` once per key; later calls replay its result and its problems.

        ``persist=False``: kept in memory only (the dev server's next build), never written."""
        entries = self.entries.setdefault(stage, {}) if persist else self.transient.setdefault(stage, {})
        self._used.setdefault(stage, set()).add(key)
        if self._calls is not None:
            self._calls.append((stage, key))
        hit = entries.get(key)
        if hit is not None:
            try:
                hit.value  # noqa: B018 - decoded on first use: a damaged entry is a miss
            except (CacheFormatError, ValueError, TypeError, KeyError, AttributeError):
                report.notes.append(f"build cache: a damaged '{stage}' entry was ignored")
                hit = None
        if hit is None:
            self.misses += 1
            sub = Report()
            value = compute(sub)
            hit = entries[key] = Entry(value, sub.problems, sub.counts, sub.notes)
        else:
            self.hits += 1
        report.replay(hit.problems, hit.counts, hit.notes)
        return hit.value  # type: ignore[no-any-return]

    def has(self, stage: str, key: str) -> bool:
        return key in self.entries.get(stage, {})

    def put(self, stage: str, key: str, value: Any) -> None:
        """What ``compute`` would give for ``key``, known without computing it (no problems)."""
        self.entries.setdefault(stage, {})[key] = Entry(value, [], {}, [])
        self._used.setdefault(stage, set()).add(key)

    def each(self, stage: str, items: Iterable[tuple[str, tuple[Any, ...]]],
             compute: Callable[..., _T], report: Report) -> list[_T]:
        """``compute(*args, report)`` for each ``(key, args)``, in memory only.

        For a per-paper step: when a key's args are the same as the last build's (the
        very objects, or equal ones), its last result is handed back, with its problems
        replayed; so an edit costs the papers it touched, and later steps keep seeing
        the same objects for the rest. Keys are unique within one call (slugs)."""
        if not self.in_memory:
            return [compute(*args, report) for _, args in items]
        last = self._each.get(stage, {})
        table: dict[str, list[Any]] = {}
        out: list[_T] = []
        outer = self._calls
        sub = Report()
        for key, args in items:
            hit = last.get(key)
            if hit is None or hit[0] != args:  # a tuple compares its items by identity first
                self._calls = []  # the memo entries it uses, marked used again whenever it is reused
                hit = [args, compute(*args, sub), None, tuple(self._calls)]
                if sub.problems or sub.counts or sub.notes:
                    hit[2], sub = sub, Report()
            else:
                for stage_key in hit[3]:
                    self._used.setdefault(stage_key[0], set()).add(stage_key[1])
                hit[0] = args  # hold the new inputs: the next build compares with these
            table[key] = hit
            if hit[2] is not None:
                report.merge(hit[2])
            out.append(hit[1])
        self._calls = outer
        self._each_used[stage] = table
        return out

    def over(self, stage: str, inputs: tuple[Any, ...], compute: Callable[[Report], _T], report: Report) -> _T:
        """``compute(report)`` again only when ``inputs`` differ from the last build's; in memory only.

        For a step across all papers whose ``inputs`` are lists of per-paper parts made by
        :meth:`each`: an edit that leaves those parts equal costs one list comparison."""
        if not self.in_memory:
            return compute(report)
        hit = self._each.get(stage, {}).get("")
        if hit is None or hit[0] != inputs:
            sub = Report()
            hit = [inputs, compute(sub), sub, ()]
        else:
            hit[0] = inputs
        self._each_used[stage] = {"": hit}
        report.merge(hit[2])
        return hit[1]  # type: ignore[no-any-return]

    def keep(self, stage: str, value: Any) -> None:
        """Hold ``value`` for the next build of this process (:meth:`kept`); in memory only."""
        if self.in_memory:
            self._kept[stage] = value

    def kept(self, stage: str) -> Any:
        """What the last build of this process kept for ``stage``; None on the first, or from the command line."""
        return self._kept.get(stage)

    def forget_unused(self) -> None:
        """Drop the entries this build did not ask for (a removed file, an edited abstract)."""
        for stage, entries in [*self.entries.items(), *self.transient.items()]:
            used = self._used.get(stage, set())
            for key in [k for k in entries if k not in used]:
                del entries[key]
        self._used = {}
        self._each, self._each_used = self._each_used, {}

    # ------------------------------------------------------------------ on disk
    def save(self, folder: Path) -> None:
        """The memo as one JSON file, written an entry at a time (at 50,000 papers the whole
        encoded memo held at once, then its text, was the build's peak of memory)."""
        folder.mkdir(parents=True, exist_ok=True)
        dumps = partial(orjson.dumps, option=orjson.OPT_NON_STR_KEYS)
        with open_atomic(memo_file(folder)) as f:
            f.write(b'{"format":' + dumps(FORMAT) + b',"code":' + dumps(self.code) + b',"site":' + dumps(self.site)
                    + b',"entries":{')
            for i, (stage, entries) in enumerate(self.entries.items()):
                f.write((b"," if i else b"") + dumps(stage) + b":{")
                for j, (key, e) in enumerate(entries.items()):
                    f.write((b"," if j else b"") + dumps(key) + b":"
                            + dumps([e.encoded(), encode(e.problems), e.counts, e.notes]))
                f.write(b"}")
            f.write(b"}}")


def memo_file(folder: Path) -> Path:
    return folder / f"build-v{FORMAT}.json"


def load_memo(folder: Path, report: Report, code: str = "") -> Memo:
    """The memo saved in ``folder``; an empty one when there is none or it cannot be read.

    ``code``: a digest of the generator's code. Entries are keyed by their inputs only, so
    ones another version of the code computed (tags, cross-links) are not reused."""
    path = memo_file(folder)
    try:
        raw = orjson.loads(path.read_bytes())
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise CacheFormatError("another version")
        if raw.get("code", "") != code:
            report.notes.append("build cache: written by another version of the generator; building from scratch")
            return Memo(code=code)
        entries = {stage: {key: Entry(None, list(decode(p)), dict(c), list(n), raw=v) for key, (v, p, c, n) in es.items()}
                   for stage, es in raw["entries"].items()}
        site = raw["site"]
        if not isinstance(site, dict):
            raise CacheFormatError("no site record")
        return Memo(entries=entries, site=site, code=code)
    except FileNotFoundError:
        return Memo(code=code)
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        report.notes.append(f"{path}: the build cache could not be read ({type(exc).__name__}); building from scratch")
        return Memo(code=code)


def _write_json(target: Path, data: Any) -> None:
    write_atomic(target, orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS))


def load_json(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


write_json = _write_json
