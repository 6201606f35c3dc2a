"""LaTeX in BibTeX fields to plain Unicode: ``Caf{\\'e}`` -> ``Café``, ``\\href{u}{text}`` -> ``text``.

pylatexenc does the decoding, taught the macros real exports hold (``\\href``, ``\\texttt``,
``\\mbox``, ``\\textsuperscript``, ``\\index``). It is a parser with limits of its own: it
recurses on nesting and raises on a macro missing an argument. :func:`decode` never
raises: what pylatexenc cannot read is decoded roughly (macro names dropped, their
arguments kept) and flagged, so the caller can warn with the field's line.
"""
from __future__ import annotations

import functools
import re

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalker
from pylatexenc.latexwalker import get_default_latex_context_db as walker_context_db
from pylatexenc.macrospec import MacroSpec

MAX_DEPTH = 40  # brace nesting handed to pylatexenc, which recurses on it (real titles nest 3 deep)

# Macros pylatexenc does not know, or parses without their arguments.
_WALKER = walker_context_db()
_WALKER.add_context_category("survey-bibtex", prepend=True, macros=[
    MacroSpec("href", "{{"), MacroSpec("index", "{"), MacroSpec("textsuperscript", "{"),
    MacroSpec("textsubscript", "{"), MacroSpec("url", "{"), MacroSpec("nolinkurl", "{"),
])


def _decoder(math: str) -> LatexNodes2Text:
    db = get_default_latex_context_db()
    db.add_context_category("survey-bibtex", prepend=True, macros=[
        MacroTextSpec("url", simplify_repl="%(1)s"),
        MacroTextSpec("nolinkurl", simplify_repl="%(1)s"),
        MacroTextSpec("href", simplify_repl="%(2)s"),  # the link's text; the address is not prose
        MacroTextSpec("index", simplify_repl=""),  # an index entry is not part of the title
        MacroTextSpec("texttt", simplify_repl="%(1)s"),
        MacroTextSpec("LaTeX", simplify_repl="LaTeX"),
        MacroTextSpec("TeX", simplify_repl="TeX"),
        MacroTextSpec("BibTeX", simplify_repl="BibTeX"),
        MacroTextSpec("mbox", simplify_repl="%(1)s"),
        MacroTextSpec("textsuperscript", simplify_repl="%(1)s"),
        MacroTextSpec("textsubscript", simplify_repl="%(1)s"),
        # pylatexenc drops or mangles these; the BibTeX writer in render/cite.py emits them.
        MacroTextSpec("textless", simplify_repl="<"),
        MacroTextSpec("textgreater", simplify_repl=">"),
        MacroTextSpec("textbar", simplify_repl="|"),
        MacroTextSpec("textasciicircum", simplify_repl="^"),
        MacroTextSpec("textbraceleft", simplify_repl="{"),
        MacroTextSpec("textbraceright", simplify_repl="}"),
    ])
    return LatexNodes2Text(latex_context=db, keep_braced_groups=False, math_mode=math)


_TEXT = _decoder("text")  # titles, names, venues: $\alpha$ -> α
_KEEP_MATH = _decoder("verbatim")  # abstracts keep $...$ for a math renderer

# Text without these is the same after decoding; pylatexenc is slow (~10 µs a character).
_NEEDS_DECODING = re.compile(r"[\\{}$~]|--|``|''|[!?]`")
_BARE = re.compile(r"(?<!\\)[&%]")
_MACRO = re.compile(r"\\(?:[A-Za-z]+\*?|.)")


@functools.lru_cache(maxsize=4096)
def decode(value: str, keep_math: bool = False) -> tuple[str, bool]:
    """(plain Unicode text on one line, whether it decoded cleanly)."""
    ok = True
    if _NEEDS_DECODING.search(value):
        # A bare & or % in a BibTeX field means the character (LaTeX would choke on it).
        value = _BARE.sub(r"\\\g<0>", value)
        if _depth(value) > MAX_DEPTH:
            value, ok = rough(value), False
        else:
            try:
                nodes = LatexWalker(value, latex_context=_WALKER, tolerant_parsing=True).get_latex_nodes()[0]
                value = (_KEEP_MATH if keep_math else _TEXT).nodelist_to_text(nodes)
            except (Exception, RecursionError):  # pylatexenc's own failures: never the build's
                value, ok = rough(value), False
    return " ".join(value.split()), ok


def latex_to_text(value: str, keep_math: bool = False) -> str:
    """LaTeX markup to plain Unicode on one line: ``Caf{\\'e}`` -> ``Café``."""
    return decode(value, keep_math)[0]


def rough(value: str) -> str:
    """The words of LaTeX that could not be parsed: macro names and braces dropped."""
    text = _MACRO.sub(lambda m: m.group(0)[1:] if len(m.group(0)) == 2 and not m.group(0)[1].isalpha() else " ",
                      value)
    return " ".join(text.replace("{", "").replace("}", "").replace("~", " ").split())


def _depth(value: str) -> int:
    depth = most = 0
    for c in value:
        if c == "{":
            depth += 1
            most = max(most, depth)
        elif c == "}":
            depth -= 1
    return most
