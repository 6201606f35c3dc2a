"""The executor the build shares work through: where each item and the ``here`` work run."""
from __future__ import annotations

import os

import pytest

from site_src.executor import ForkExecutor, SerialExecutor


def test_with_here_every_item_goes_to_a_worker_and_here_stays_in_this_process() -> None:
    effects: list[int] = []
    results = ForkExecutor(2).map(lambda x: [x, os.getpid()], [1, 2], here=lambda: effects.append(os.getpid()))
    assert effects == [os.getpid()]  # the content pages' record must stay in the building process
    assert [x for x, _ in results] == [1, 2]  # in the items' order
    assert all(pid != os.getpid() for _, pid in results)


def _slow_pid(_: object) -> int:
    import time

    time.sleep(0.3)  # long enough for a forked child to be ready for the second item
    return os.getpid()


def test_without_here_the_first_item_runs_in_this_process() -> None:
    first, second = ForkExecutor(2).map(_slow_pid, [0, 1])
    assert first == os.getpid() and second != os.getpid()


def test_a_failing_worker_fails_the_whole_map_with_its_message() -> None:
    def share(x: int) -> int:
        if x:
            raise ValueError("share two broke")
        return x

    with pytest.raises(RuntimeError, match="share two broke"):
        ForkExecutor(2).map(share, [0, 1], here=lambda: None)


def test_serial_runs_here_first_then_the_items_in_order() -> None:
    order: list[object] = []
    results = SerialExecutor().map(lambda x: order.append(x) or x * 10, [1, 2], here=lambda: order.append("here"))
    assert order == ["here", 1, 2] and results == [10, 20]


def test_more_items_than_workers_are_shared_by_whoever_is_free() -> None:
    """A slow item does not hold back the rest: the other worker takes them (the render
    shares are many chunks of pages, so two workers end together)."""
    import time

    def work(x: int) -> list[int]:
        if x == 0:
            time.sleep(1.0)  # one long item: the other worker does every short one meanwhile
        return [x, os.getpid()]

    results = ForkExecutor(2).map(work, list(range(12)), here=lambda: None)
    assert [x for x, _ in results] == list(range(12))  # in the items' order
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids
    assert sum(pid == results[0][1] for _, pid in results) == 1  # the long one's worker did nothing else


def test_without_here_this_process_takes_items_too() -> None:
    pids = ForkExecutor(2).map(_slow_pid, list(range(6)))
    assert pids[0] == os.getpid()
    assert 2 <= pids.count(os.getpid()) <= 4 and len(set(pids)) == 2  # the two processes share them
