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
from itertools import compress
from operator import is_not
from pathlib import Path
from typing import Any, TypeVar

import orjson

from site_src.cache.codec import CacheFormatError, decode, encode, to_json
from site_src.errors import Report
from site_src.files import open_atomic, write_atomic

FORMAT = 5  # bump when what is stored changes shape
_T = TypeVar("_T")
_ABSENT = object()  # a key the last build did not have: unlike any item


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

    def encoded(self) -> bytes:
        """As written to disk: what was read, or the value encoded now (not kept: it would double the memo)."""
        if self._raw is not None:
            return orjson.dumps(self._raw, option=orjson.OPT_NON_STR_KEYS)
        return to_json(self._value)


@dataclass
class _Step:
    """One per-paper step of a build (:meth:`Memo.each`): its keys, the columns of its args, its
    results; by position, the problems it reported and the memo entries it called, where any."""

    keys: list[str]
    columns: tuple[list[Any], ...]
    out: list[Any]
    reports: dict[int, Report]
    calls: dict[int, tuple[tuple[str, str], ...]]
    uses: dict[str, dict[str, int]]  # per stage called, per key: how many items called it

    def count(self, calls: tuple[tuple[str, str], ...], by: int) -> None:
        for stage, key in calls:
            keys = self.uses.setdefault(stage, {})
            keys[key] = keys.get(key, 0) + by
            if not keys[key]:
                del keys[key]


@dataclass
class Memo:
    """What earlier builds computed, by stage and key; plus the last site's record."""

    entries: dict[str, dict[str, Entry]] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)  # see pipeline: outputs, their reads, what they saw
    transient: dict[str, dict[str, Entry]] = field(default_factory=dict)  # values that are not data
    _used: dict[str, set[str]] = field(default_factory=dict)
    # per stage of :meth:`each` and :meth:`over`: what the last build gave it and got back
    _each: dict[str, _Step] = field(default_factory=dict)
    _each_used: dict[str, _Step] = field(default_factory=dict)
    _over: dict[str, tuple[Any, Any, Report]] = field(default_factory=dict)
    _over_used: dict[str, tuple[Any, Any, Report]] = field(default_factory=dict)
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

    def each(self, stage: str, keys: list[str], columns: tuple[list[Any], ...],
             compute: Callable[..., _T], report: Report) -> list[_T]:
        """``compute(*args, report)`` for each key, its args the key's item of each column; in memory only.

        For a per-paper step: when a key's args are the same as the last build's (the
        very objects, or equal ones), its last result is handed back, with its problems
        replayed; so an edit costs the papers it touched, and later steps keep seeing
        the same objects for the rest. With the keys of the last build in the same order
        (an edit), the items to look at are found by comparing each column with the last
        one object by object, without a loop in Python over every key. Keys are unique
        within one call (slugs)."""
        if not self.in_memory:
            return [compute(*args, report) for args in zip(*columns)]
        last = self._each.get(stage)
        copied = last is not None and last.keys == keys and len(last.columns) == len(columns)
        if last is not None and copied:  # the same items: the last build's step, for the items to differ in
            step = _Step(keys, columns, list(last.out), dict(last.reports), dict(last.calls),
                         {stage: dict(counts) for stage, counts in last.uses.items()})
            todo: Iterable[tuple[int, int | None]] = ((i, i) for i in sorted(set().union(*(
                compress(range(len(keys)), map(is_not, old, new)) for old, new in zip(last.columns, columns)))))
        else:
            step, todo = self._realigned(last, keys, columns)
        outer = self._calls
        sub = Report()
        for i, j in todo:
            args = tuple(column[i] for column in columns)
            if last is not None and j is not None and tuple(column[j] for column in last.columns) == args:
                if not copied:  # equal args: the last result, its problems and its calls
                    step.out[i] = last.out[j]
                    if j in last.reports:
                        step.reports[i] = last.reports[j]
                    if j in last.calls:
                        step.calls[i] = last.calls[j]
                        step.count(last.calls[j], 1)
                continue
            self._calls = []  # the memo entries it uses, marked used again whenever it is reused
            step.out[i] = compute(*args, sub)
            step.reports.pop(i, None)
            step.count(step.calls.pop(i, ()), -1)
            if self._calls:
                step.calls[i] = tuple(self._calls)
                step.count(step.calls[i], 1)
            if sub.problems or sub.counts or sub.notes:
                step.reports[i], sub = sub, Report()
        self._calls = outer
        for i in sorted(step.reports):
            report.merge(step.reports[i])
        for called, counts in step.uses.items():
            self._used.setdefault(called, set()).update(counts)
        self._each_used[stage] = step
        return step.out

    @staticmethod
    def _realigned(last: _Step | None, keys: list[str], columns: tuple[list[Any], ...]
                   ) -> tuple[_Step, list[tuple[int, int | None]]]:
        """A step for keys added, removed or moved since the last build, and the items to look at:
        each key's position, and its position in the last build (None: new). An item whose args
        are the very objects the last build had is carried over with its result, problems and
        calls, found without a loop in Python over every key (an addition at 10,000 papers)."""
        if last is None or len(last.columns) != len(columns):
            return _Step(keys, columns, [None] * len(keys), {}, {}, {}), [(i, None) for i in range(len(keys))]
        where = {k: j for j, k in enumerate(last.keys)}
        at = list(map(where.get, keys))
        todo = {i for i, j in enumerate(at) if j is None}
        for old, new in zip(last.columns, columns, strict=True):
            aligned = [_ABSENT if j is None else old[j] for j in at]
            todo.update(compress(range(len(keys)), map(is_not, aligned, new)))
        step = _Step(keys, columns, [None if j is None else last.out[j] for j in at], {}, {},
                     {stage: dict(counts) for stage, counts in last.uses.items()})
        carried = {j: i for i, j in enumerate(at) if j is not None and i not in todo}
        for j, report in last.reports.items():
            if j in carried:
                step.reports[carried[j]] = report
        for j, calls in last.calls.items():
            if j in carried:
                step.calls[carried[j]] = calls
            else:  # gone, or looked at again below (which counts what it calls)
                step.count(calls, -1)
        return step, [(i, at[i]) for i in sorted(todo)]

    def over(self, stage: str, inputs: tuple[Any, ...], compute: Callable[[Report], _T], report: Report) -> _T:
        """``compute(report)`` again only when ``inputs`` differ from the last build's; in memory only.

        For a step across all papers whose ``inputs`` are lists of per-paper parts made by
        :meth:`each`: an edit that leaves those parts equal costs one list comparison."""
        if not self.in_memory:
            return compute(report)
        hit = self._over.get(stage)
        if hit is None or hit[0] != inputs:
            sub = Report()
            hit = (inputs, compute(sub), sub)
        else:
            hit = (inputs, hit[1], hit[2])
        self._over_used[stage] = hit
        report.merge(hit[2])
        return hit[1]

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
            for key in entries.keys() - self._used.get(stage, set()):
                del entries[key]
        self._used = {}
        self._each, self._each_used = self._each_used, {}
        self._over, self._over_used = self._over_used, {}

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
                    f.write((b"," if j else b"") + dumps(key) + b":[" + e.encoded() + b","
                            + dumps([encode(e.problems), e.counts, e.notes])[1:])  # "p,c,n]": the entry's rest and its end
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
