"""Regenerate the golden site: build tests/golden/input/ and store what it produces.

Run it (``make golden``) only after a change of output you meant to make, and read the
diff of ``tests/golden/expected/`` before committing it. What is stored: the content
pages the build writes (``content/``) and the whole site (``_site/``); nothing in the
output depends on the clock, so nothing is left out.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: `python tests/make_golden.py`
    sys.path.insert(0, str(ROOT))

from site_src.config import load_config  # noqa: E402
from site_src.errors import Report  # noqa: E402
from site_src.pipeline import build_site  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
INPUT = GOLDEN / "input"
EXPECTED = GOLDEN / "expected"
OUTPUTS = ("content", "_site")  # the folders of a built project that are compared


def build_golden(workdir: Path) -> Path:
    """Copy the golden input into ``workdir``, build it there as ``build.py build`` does, and
    return the project folder. A problem in the input raises ``BuildError``; warnings fail too,
    so the golden site stays an example of a clean build."""
    project = workdir / "golden"
    shutil.copytree(INPUT, project)
    config = load_config(None, project)
    report = Report()
    build_site(config, report)
    if report.problems:
        raise RuntimeError("the golden site built with problems:\n" + "\n".join(map(str, report.problems)))
    return project


def output_files(project: Path) -> dict[str, Path]:
    """``{path relative to the project: file}`` for every file of the compared folders."""
    files: dict[str, Path] = {}
    for folder in OUTPUTS:
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(project).as_posix()] = path
    return files


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="golden-") as tmp:
        project = build_golden(Path(tmp))
        if EXPECTED.exists():
            shutil.rmtree(EXPECTED)
        files = output_files(project)
        for rel, path in files.items():
            target = EXPECTED / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    size = sum(p.stat().st_size for p in EXPECTED.rglob("*") if p.is_file())
    print(f"golden site: {len(files)} files, {size / 1024:.0f} KiB in {EXPECTED.relative_to(ROOT)}; "
          "review the diff before committing it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
