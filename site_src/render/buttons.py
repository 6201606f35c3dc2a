"""What a paper page shows to get at the paper: its venue line and its buttons.

The buttons are the ones a reader looks for on a researcher's publication list: PDF,
arXiv, DOI, code, project page (the BibTeX copy and download are the template's).
"""
from __future__ import annotations

from site_src.model import Paper


def venue_line(p: Paper) -> str:
    """``Proceedings of X, vol. 3, no. 2, pp. 1–10 · Publisher`` from what the source gave."""
    biblio = dict(p.biblio)
    where = p.venue or biblio.get("journal") or biblio.get("booktitle") or biblio.get("howpublished", "")
    parts = [where] if where else []
    if volume := biblio.get("volume"):
        parts.append(f"vol. {volume}")
    if number := biblio.get("number"):
        parts.append(f"no. {number}")
    if pages := biblio.get("pages"):
        parts.append(f"pp. {pages}" if "–" in pages or "-" in pages else f"p. {pages}")
    line = ", ".join(parts)
    owner = biblio.get("publisher") or biblio.get("school") or biblio.get("institution") or ""
    if owner and owner not in line:
        line = f"{line} · {owner}" if line else owner
    return line


def buttons(p: Paper) -> list[tuple[str, str, str]]:
    """(kind, label, url) in the order a reader expects them."""
    ids = dict(p.ids)
    out: list[tuple[str, str, str]] = []
    pdfs = list(p.pdf_urls) or ([f"https://arxiv.org/pdf/{ids['arxiv']}"] if "arxiv" in ids else [])
    if pdfs:
        out.append(("pdf", "PDF", pdfs[0]))
    if "arxiv" in ids:
        out.append(("arxiv", f"arXiv:{ids['arxiv']}", f"https://arxiv.org/abs/{ids['arxiv']}"))
    if "doi" in ids:
        out.append(("doi", f"DOI: {ids['doi']}", f"https://doi.org/{ids['doi']}"))
    for i, url in enumerate(p.code_urls):
        out.append(("code", "Code" if i == 0 else f"Code {i + 1}", url))
    projects = [link.url for link in p.links if link.kind == "project"]
    for i, url in enumerate(projects):
        out.append(("project", "Project page" if i == 0 else f"Project page {i + 1}", url))
    return out
