"""YAML in with a safe loader only, and with the line of every key, for error messages."""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Any

import yaml

try:  # libyaml's loader and dumper are 5-10x faster; both are the safe ones
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from site_src.errors import SourceError

KeyPath = tuple[Any, ...]


def _lines(node: yaml.Node, base: KeyPath, out: dict[KeyPath, int], seen: set[int]) -> None:
    if id(node) in seen:  # an alias: its lines were recorded where it was defined
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode) and key.value in keys:
                raise _Duplicate(key.value, keys[key.value], line)
            keys[key.value if isinstance(key, yaml.ScalarNode) else id(key)] = line
            path = (*base, key.value)
            out[path] = line
            _lines(value, path, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = (*base, i)
            out[path] = item.start_mark.line + 1
            _lines(item, path, out, seen)


class _Duplicate(Exception):
    def __init__(self, key: str, first: int, again: int) -> None:
        self.key, self.first, self.again = key, first, again


def load(text: str, path: str, first_line: int = 1) -> tuple[Any, dict[KeyPath, int]]:
    """Parse ``text`` safely; return the data and ``{key path: line}`` (1-based, in the file).

    ``first_line`` is the file line the text starts on (front matter starts on line 2).
    """
    try:
        loader = _Loader(text)
        try:  # one parse: the node tree gives both the lines and the data
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = (exc.problem or "not valid YAML").strip()
        opened = exc.context_mark
        if opened is not None and mark is not None and opened.line != mark.line and exc.context:
            what += f" {exc.context.strip()} opened on line {first_line + opened.line}"
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in what:
            quoted = re.search(r"'([^']*)'", what)
            tag = (quoted.group(1) if quoted else "?").replace("tag:yaml.org,2002:", "!!")
            raise SourceError(path, line, f"YAML tag '{tag}' is not allowed: this file is data, not code "
                              "(remove the tag, or quote the value)") from None
        raise SourceError(path, line, f"bad YAML: {what} (fix the YAML syntax)") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, first_line, f"bad YAML: {exc}") from None
    except RecursionError:
        raise SourceError(path, first_line, "YAML nested too deeply (flatten it)") from None
    except (ValueError, OverflowError) as exc:  # a well-formed value that is no real value: 2024-02-30
        line, value = _unconstructible(node)
        raise SourceError(path, line + first_line - 1, f"'{value}' is not a real date or number ({exc}); "
                          "fix it, or quote it to keep it as text") from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        try:
            _lines(node, (), lines, set())
        except _Duplicate as dup:
            raise SourceError(path, dup.again + first_line - 1, f"'{dup.key}' given twice (also on line "
                              f"{dup.first + first_line - 1}; keep one)") from None
        except RecursionError:
            raise SourceError(path, first_line, "YAML nested too deeply (flatten it)") from None
    return data, {k: v + first_line - 1 for k, v in lines.items()}


def _unconstructible(node: yaml.Node | None) -> tuple[int, str]:
    """(1-based line, text) of the first scalar the safe loader cannot turn into a value."""
    stack = [node] if node is not None else []
    seen: set[int] = set()
    while stack:
        item = stack.pop(0)
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, yaml.ScalarNode) and item.tag.endswith((":timestamp", ":int", ":float")):
            try:
                yaml.load(f"!!{item.tag.rsplit(':', 1)[-1]} {item.value}", Loader=_Loader)
            except (ValueError, OverflowError, yaml.YAMLError):
                return item.start_mark.line + 1, item.value
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, yaml.MappingNode):
            stack.extend(n for pair in item.value for n in pair)
    return 1, "?"


def dump(data: Any) -> str:
    """Stable, readable YAML: keys in the given order, unicode kept, no line wrapping.

    A mapping (a page's front matter, ten thousand of them in a build) is written entry by
    entry: one of plain text, numbers, dates and flat lists or mappings of them is written
    here, as PyYAML would write it; any other entry is PyYAML's own output for it alone
    (entries of a block mapping do not depend on each other)."""
    if not isinstance(data, dict) or not data:
        return _pyyaml(data)
    out = []
    for key, value in data.items():
        entry = _entry(key, value)
        out.append(entry if entry is not None else _pyyaml({key: value}))
    return "".join(out)


def _pyyaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=False)


class _Dumper(_BaseDumper):
    pass


def _str(dumper: Any, value: str) -> yaml.Node:
    node: yaml.Node = dumper.represent_scalar("tag:yaml.org,2002:str", value)
    return node


_Dumper.add_representer(str, _str)

# --------------------------------------------------------------- PyYAML's choices, for the common cases
# Text of printable characters on one line, short enough never to be folded: PyYAML (and libyaml)
# write it plain unless an indicator, an edge space or another type's look (``2024``, ``yes``,
# ``null``) forbids it, and then in single quotes. Anything else is left to PyYAML.
_SIMPLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]{1,2000}")
_LEADING = frozenset("#,[]{}&*!|>'\"%@`")
_KEY = re.compile("[A-Za-z_][A-Za-z0-9_-]{0,60}")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# the first characters another type's look can start with (all of them, if a resolver takes any)
_IMPLICIT = frozenset(_RESOLVER.yaml_implicit_resolvers) if None not in _RESOLVER.yaml_implicit_resolvers else None


def _text(text: str) -> bool:
    """Whether plain ``text`` reads back as text (not as ``2024``, ``yes`` or ``null``)."""
    return ((_IMPLICIT is not None and text[0] not in _IMPLICIT)
            or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG)  # type: ignore[no-untyped-call]


def _scalar(value: Any) -> str | None:
    """One scalar as PyYAML writes it in block context (not as a key), or None for PyYAML to write."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if type(value) is _dt.date:
        return value.isoformat()
    return None


@lru_cache(maxsize=1 << 14)  # the same tags, collections and field names on every page
def _string(value: str) -> str | None:
    if not _SIMPLE.fullmatch(value):
        return None
    if _plain(value) and _text(value):
        return value
    return "'" + value.replace("'", "''") + "'"


@lru_cache(maxsize=256)
def _plain_key(key: str) -> bool:
    return bool(_KEY.fullmatch(key)) and _plain(key) and _text(key)


def _plain(text: str) -> bool:
    first = text[0]
    return not (first in _LEADING or first == " " or text[-1] == " "
                or (first in "?:-" and (len(text) == 1 or text[1] == " "))
                or ": " in text or text[-1] == ":" or " #" in text or text.startswith(("---", "...")))


def _entry(key: Any, value: Any) -> str | None:
    """``key: value`` at the top of a block mapping, or None for PyYAML to write."""
    if not isinstance(key, str) or not _plain_key(key):
        return None
    if isinstance(value, list):
        if not value:
            return f"{key}: []\n"
        items = [_scalar(v) for v in value]
        return None if None in items else f"{key}:\n" + "".join(f"- {item}\n" for item in items)
    if isinstance(value, dict):
        if not value:
            return f"{key}: {{}}\n"
        lines = [_entry(k, v) for k, v in value.items()]
        if None in lines or any(isinstance(v, (list, dict)) for v in value.values()):
            return None
        return f"{key}:\n" + "".join("  " + line for line in lines if line is not None)
    text = _scalar(value)
    return None if text is None else f"{key}: {text}\n"
