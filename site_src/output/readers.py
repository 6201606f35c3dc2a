"""The last build's record turned around: per paper and per named part, the outputs that read it.

The record (see :mod:`site_src.output.publish`) says, per output, which papers' fields
(a mask per paper) and which named parts of the survey it read. Asking every output
whether it read something that changed costs a pass over all of them; this index,
made once from a record and kept beside it in memory (the dev server), answers with
the outputs of the changed papers and parts only.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Readers:
    """Who read what, for the outputs of one record: ``entry[at]`` is an output's masks, ``entry[at + 1]`` its keys."""

    def __init__(self, outputs: dict[str, list[Any]], at: int) -> None:
        self.at = at
        self.of = outputs  # the record it was made from, as the next build passes it back
        self.papers: dict[str, set[str]] = {}
        self.keys: dict[str, set[str]] = {}
        self.restamped: set[str] = set()  # the caller's: outputs to look at again whatever changed
        for name, entry in outputs.items():
            self._add(name, entry)

    def _add(self, name: str, entry: list[Any]) -> None:
        papers, keys = self.papers, self.keys
        for slug in entry[self.at]:
            readers = papers.get(slug)
            if readers is None:
                papers[slug] = {name}
            else:
                readers.add(name)
        for key in entry[self.at + 1]:
            readers = keys.get(key)
            if readers is None:
                keys[key] = {name}
            else:
                readers.add(name)

    def _drop(self, name: str, entry: list[Any]) -> None:
        for slug in entry[self.at]:
            self.papers[slug].discard(name)
        for key in entry[self.at + 1]:
            self.keys[key].discard(name)

    def touched(self, papers: dict[str, int], keys: Iterable[str]) -> set[str]:
        """The outputs that read a changed field of a paper (``papers``: slug -> mask of changed fields) or a changed part."""
        out: set[str] = set()
        at = self.at
        for slug, mask in papers.items():
            for name in self.papers.get(slug, ()):
                if self.of[name][at].get(slug, 0) & mask:
                    out.add(name)
        for key in keys:
            out |= self.keys.get(key, set())
        return out

    def moved_to(self, outputs: dict[str, list[Any]], names: Iterable[str]) -> Readers:
        """This index for ``outputs``: the last record with only ``names`` changed (re-made, added or gone)."""
        for name in names:
            before, now = self.of.get(name), outputs.get(name)
            if before is now:
                continue
            if before is not None:
                self._drop(name, before)
            if now is not None:
                self._add(name, now)
        self.of = outputs
        return self
