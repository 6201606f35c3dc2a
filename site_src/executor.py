"""Running work on both cores: an executor the caller chooses and passes in.

:class:`ForkExecutor` forks one child per extra share: the child inherits what the
parent built (the survey, the templates), does its share, sends back a JSON result
and exits. It dies with the build (``PR_SET_PDEATHSIG``): a killed build leaves no
worker behind. :class:`SerialExecutor` does everything in this process; the dev server
uses it, since forking beside other threads is unsafe.
"""
from __future__ import annotations

import ctypes
import gc
import os
import signal
import struct
import sys
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import orjson

_T = TypeVar("_T")
_PR_SET_PDEATHSIG = 1


class Executor(Protocol):
    workers: int

    def map(self, fn: Callable[[_T], Any], items: Sequence[_T], here: Callable[[], None] | None = None) -> list[Any]:
        """``fn`` of each item, in order. ``here``: work for this process while the items run
        (its effects stay in this process; without it an executor may run an item here)."""


class SerialExecutor:
    workers = 1

    def map(self, fn: Callable[[_T], Any], items: Sequence[_T], here: Callable[[], None] | None = None) -> list[Any]:
        if here is not None:
            here()
        return [fn(item) for item in items]


_INDEX = struct.Struct("<I")
_PIPE_BUF_ITEMS = 16384 // _INDEX.size  # the least buffer a pipe has (macOS; Linux 65,536): the queue is written whole first

PARALLEL_MIN_PAPERS = 2000  # below this a second process costs more than it saves


def for_papers(executor: Executor, papers: int) -> Executor:
    """``executor`` for work over ``papers`` papers, or one process when they are too few to share."""
    return executor if papers >= PARALLEL_MIN_PAPERS else SerialExecutor()


def die_with_parent(parent: int) -> None:
    """In a forked child: be killed when ``parent`` dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def release_free_memory() -> None:
    """Hand the memory allocator's free pages back to the system (glibc's ``malloc_trim``).

    A forked child starts with its parent's resident pages: freed but kept pages of earlier
    stages (the cross-links' matrices) would count in every worker's peak. Elsewhere, nothing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


class ForkExecutor:
    """Up to ``workers`` processes, this one and forked children, each taking the next item
    until none is left; results must be JSON.

    Items are taken in order, each by the first process free for it: more items than workers
    (the longest first) even out the processes' work, whatever the machine. Without ``here``
    the first item runs in this process, which then takes further ones like the children;
    with ``here``, every item goes to a child and ``here`` runs in this process meanwhile: one
    more process than cores, which the system's scheduler keeps both cores busy with."""

    MAX_ITEMS = _PIPE_BUF_ITEMS  # the items' numbers are queued in one pipe, written before the workers start

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers

    def map(self, fn: Callable[[_T], Any], items: Sequence[_T], here: Callable[[], None] | None = None) -> list[Any]:
        if not hasattr(os, "fork") or (len(items) < 2 and here is None) or not items:
            return SerialExecutor().map(fn, items, here)
        if len(items) > self.MAX_ITEMS:
            raise ValueError(f"{len(items)} items: at most {self.MAX_ITEMS} (make each do more)")
        parent = os.getpid()
        first = 0 if here is not None else 1  # without here, item 0 is this process's
        forks = min(self.workers if here is not None else self.workers - 1, len(items) - first)
        queue_out, queue_in = os.pipe()
        os.write(queue_in, b"".join(_INDEX.pack(i) for i in range(first, len(items))))  # fits: see MAX_ITEMS
        os.close(queue_in)  # once drained, a read finds the end
        children: list[tuple[int, int]] = []
        release_free_memory()  # what earlier stages freed is not inherited as resident by every child
        try:
            for _ in range(forks):
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child: items until none is left, then out without the parent's exit handlers
                    gc.freeze()  # what it inherits: its collections skip it (and do not copy those pages)
                    os.close(read_end)
                    code = 0
                    try:
                        die_with_parent(parent)
                        payload = orjson.dumps({"ok": _drain(fn, items, queue_out)}, option=orjson.OPT_NON_STR_KEYS)
                    except BaseException as exc:  # reported to the parent, which raises it
                        payload = orjson.dumps({"error": f"{type(exc).__name__}: {exc}"})
                        code = 1
                    with os.fdopen(write_end, "wb") as out:
                        out.write(payload)
                    os._exit(code)
                os.close(write_end)
                children.append((pid, read_end))
            results: dict[int, Any] = {}
            if here is None:
                results[0] = fn(items[0])
                results.update(_drain(fn, items, queue_out))
            else:
                here()
            for pid, read_end in children:
                with os.fdopen(read_end, "rb") as got:
                    data = got.read()
                os.waitpid(pid, 0)
                answer: dict[str, Any] = orjson.loads(data) if data else {"error": "the worker died"}
                if "error" in answer:
                    raise RuntimeError(f"render worker failed: {answer['error']}")
                results.update((int(i), result) for i, result in answer["ok"])
            children = []
            if len(results) != len(items):
                raise RuntimeError(f"workers returned {len(results)} of {len(items)} results")
            return [results[i] for i in range(len(items))]
        finally:
            os.close(queue_out)
            for pid, _ in children:  # this process failed: its workers go with it
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass


def _drain(fn: Callable[[_T], Any], items: Sequence[_T], queue: int) -> list[tuple[int, Any]]:
    """``fn`` of each item whose number this process reads from ``queue`` first, until it is empty.

    The whole queue was written before any read, and a read holds the pipe's lock: each read
    of one number's bytes gets a whole number, and no two processes the same one."""
    done = []
    while len(got := os.read(queue, _INDEX.size)) == _INDEX.size:
        (i,) = _INDEX.unpack(got)
        done.append((i, fn(items[i])))
    return done
