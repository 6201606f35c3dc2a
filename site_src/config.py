"""Site configuration: ``site.yaml`` loaded safely into a typed, frozen object.

Every field is checked at once, so a user sees all mistakes in one run.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_src import yamlio
from site_src.errors import BuildError, Problem, SourceError
from site_src.textfile import read_text


@dataclass(frozen=True, slots=True)
class CollectionConfig:
    title: str = ""
    description: str = ""
    year: int | None = None  # the year a year-less date ("Feb 19") falls in


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    title: str = "Literature survey"
    description: str = "A reading list, with tags, cross-links and search."
    author: str = ""
    url: str = ""  # absolute base URL of the published site, e.g. https://me.github.io/survey/
    seeds: Path = Path("seeds")
    content: Path = Path("content")
    out: Path = Path("_site")
    templates: Path | None = None  # the user's templates, searched before the project's
    taxonomy: Path = Path("taxonomy.yaml")
    cache: Path = Path(".cache")
    static: Path = Path("static")  # files copied as they are into the site's root (CNAME, favicon.ico)
    collections: dict[str, CollectionConfig] = field(default_factory=dict)
    strict: bool = False
    keep_going: bool = False  # build despite unreadable entries (each still reported)
    config_path: str = "site.yaml"

    def collection(self, cid: str) -> CollectionConfig:
        return self.collections.get(cid, CollectionConfig())

    def with_overrides(self, **changes: Any) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_STR = ("title", "description", "author", "url")
_PATH = ("seeds", "content", "out", "templates", "taxonomy", "cache", "static")
_PATH_EXAMPLES = {"taxonomy": "taxonomy.yaml", "out": "_site", "seeds": "seeds", "content": "content",
                  "static": "static"}


def load_config(path: Path | None, root: Path) -> Config:
    """Read ``site.yaml`` (or defaults when it does not exist)."""
    if path is None:
        path = root / "site.yaml"
        if not path.exists():
            return Config(root=root)
    shown = str(path)
    if not path.is_file():
        raise BuildError([Problem(shown, 0, "config file not found (check --config)")])
    try:
        text = read_text(path, shown)
        data, lines = yamlio.load(text, shown)
    except SourceError as exc:
        raise BuildError([exc.problem]) from None
    data = data or {}
    problems: list[Problem] = []

    def bad(key: tuple[Any, ...], msg: str) -> None:
        problems.append(Problem(shown, lines.get(key, 1), msg))

    if not isinstance(data, dict):
        raise BuildError([Problem(shown, 1, "the config must be a mapping of settings (key: value lines)")])
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _STR:
            if not isinstance(value, str):
                bad((key,), f"'{key}' must be text, got {type(value).__name__} (quote it)")
            else:
                values[key] = value
        elif key in _PATH:
            if not isinstance(value, str) or not value:
                example = _PATH_EXAMPLES.get(key, "folder")
                bad((key,), f"'{key}' must be a folder or file path (write it as text, e.g. {key}: {example})")
            else:
                values[key] = Path(value)
        elif key == "collections":
            values[key] = _collections(value, bad)
        else:
            bad((key,), f"unknown setting '{key}' (known: {', '.join(_STR + _PATH)}, collections)")
    if problems:
        raise BuildError(problems)
    return Config(root=root, config_path=shown, **values)


def _collections(value: Any, bad: Any) -> dict[str, CollectionConfig]:
    out: dict[str, CollectionConfig] = {}
    if not isinstance(value, dict):
        bad(("collections",), "'collections' must map a seed file's name to its title and description (see README)")
        return out
    this_year = dt.date.today().year
    for cid, spec in value.items():
        where = ("collections", cid)
        if not isinstance(spec, dict):
            bad(where, f"collection '{cid}' must be a mapping (give it title:, description: and year: lines)")
            continue
        fields: dict[str, Any] = {}
        for k, v in spec.items():
            if k in ("title", "description"):
                if isinstance(v, str):
                    fields[k] = v
                else:
                    bad((*where, k), f"collection '{cid}': '{k}' must be text, got {type(v).__name__} (quote it)")
            elif k == "year":
                if isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= this_year + 1:
                    fields[k] = v
                else:
                    bad((*where, k), f"collection '{cid}': 'year' must be a year, got {v!r} (write a year like 2025)")
            else:
                bad((*where, k), f"collection '{cid}': unknown field '{k}' (title, description, year)")
        out[str(cid)] = CollectionConfig(**fields)
    return out
