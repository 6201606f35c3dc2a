"""Related papers: for each paper, the few others most alike in content.

Method. Every paper becomes one vector made of three parts, each scaled to unit length
before they are weighted and joined: its title (weight 1.5) and its abstract (weight 1)
as TF-IDF over one shared vocabulary of words and two-word phrases (English stop words
and the survey's boilerplate such as "propose" or "results" left out, words in only one
paper or (from 20 papers on) in more than half of them dropped, term counts log-scaled), and its tags
(weight 1, each tag weighted by how rare it is). Two papers are as related as the
cosine of their vectors. Each paper keeps its ``k`` nearest others scoring at least
``min_score``, best first, ties broken by slug. The reason shown with each link names
the tags the two papers share and the terms that add most to their similarity.

Cost: similarities are computed a block of rows at a time (sparse times sparse, then
a top-k partition of each block), so memory stays at block x papers, never papers².
"""
from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .model import Paper

TITLE_WEIGHT = 1.5
ABSTRACT_WEIGHT = 1.0
TAG_WEIGHT = 1.0
DEFAULT_MIN_SCORE = 0.1
REASON_TERMS = 3
MAX_DOC_SHARE = 0.5  # a term in more than this share of papers is not content
_MIN_PAPERS_FOR_MAX_DF = 20  # below this, a share says nothing
_BLOCK = 512
_WORKERS = min(2, os.cpu_count() or 1)
_T = TypeVar("_T")

# Words every abstract in a survey uses; sharing them says nothing about content.
SURVEY_STOP_WORDS = frozenset(
    """
    paper papers propose proposed proposes approach approaches method methods model models
    result results show shows shown demonstrate demonstrates experiment experiments
    experimental performance state art based using use used new novel existing work
    works task tasks significantly significant improve improves improved improvement
    achieve achieves achieved effective effectiveness extensive code available github
    com https http www org study studies problem problems framework technique techniques
    existing recent recently previous different various large small high low better best
    outperforms outperform compared including provide provides introduce introduced also
    present presents furthermore moreover however address data learning deep network
    networks neural like far holds make makes making way given able allow allows
    """.split()
)
_STOP_WORDS = ENGLISH_STOP_WORDS | SURVEY_STOP_WORDS
_WORD = re.compile(r"[a-z][a-z0-9]+")
_LATEX = re.compile(r"\\[a-zA-Z]+\{([^}]*)\}|\\[a-zA-Z]+|https?://\S+")


@dataclass(frozen=True, slots=True)
class Related:
    """One related paper: its slug, cosine score (0..1) and why it is related."""

    slug: str
    score: float
    reason: str


def _unit_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    """Rows scaled to length 1 (all-zero rows stay zero), as CSR."""
    matrix = sparse.csr_matrix(matrix, dtype=np.float64)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.diags(scale) @ matrix


def _clean(text: str) -> str:
    return _LATEX.sub(lambda m: m.group(1) or " ", text)


def _tag_matrix(papers: list[Paper]) -> tuple[sparse.csr_matrix, list[str]]:
    names = sorted({tag for paper in papers for tag in paper.tags})
    column = {tag: i for i, tag in enumerate(names)}
    rows, cols = [], []
    for r, paper in enumerate(papers):
        for tag in paper.tags:
            rows.append(r)
            cols.append(column[tag])
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(papers), len(names)))
    if not names:
        return counts, names
    df = np.asarray((counts > 0).sum(axis=0)).ravel()
    counts = counts @ sparse.diags(np.log((1 + len(papers)) / (1 + df)) + 1.0)
    return _unit_rows(counts.tocsr()), names


def _terms(text: str) -> list[str]:
    """Words and two-word phrases; a phrase never spans a stop word ("whole slide", not "instance slide")."""
    return _terms_of(_WORD.findall(text.lower()))


def _terms_of(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in _STOP_WORDS]
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a not in _STOP_WORDS and b not in _STOP_WORDS]
    return kept + pairs


def _phrase_across(title_words: list[str], abstract_words: list[str]) -> list[str]:
    """The phrase made by the title's last word and the abstract's first, if both are content."""
    if title_words and abstract_words and title_words[-1] not in _STOP_WORDS and abstract_words[0] not in _STOP_WORDS:
        return [f"{title_words[-1]} {abstract_words[0]}"]
    return []


def _given(terms: list[str]) -> list[str]:
    return terms


