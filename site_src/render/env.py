"""The one Jinja environment, and the user's notes turned into safe HTML.

Autoescape is on; the user's templates folder is searched first, the project's
``templates/`` second.
"""
from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
import markdown
import markupsafe
import nh3
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup

from site_src.config import Config
from site_src.dates import long_text
from site_src.files import PROJECT_TEMPLATES

# the project's templates/ (site_src/bundled_templates links to it; an installed package holds a copy)
_ALLOWED_TAGS = {"a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
                 "h6", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}


_escape_inner: Callable[[str], str] | None = getattr(markupsafe, "_escape_inner", None)  # markupsafe's C escape


def html_text(value: Any) -> Any:
    """A value a template outputs, escaped: the text markupsafe's ``escape`` gives (a value
    with ``__html__``, such as a :class:`Markup`, as it says), a plain ``str`` for a ``str``.

    Jinja makes a :class:`Markup` of each, which the page's ``"".join`` then discards: a
    third of the cost of a paper page's template was those objects."""
    if type(value) is str and _escape_inner is not None:
        return _escape_inner(value)
    return markupsafe.escape(value)


class _EscapeAsText(CodeGenerator):
    """Jinja's code for a template, its autoescaped output escaped by :func:`html_text`."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline("from site_src.render.env import html_text")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("html_text(")  # output only: what a macro or a block gathers is made Markup whole
        else:
            super()._output_child_pre(node, frame, finalize)


def make_env(config: Config) -> jinja2.Environment:
    """The environment for one build: its templates' files are checked for changes once
    in it (at their first use), not at every page that extends or imports them."""
    folders = []
    if config.templates:
        folders.append(str(config.root / config.templates))
    folders.append(str(PROJECT_TEMPLATES))
    env = _env(tuple(folders), _layout(folders))
    assert isinstance(env.loader, _OncePerBuild)
    env.loader.build += 1
    return env


def _layout(folders: list[str]) -> tuple[tuple[str, ...], ...]:
    """The template files each folder holds, by name: a file added in the user's folder
    hides the project's of that name, which Jinja, checking only the file it loaded, would not see."""
    return tuple(tuple(sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file()))
                 for folder in folders)


@lru_cache(maxsize=8)
def _env(folders: tuple[str, ...], layout: tuple[tuple[str, ...], ...]) -> jinja2.Environment:
    """One environment per search path and the files in it, so templates compile once per
    process (the dev server and the warm process build again and again); Jinja reloads a
    template whose file changed, and a file added or removed makes a new environment."""
    env = _Environment(loader=_OncePerBuild(list(folders)), autoescape=True,
                       undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)
    env.filters["longdate"] = long_text
    env.globals["inline_asset"] = partial(inline_asset, env)
    return env


class _OncePerBuild(jinja2.FileSystemLoader):
    """Jinja's loader of template files, whose check that a file is unchanged (a ``stat``)
    runs once a build (:func:`make_env` counts them), not once a page: a paper page's
    template extends ``base.html``, which Jinja would check 10,000 times."""

    build = 0

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        checked = self.build

        def fresh() -> bool:
            nonlocal checked
            if checked == self.build:
                return True
            if not uptodate():
                return False
            checked = self.build
            return True

        return source, filename, fresh


class _Environment(jinja2.Environment):
    """Jinja's environment, with templates compiled by :class:`_EscapeAsText` and globals in
    a plain dictionary: Jinja's ``ChainMap`` of them is copied key by key into every page's context."""

    code_generator_class = _EscapeAsText

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def inline_asset(env: jinja2.Environment, name: str) -> Markup:
    """A template folder's file as it is, for a ``<style>`` or ``<script>`` of a page that must
    stand alone (the 404 page, served at any depth); found in the templates' search order."""
    assert env.loader is not None
    text = env.loader.get_source(env, name)[0]
    if re.search(r"</(style|script)", text, re.IGNORECASE):
        raise jinja2.TemplateError(f"{name}: cannot be inlined, it holds a closing </style> or </script> tag")
    return Markup(text)


_MD_LINK = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|/|#)([^"#?]+)\.md(#[^"]*)?"')


def notes_html(md_text: str) -> str:
    """A user's notes: Markdown, ``.md`` links pointed at pages, then sanitised (nh3)."""
    if not md_text.strip():
        return ""
    html = markdown.markdown(md_text, extensions=["fenced_code", "tables"])
    html = _MD_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', html)
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes={"http", "https", "mailto"}, link_rel="nofollow noopener")
