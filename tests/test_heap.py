"""The long-lived processes' builds collect garbage less often, and leave the process as it was."""
from __future__ import annotations

import gc

import pytest

from site_src.heap import BUILD_THRESHOLDS, building


def test_a_build_collects_less_often_and_a_failed_one_restores_the_collector():
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(1000)]  # objects that live on past the build, as the memo's do
    with pytest.raises(RuntimeError):
        with building():
            assert gc.get_threshold() == BUILD_THRESHOLDS
            kept.append([kept])
            raise RuntimeError("the build failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() > frozen  # what lives on is skipped by later collections
    gc.unfreeze()
