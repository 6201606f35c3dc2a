"""Atomic output: a build that is killed or fails leaves the previous site exactly as it was."""
from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import ROOT, dump, run_build

WORDS = ("vision transformer diffusion mamba contrastive prompt few-shot segmentation token attention "
         "distillation pruning quantization remote sensing medical histopathology zero-shot adapter "
         "backbone dataset benchmark robustness calibration hierarchy retrieval caption").split()


def big_dump(n: int, seed: int = 7) -> str:
    """``n`` distinct records with abstracts of ~60 words: enough to keep a build busy for seconds."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        title = f"Paper {i}: " + " ".join(rng.choice(WORDS).title() for _ in range(5))
        abstract = " ".join(rng.choice(WORDS) for _ in range(60)) + f" (see https://github.com/u/repo{i})."
        records.append((title, abstract, f"  \u2022 {1 + i % 9} authors\n\u00b7\nJul {1 + i % 28}, {2015 + i % 10} {i % 50}"))
    return dump(*records)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def kill_when_written(root: Path, args: list[str], pattern: str, after: float = 0.0) -> None:
    """Run ``build.py args`` in ``root`` and SIGKILL it once a file matching ``pattern`` is there
    (``after`` seconds later), failing if it ends first."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not any(root.glob(pattern)):
            assert proc.poll() is None, f"the build ended before writing: {proc.stderr.read().decode()}"  # type: ignore[union-attr]
            assert time.monotonic() < deadline, f"no {pattern} appeared"
            time.sleep(0.002)
        time.sleep(after)
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]


def small_site(make_site) -> Path:
    root = make_site({"seeds/list.txt": dump(("Alpha Model", "Alpha does things."), ("Beta Model", "Beta too."))})
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(make_site):
    root = small_site(make_site)
    before = tree(root / "_site")
    (root / "big-seeds").mkdir()
    (root / "big-seeds/big.txt").write_text(big_dump(1500), encoding="utf-8")
    kill_when_written(root, ["build", "--seeds", "big-seeds", "--content", "big-content"], "_site.tmp-*/*.html",
                      after=0.05)  # the staging folder is made, marked, then filled: let it write a few pages
    stale = list(root.glob("_site.tmp-*"))
    assert stale and any(stale[0].rglob("*.html")), "the killed build left no half-written site"
    assert tree(root / "_site") == before
    result = run_build(root, "build")
    assert result.returncode == 0, result.stderr
    assert not list(root.glob("_site.tmp-*")) and not list(root.glob("_site.old-*"))
    assert tree(root / "_site") == before


def test_a_failed_build_leaves_the_previous_site(make_site):
    root = small_site(make_site)
    before = tree(root / "_site")
    (root / "content/papers/broken.md").write_text("---\ntitle: [unclosed\n---\n\nx\n", encoding="utf-8")
    result = run_build(root, "build")
    assert result.returncode == 1
    assert re.search(r"^content/papers/broken.md:[23]: bad YAML: .* opened on line 2", result.stderr, re.M), result.stderr
    assert tree(root / "_site") == before
    assert not list(root.glob("_site.*"))
