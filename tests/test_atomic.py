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
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--seeds", "big-seeds",
                             "--content", "big-content"], cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not any(root.glob("_site.tmp-*/*.html")):  # the staging folder is made, marked, then filled
            assert proc.poll() is None, f"the big build ended before writing: {proc.stderr.read().decode()}"
            assert time.monotonic() < deadline, "no staging folder appeared"
            time.sleep(0.005)
        time.sleep(0.05)  # let it write a few pages
        assert proc.poll() is None, "the big build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
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
