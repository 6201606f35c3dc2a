"""The cache as plain data: the model's frozen dataclasses to JSON values and back.

Only the classes listed in :data:`KINDS` can come back from a cache file, and only
through their constructors: a planted file can hold wrong data, never code.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import orjson

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
        return {"~t": name, "v": [enc(getattr(value, f)) for f, (enc, _) in zip(_FIELDS[name], _CODERS[name])]}
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
            return KINDS[name](*(dec(v) for v, (_, dec) in zip(value["v"], _CODERS[name])))
        if "~d" in value:
            return dt.date.fromisoformat(value["~d"])
        if "~m" in value:
            return {_key(decode(k)): decode(v) for k, v in value["~m"]}
    raise CacheFormatError("malformed cache value")


def _key(value: Any) -> Any:
    return value


# Fields of a few common shapes get a direct coder (the cache of a 10,000-paper survey is
# mostly these); any other field goes through the general encode/decode above.
def _same(value: Any) -> Any:
    return value


def _strings_out(value: tuple[str, ...]) -> list[str]:
    return list(value)


def _strings_in(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CacheFormatError("expected a list of text")
    return tuple(value)


def _date_out(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date_in(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _links_out(value: tuple[Link, ...]) -> list[list[str]]:
    return [[link.kind, link.url] for link in value]


def _links_in(value: Any) -> tuple[Link, ...]:
    return tuple(Link(str(kind), str(url)) for kind, url in value)


def _pairs_out(value: tuple[tuple[str, str], ...]) -> list[list[str]]:
    return [[a, b] for a, b in value]


def _pairs_in(value: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in value)


def _ref_out(value: SourceRef) -> list[Any]:
    return [value.path, value.line]


def _ref_in(value: Any) -> SourceRef:
    return SourceRef(str(value[0]), int(value[1]))


def _refs_out(value: tuple[SourceRef, ...]) -> list[list[Any]]:
    return [[r.path, r.line] for r in value]


def _refs_in(value: Any) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(str(p), int(n)) for p, n in value)


def _scalar_in(value: Any) -> Any:
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise CacheFormatError("expected a plain value")
    return value


_BY_TYPE: dict[str, tuple[Any, Any]] = {
    "str": (_same, _scalar_in), "int": (_same, _scalar_in), "int | None": (_same, _scalar_in),
    "bool": (_same, _scalar_in), "str | None": (_same, _scalar_in),
    "tuple[str, ...]": (_strings_out, _strings_in), "dt.date | None": (_date_out, _date_in),
    "tuple[Link, ...]": (_links_out, _links_in), "tuple[tuple[str, str], ...]": (_pairs_out, _pairs_in),
    "SourceRef": (_ref_out, _ref_in), "tuple[SourceRef, ...]": (_refs_out, _refs_in),
}
_CODERS = {name: tuple(_BY_TYPE.get(str(f.type), (encode, decode)) for f in dataclasses.fields(cls))
           for name, cls in KINDS.items()}


# The bulk of a cache (papers, records, tags, cross-links) as JSON in one call: orjson walks
# the fields, the tuples and the text in C, and asks :func:`_in_c` only for the dataclasses,
# whose shape it makes the same as :func:`encode` does. No dict may reach orjson itself: it
# would be written as an object, where encode writes ``{"~m": pairs}``; the only dicts, those
# of CrossLinks, are written by _in_c.
_FLAT = (Paper, Record)  # every field a plain value, text, a date, links or source references


def to_json(value: Any) -> bytes:
    """``orjson.dumps(encode(value))``: the same bytes."""
    kind = type(value)
    if kind in _FLAT or kind is CrossLinks or (kind is tuple and all(type(v) in _FLAT or type(v) is str for v in value)):
        return orjson.dumps(value, default=_in_c, option=orjson.OPT_PASSTHROUGH_DATACLASS)
    return orjson.dumps(encode(value), option=orjson.OPT_NON_STR_KEYS)


def _in_c(value: Any) -> Any:
    kind = type(value)
    if kind is Link:
        return [value.kind, value.url]
    if kind is SourceRef:
        return [value.path, value.line]
    if kind in _FLAT:
        return {"~t": kind.__name__, "v": [getattr(value, f) for f in _FIELDS[kind.__name__]]}
    if kind is CrossLinks:  # three dicts of slugs to tuples of text: as encode writes a dict
        return {"~t": "CrossLinks", "v": [{"~m": list(getattr(value, f).items())} for f in _FIELDS["CrossLinks"]]}
    raise TypeError(f"cannot cache a {kind.__name__}")
