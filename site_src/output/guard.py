"""Refuse an output folder that would swallow an input, before anything is touched.

A full build replaces the whole output folder, so ``out: .`` or ``--out content`` would
delete the project it was built from. Paths are compared resolved, through symlinks.
"""
from __future__ import annotations

import os
from pathlib import Path

from site_src.config import Config
from site_src.errors import BuildError, Problem
from site_src.files import PROJECT_TEMPLATES
from site_src.output.write import SITE_MARK

_ADVICE = " (choose a folder of its own inside the project, e.g. out: _site)"


def refuse_overlap(config: Config) -> None:
    """Raise :class:`BuildError` when the output folder is, contains or lies inside an input."""
    root = config.root.resolve()
    out = (config.root / config.out).resolve()
    shown = str(config.out)
    if out == root or root.is_relative_to(out):
        relation = "is" if out == root else "contains"
        raise BuildError([Problem(shown, 0, f"the output folder {relation} the project folder {root}, and a "
                                            f"build replaces all of it{_ADVICE}")])
    problems: list[Problem] = []
    for name, path in _inputs(config):
        where = path.resolve()
        if out == where:
            relation = "is"
        elif where.is_relative_to(out):
            relation = "contains"
        elif out.is_relative_to(where):
            relation = "lies inside"
        else:
            continue
        problems.append(Problem(shown, 0, f"the output folder {relation} the {name} {where}, and a build "
                                          f"replaces all of it{_ADVICE}"))
    if not problems and out.exists() and not out.is_dir():
        problems.append(Problem(shown, 0, f"the output folder is a file{_ADVICE}"))
    if not problems and (foreign := _not_ours(out)) is not None:
        problems.append(Problem(shown, 0, f"the output folder holds files this program did not write (e.g. "
                                          f"{foreign}), and a build replaces all of it (choose a new or empty "
                                          "folder, or empty this one first)"))
    if problems:
        raise BuildError(problems)


def _not_ours(out: Path) -> str | None:
    """A name in ``out`` when it is a folder with files but no site this program built; else None."""
    try:
        names = sorted(os.listdir(out))
    except OSError:
        return None  # missing (or unreadable: the build says so when it writes)
    if not names or SITE_MARK in names:
        return None
    if {".nojekyll", "index.html", "assets"} <= set(names) and (out / "assets" / "vendor" / "lunr").is_dir():
        return None  # built before the mark existed: recognisably ours
    return next((n for n in names if n not in (".nojekyll", "index.html", "assets")), names[0])


def _inputs(config: Config) -> list[tuple[str, Path]]:
    root = config.root
    inputs = [("content folder", root / config.content), ("seeds folder", root / config.seeds),
              ("project's templates", PROJECT_TEMPLATES), ("config file", root / config.config_path),
              ("taxonomy file", root / config.taxonomy), ("cache folder", root / config.cache),
              ("static folder", root / config.static)]
    if config.templates is not None:
        inputs.append(("templates folder", root / config.templates))
    return inputs
