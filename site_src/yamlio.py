"""YAML in with a safe loader only, and with the line of every key, for error messages."""
from __future__ import annotations

import re
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
    """Stable, readable YAML: keys in the given order, unicode kept, no line wrapping."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=False)


class _Dumper(_BaseDumper):
    pass


def _str(dumper: Any, value: str) -> yaml.Node:
    node: yaml.Node = dumper.represent_scalar("tag:yaml.org,2002:str", value)
    return node


_Dumper.add_representer(str, _str)
