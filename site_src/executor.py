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
    """The first item in this process, each other in a forked child; results must be JSON.

    With ``here``, every item goes to a child and ``here`` runs in this process meanwhile:
    one more process than cores, which the system's scheduler keeps both cores busy with."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers

    def map(self, fn: Callable[[_T], Any], items: Sequence[_T], here: Callable[[], None] | None = None) -> list[Any]:
        if not hasattr(os, "fork") or (len(items) < 2 and here is None) or not items:
            return SerialExecutor().map(fn, items, here)
        parent = os.getpid()
        children: list[tuple[int, int]] = []
        release_free_memory()  # what earlier stages freed is not inherited as resident by every child
        try:
            for item in items[1:] if here is None else items:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:  # the child: its share, then out without running the parent's exit handlers
                    gc.freeze()  # what it inherits: its collections skip it (and do not copy those pages)
                    os.close(read_end)
                    code = 0
                    try:
                        die_with_parent(parent)
                        payload = orjson.dumps({"ok": fn(item)}, option=orjson.OPT_NON_STR_KEYS)
                    except BaseException as exc:  # reported to the parent, which raises it
                        payload = orjson.dumps({"error": f"{type(exc).__name__}: {exc}"})
                        code = 1
                    with os.fdopen(write_end, "wb") as out:
                        out.write(payload)
                    os._exit(code)
                os.close(write_end)
                children.append((pid, read_end))
            if here is None:
                results = [fn(items[0])]
            else:
                here()
                results = []
            for pid, read_end in children:
                with os.fdopen(read_end, "rb") as got:
                    data = got.read()
                os.waitpid(pid, 0)
                answer = orjson.loads(data) if data else {"error": "the worker died"}
                if "error" in answer:
                    raise RuntimeError(f"render worker failed: {answer['error']}")
                results.append(answer["ok"])
            children = []
            return results
        finally:
            for pid, _ in children:  # this process failed: its workers go with it
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
