"""The dev server's builds, which find mentions again scanning only where a change could show,
give the site a clean build gives: papers whose short names collide, come in families and run
over several words are added, removed and edited, one build after another in one memo."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from site_src.cache.memo import Memo
from site_src.config import load_config
from site_src.errors import Report
from site_src.pipeline import build_site

from .test_incremental_property import differences, front_matter

ROOT = Path(__file__).resolve().parent.parent

# (title, abstract): papers that claim names, and papers that use them
POOL = [
    ("RSMamba: Remote Sensing with State Space Models", "We propose RSMamba, a state space model for scenes."),
    ("RS-Mamba: Dense Prediction in Remote Sensing", "We present RS-Mamba, a model for dense prediction."),
    ("YOLOv8: Real-Time Detection", "We introduce YOLOv8, a detector for objects in scenes."),
    ("Mask R-CNN: Instance Segmentation", "We segment instances with a mask head on a detector."),
    ("Stage2: Two-Stage Detection", "A detector in two stages for objects in aerial scenes."),
    ("The Stage Dataset of Aerial Scenes", "Images of aerial scenes with boxes for detection."),
    ("Addition Benchmark 1: Counting Objects", "A benchmark of counting objects in scenes."),
    ("Tracking with Detectors", "In addition, we track objects with YOLOv8s and MaskRCNN detectors in scenes."),
    ("Comparing Scene Models", "Additions to RSMambas and Mask R-CNN beat the Stage baselines; stage one trains."),
    ("Dense Scenes Revisited", "We compare RS-Mamba-L, YOLO v8 and Mask-RCNN on dense scenes."),
]


def write_project(root: Path, papers: list[int], edited: set[int]) -> None:
    items = []
    for i in papers:
        title, abstract = POOL[i]
        if i in edited:
            abstract += " Compared with RSMamba and Addition Benchmark scores, Stage 2 helps."
        items.append({"title": title, "abstract": abstract, "date": f"{2020 + i % 5}-0{1 + i % 9}-1{i % 10}",
                      "authors": ["Ann Lee"]})
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / "mine.yaml").write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    if not (root / "site.yaml").exists():
        (root / "site.yaml").write_text("title: Mentions survey\nauthor: Test Author\n", encoding="utf-8")
        shutil.copy2(ROOT / "taxonomy.yaml", root / "taxonomy.yaml")


STEPS = st.lists(st.tuples(st.sampled_from(["add", "remove", "edit"]), st.integers(0, len(POOL) - 1)),
                 min_size=1, max_size=4)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(start=st.sets(st.integers(0, len(POOL) - 1), min_size=2, max_size=6), steps=STEPS)
def test_dev_server_builds_with_mentions_found_again_match_a_clean_build(start: set[int], steps: list) -> None:
    with tempfile.TemporaryDirectory(prefix="mentions-") as tmp:
        root, papers, edited = Path(tmp) / "project", sorted(start), set()
        memo = Memo()
        write_project(root, papers, edited)
        build_site(load_config(None, root), Report(), memo=memo)
        for n, (what, i) in enumerate(steps):
            if what == "add" and i not in papers:
                papers.append(i)
            elif what == "remove" and i in papers and len(papers) > 1:
                papers.remove(i)
                for page in (root / "content" / "papers").glob("*.md"):  # a removed paper's page goes too
                    if front_matter(page).get("title") == POOL[i][0]:
                        page.unlink()
            elif what == "edit":
                edited ^= {i}
            write_project(root, papers, edited)
            note(f"step {n + 1}: {what} {POOL[i][0]!r}")
            clean = Path(tmp) / f"clean{n}"
            for name in ("seeds", "content", "site.yaml", "taxonomy.yaml"):
                (shutil.copytree if (root / name).is_dir() else shutil.copy2)(root / name, clean / name)
            report = Report()
            build_site(load_config(None, root), report, memo=memo, changed=None)
            assert not report.errors, report.errors
            build_site(load_config(None, clean), Report(), clean=True)
            diff = differences(root, clean)
            assert not diff, f"after step {n + 1}, incremental != clean:\n{diff}"
