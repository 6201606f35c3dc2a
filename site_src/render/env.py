"""The one Jinja environment, and the user's notes turned into safe HTML.

Autoescape is on; the user's templates folder is searched first, the project's
``templates/`` second.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from site_src.config import Config
from site_src.dates import long_text
from site_src.files import PROJECT_TEMPLATES

# the project's templates/ (site_src/bundled_templates links to it; an installed package holds a copy)
_ALLOWED_TAGS = {"a", "p", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "h3", "h4", "h5",
                 "h6", "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}


def make_env(config: Config) -> jinja2.Environment:
    folders = []
    if config.templates:
        folders.append(str(config.root / config.templates))
    folders.append(str(PROJECT_TEMPLATES))
    return _env(tuple(folders), _layout(folders))


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
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(list(folders)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["longdate"] = long_text
    env.globals["inline_asset"] = partial(inline_asset, env)
    return env


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
