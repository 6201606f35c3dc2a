"""The cache as plain data: the model's frozen dataclasses to JSON values and back.

Only the classes listed in :data:`KINDS` can come back from a cache file, and only
through their constructors: a planted file can hold wrong data, never code.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from site_src.errors import Problem
from site_src.model import Collection, CrossLinks, Link, Paper, Record, SourceRef, TagInfo

KINDS: dict[str, type] = {cls.__name__: cls for cls in (Record, Paper, SourceRef, Link, Problem, CrossLinks,
                                                        TagInfo, Collection)}
_FIELDS = {name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in KINDS.items()}


class CacheFormatError(ValueError):
    """A cache file that is not what this version wrote."""


def encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"~m": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, dt.date):
        return {"~d": value.isoformat()}
    name = type(value).__name__
    if name in _FIELDS and type(value) is KINDS[name]:
        return {"~t": name, "v": [encode(getattr(value, f)) for f in _FIELDS[name]]}
    raise TypeError(f"cannot cache a {name}")


def decode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    if isinstance(value, dict):
        if "~t" in value:
            name = value["~t"]
            if name not in KINDS or not isinstance(value.get("v"), list) or len(value["v"]) != len(_FIELDS[name]):
                raise CacheFormatError(f"unknown kind of cached value: {name!r}")
            return KINDS[name](*(decode(v) for v in value["v"]))
        if "~d" in value:
            return dt.date.fromisoformat(value["~d"])
        if "~m" in value:
            return {_key(decode(k)): decode(v) for k, v in value["~m"]}
    raise CacheFormatError("malformed cache value")


def _key(value: Any) -> Any:
    return value
