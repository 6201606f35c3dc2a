"""YAML in with a safe loader only, and with the line of every key, for error messages."""
from __future__ import annotations

from typing import Any

import yaml

try:  # libyaml's loader and dumper are 5-10x faster; both are the safe ones
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .errors import SourceError

KeyPath = tuple[Any, ...]


def _lines(node: yaml.Node, base: KeyPath, out: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*base, key.value)
            out[path] = key.start_mark.line + 1
            _lines(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = (*base, i)
            out[path] = item.start_mark.line + 1
            _lines(item, path, out)


def load(text: str, path: str, first_line: int = 1) -> tuple[Any, dict[KeyPath, int]]:
    """Parse ``text`` safely; return the data and ``{key path: line}`` (1-based, in the file).

    ``first_line`` is the file line the text starts on (front matter starts on line 2).
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = (exc.problem or "not valid YAML").strip()
        raise SourceError(path, line, f"bad YAML: {what} (fix the YAML syntax)") from None
    except yaml.YAMLError as exc:
        raise SourceError(path, first_line, f"bad YAML: {exc}") from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, {k: v + first_line - 1 for k, v in lines.items()}


def dump(data: Any) -> str:
    """Stable, readable YAML: keys in the given order, unicode kept, no line wrapping."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000,
                     default_flow_style=False)


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    pass


def _str(dumper: Any, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)
