"""DOIs and arXiv ids, checked and normalised the same way by every reader.

Exports hold junk in these fields (``doi = {null}``, ``doi = {N/A}``, a DBLP ``\\_``).
An identifier joins records into one paper, so a value that is not one is refused
(the reader warns) instead of merging unrelated papers.
"""
from __future__ import annotations

import re

ARXIV_ID = re.compile(r"(?:arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.IGNORECASE)
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#].*)?$", re.IGNORECASE)
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DOI = re.compile(r"10\.\d{4,9}/\S+")


def doi(value: str) -> str | None:
    """``https://doi.org/10.1000/X\\_1`` -> ``10.1000/X_1``; None when it is no DOI."""
    text = DOI_PREFIX.sub("", re.sub(r"\\([_&%#])", r"\1", value.strip())).strip().rstrip(".")
    return text if DOI.fullmatch(text) else None


def arxiv(value: str) -> str | None:
    """``arXiv:2301.01234v2`` -> ``2301.01234`` (versions are one paper); None when it is no arXiv id."""
    m = ARXIV_ID.fullmatch(value.strip())
    return m.group(1) if m else None


def arxiv_id(value: str) -> str:
    """The id in ``value``, or ``value`` itself when none is found."""
    m = ARXIV_ID.search(value.strip())
    return m.group(1) if m else value.strip()