def _text_matrix(papers: list[Paper]) -> tuple[sparse.csr_matrix, np.ndarray]:
    # Each text is split into words once. A paper's vocabulary comes from "title. abstract",
    # whose terms are the title's, the abstract's and the one phrase across the two.
    title_words = [_WORD.findall(_clean(p.title).lower()) for p in papers]
    abstract_words = [_WORD.findall(_clean(p.abstract).lower()) for p in papers]
    titles = [_terms_of(words) for words in title_words]
    abstracts = [_terms_of(words) for words in abstract_words]
    whole = [t + a + _phrase_across(tw, aw) for t, a, tw, aw in zip(titles, abstracts, title_words, abstract_words, strict=True)]
    vectorizer = TfidfVectorizer(
        analyzer=_given,
        min_df=2,
        max_df=MAX_DOC_SHARE if len(papers) >= _MIN_PAPERS_FOR_MAX_DF else 1.0,
        sublinear_tf=True,
    )
    try:
        vectorizer.fit(whole)
    except ValueError:  # too few papers, or no word shared by two of them
        return sparse.csr_matrix((len(papers), 0)), np.array([], dtype=object)
    text = TITLE_WEIGHT * vectorizer.transform(titles) + ABSTRACT_WEIGHT * vectorizer.transform(abstracts)
    return _unit_rows(text.tocsr()), vectorizer.get_feature_names_out()


def _top_k(matrix: sparse.csr_matrix, k: int, min_score: float) -> list[list[tuple[float, int]]]:
    """For each row, up to ``k`` (score, column) of its most similar other rows."""
    n = matrix.shape[0]
    keep = min(k, n - 1)
    if keep <= 0:
        return [[] for _ in range(n)]
    transposed = matrix.T.tocsr()  # once: a product with a CSC matrix would convert it every block

    def block_scores(start: int) -> tuple[np.ndarray, np.ndarray]:
        block = (matrix[start : start + _BLOCK] @ transposed).toarray()
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -1.0  # never related to itself
        return block, np.partition(block, n - keep, axis=1)[:, n - keep]  # the k-th best score

    found: list[list[tuple[float, int]]] = []
    for block, kth in _blocks(block_scores, range(0, n, _BLOCK)):
        # Everything tied with the k-th best stays a candidate, so ties go by slug order.
        for r in range(block.shape[0]):
            cols = np.flatnonzero(block[r] >= max(kth[r], min_score, 1e-9))
            scores = np.round(block[r, cols], 6)
            order = np.lexsort((cols, -scores))[:keep]
            found.append([(float(scores[i]), int(cols[i])) for i in order])
    return found


def _blocks(work: Callable[[int], _T], starts: range) -> Iterator[_T]:
    """``work(start)`` for each start, in order, on up to ``_WORKERS`` threads (sparse products
    release the GIL) with at most that many blocks in memory at once."""
    with ThreadPoolExecutor(_WORKERS) as pool:
        pending: deque[Future[_T]] = deque()
        for start in starts:
            pending.append(pool.submit(work, start))
            if len(pending) == _WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _shared_terms(products: sparse.csr_matrix, row: int, terms: list[str],
                  words_of: list[frozenset[str]]) -> list[str]:
    """The terms of one pair's term-by-term product that add most to its similarity."""
    start, end = products.indptr[row], products.indptr[row + 1]
    columns, weights = products.indices[start:end], products.data[start:end]
    picked: list[str] = []
    picked_words: list[frozenset[str]] = []
    for column in columns[np.lexsort((columns, -weights))].tolist():
        words = words_of[column]
        # "remote sensing" already says "remote" and "sensing".
        if any(words <= p or p <= words for p in picked_words):
            continue
        picked.append(terms[column])
        picked_words.append(words)
        if len(picked) == REASON_TERMS:
            break
    return picked


def _reason(a: Paper, b: Paper, terms: list[str]) -> str:
    other = set(b.tags)
    shared = [tag for tag in a.tags if tag in other]
    parts = []
    if shared:
        parts.append("shared: " + ", ".join(shared))
    if terms:
        parts.append("terms: " + ", ".join(terms))
    return "; ".join(parts)


def related_papers(
    papers: list[Paper], k: int = 5, min_score: float = DEFAULT_MIN_SCORE
) -> dict[str, tuple[Related, ...]]:
    """Each paper's slug -> up to ``k`` related papers, most similar first."""
    order = sorted(range(len(papers)), key=lambda i: papers[i].slug)
    ordered = [papers[i] for i in order]
    text, terms = _text_matrix(ordered)
    tags, _ = _tag_matrix(ordered)
    matrix = _unit_rows(sparse.hstack([text, TAG_WEIGHT * tags]).tocsr())
    hits = _top_k(matrix, k, min_score)
    pairs = [(row, col) for row, found in enumerate(hits) for _score, col in found]
    # Every linked pair's term-by-term product at once, for the reasons.
    products = sparse.csr_matrix((len(pairs), text.shape[1]))
    if pairs and text.shape[1]:
        rows, cols = (np.array(side) for side in zip(*pairs, strict=True))
        products = text[rows].multiply(text[cols]).tocsr()
    names = [str(term) for term in terms]
    words_of = [frozenset(term.split()) for term in names]
    result: dict[str, tuple[Related, ...]] = {}
    at = 0
    for row, found in enumerate(hits):
        paper = ordered[row]
        related = []
        for score, col in found:
            reason = _reason(paper, ordered[col], _shared_terms(products, at, names, words_of))
            related.append(Related(slug=ordered[col].slug, score=score, reason=reason))
            at += 1
        result[paper.slug] = tuple(related)
    return result
