"""``python build.py new DIR``: a survey of one's own, ready for ``make site`` and GitHub Pages.

From a source checkout the new folder is a whole project: the generator (``build.py``,
``site_src/``, ``templates/``, ``pyproject.toml``) copied from this one; from an
installed ``survey-site`` its Makefile runs that command. Either way, fresh inputs: a
``site.yaml`` with the given title, an empty ``seeds/`` with a README, a small
generic ``taxonomy.yaml``, a Makefile and the Pages workflow.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from site_src import yamlio
from site_src.errors import BuildError, Problem

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
_CODE = ("build.py", "pyproject.toml", "constraints.txt", "site_src", "templates", ".github/workflows/pages.yml")


def _scalar(text: str) -> str:
    return yamlio.dump(text).removesuffix("\n...\n").strip()


def _makefile(checkout: bool) -> str:
    text = (HERE / "Makefile").read_text(encoding="utf-8")
    if checkout:
        return text
    return (text.replace("BUILD  ?= $(PY) build.py", "BUILD  ?= survey-site")
            .replace("site: setup", "site:").replace("serve: setup", "serve:").replace("check test: setup", "check test:"))


def new_survey(dest: Path, title: str) -> list[str]:
    """Create the survey in ``dest`` (absent or empty); returns the files written, relative to it."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BuildError([Problem(str(dest), 0, "already exists and is not empty (name a new folder)")])
    written: list[str] = []
    checkout = (PROJECT / "pyproject.toml").is_file()  # else an installed survey-site: the survey uses it
    for name in _CODE if checkout else ():
        source, target = PROJECT / name, dest / name
        if not source.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)
        written.append(name)
    description = f"A reading list on {title}, with tags, cross-links and search."
    files = {
        "site.yaml": (HERE / "site.yaml").read_text(encoding="utf-8").format(
            title=_scalar(title), description=_scalar(description)),
        "seeds/README.md": (HERE / "seeds_README.md").read_text(encoding="utf-8"),
        "taxonomy.yaml": (HERE / "taxonomy.yaml").read_text(encoding="utf-8"),
        "Makefile": _makefile(checkout),
        ".gitignore": (HERE / "gitignore").read_text(encoding="utf-8"),
        "content/papers/.gitkeep": "",
    }
    for name, text in files.items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(name)
    return written
