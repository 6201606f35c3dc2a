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


def test_without_here_the_first_item_runs_in_this_process() -> None:
    first, second = ForkExecutor(2).map(lambda _: os.getpid(), [0, 1])
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
