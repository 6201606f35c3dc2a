"""The cyclic garbage collector during a build, and after one in a long-lived process.

A build allocates millions of objects, nearly all freed by reference counting; Python's
collector, run every 700 allocations, walked the survivors again and again: 4 s of a serial
10,000-paper build's 50. While a build runs it waits for 50,000 (a one-shot cold build at
10,000 papers: 31 CPU s against 36, peak memory +6 MB). A forked worker freezes what it
inherits, so its collections skip it (and do not copy those pages from its parent).

In a long-lived process (the dev server, the warm process) what a build keeps (the memo: hundreds of thousands of objects at 10,000 papers) lives until
the process stops, so it is frozen after each build: later collections skip it. During a build
the cyclic collector still ran every 700 allocations, and a full pass over the objects made
since the last freeze every few dozen: about 1.2 s of an 11 s one-paper addition at 10,000
papers (``gc.callbacks``, 8 full, 90 middle, 1,000 young passes). A build's garbage is freed by
reference counting; with the higher threshold a build rarely makes a full pass (about 0.2 s
of collections an addition).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BUILD_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def building() -> Iterator[None]:
    """One build: fewer collections while it runs; afterwards, the usual ones, and what lives on frozen."""
    before = gc.get_threshold()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.freeze()
