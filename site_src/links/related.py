"""Related papers: for each paper, the few others most alike in content.

Method. Every paper becomes one vector made of three parts, each scaled to unit length
before they are weighted and joined: its title (weight 1.5) and its abstract (weight 1)
over one shared vocabulary of words and two-word phrases (English stop words and the
survey's boilerplate such as "propose" or "results" left out, words in only one paper or
(from 20 papers on) in more than half of them dropped), and its topical tags (weight 0.5,
each tag weighted by how rare it is; year, code and collection say nothing about content).
Terms are weighted as BM25 weighs them (idf times a term frequency that saturates, k1 1.2,
and is normalised by the part's length, b 0.75), so a long abstract's repeated words do not
outweigh a short one's. Compound names count by their parts and their joined form too
(RSMamba -> rsmamba, rs, mamba; GradCAM -> gradcam, grad, cam, as Grad-CAM gives grad, cam). Two papers are as related
as the cosine of their vectors. Each paper keeps its ``k`` nearest others scoring at least
``min_score``, best first, ties broken by slug. The reason shown with each link names
the tags the two papers share and the terms that add most to their similarity.

Stable statistics. Every statistic of the whole survey that a vector reads (the paper count,
each term's and each tag's document count, the average title and abstract lengths) is
taken on a fixed grid: a count up to 16 as it is, above that the nearest power of 2^(1/2)
(17 -> 16, 20 -> 22.6, 100 -> 90.5: points 41% apart); an average always on that grid. The
"more than half" rule compares the two rounded counts. One paper added or removed then
moves a statistic only when it crosses a grid point, so it changes the vectors of that
paper and of the papers holding a term or tag whose rounded count (or kept status) moved,
not of every paper. Why this grid (``bench/related_grid.py``, 50 random additions to
10,000 generated papers): it moves a median 66 vectors an addition (mean 186, at worst
1,131); 2^(1/4) steps move a median 504, 2^(1/3) 412, exact statistics all 10,000. Against
exact statistics, 97% of a list's papers stay (mean overlap 0.967 at 10,000 papers, 0.961
on the seeds) and the seeds' topic groups are found as well as before (in-group recall of
the title-word groups 0.352 against 0.345); a count off by up to 19% moves an idf by at
most 0.17.

Cost: candidates first, then exact scores. Each paper keeps only its strongest
``_PRUNED_TERMS`` entries; the product of those pruned vectors (a block of rows at a time,
kept sparse) gives each paper its ``_CANDIDATES`` best candidates, and only those get the
exact cosine of the full vectors. Time and memory grow with papers x candidates, not papers².
"""
from __future__ import annotations

import os
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy import sparse

from site_src.model import Paper

TITLE_WEIGHT = 1.5
ABSTRACT_WEIGHT = 1.0
TAG_WEIGHT = 0.5  # informs without dominating: two papers on one problem share words, not only tags
BM25_K1, BM25_B = 1.2, 0.75
DEFAULT_MIN_SCORE = 0.1
REASON_TERMS = 3
MAX_DOC_SHARE = 0.5  # a term in more than this share of papers is not content
_MIN_PAPERS_FOR_MAX_DF = 20  # below this, a share says nothing
_BLOCK = 512
_PRUNED_TERMS = 30  # strongest entries per paper used to find candidates
_CANDIDATES = 50  # candidates per paper scored exactly
_WORKERS = min(2, os.cpu_count() or 1)
EXACT_UP_TO = 16  # counts up to this are kept as they are; above, on the grid
GRID_STEPS = 2  # grid points per doubling: 2^(1/2) apart
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
ENGLISH_STOP_WORDS = frozenset(
    line.strip() for line in (Path(__file__).with_name("stopwords.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
_STOP_WORDS = ENGLISH_STOP_WORDS | SURVEY_STOP_WORDS
_WORD = re.compile(r"[a-z][a-z0-9]+")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
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


def stable(values: np.ndarray, exact_up_to: float | None = None) -> np.ndarray:
    """Counts (or averages) on the statistics' grid (see the module's docstring): as they are up
    to ``exact_up_to`` (default ``EXACT_UP_TO``), above it the nearest of 2^(i/GRID_STEPS)
    (``GRID_STEPS`` 0: no grid, the exact statistics, which ``bench/related_grid.py`` compares)."""
    values = np.asarray(values, dtype=np.float64)
    if not GRID_STEPS or not values.size:
        return values
    above = values > (EXACT_UP_TO if exact_up_to is None else exact_up_to)
    out = values.copy()
    out[above] = np.exp2(np.round(np.log2(values[above]) * GRID_STEPS) / GRID_STEPS)
    return out


def average(total: int, n: int) -> float:
    """The mean length of ``n`` parts of ``total`` terms in all, on the grid (1 for none, or all empty)."""
    mean = total / n if n else 0.0
    return float(stable(np.array([mean]), 0.0)[0]) if mean > 0 else 1.0


def _clean(text: str) -> str:
    return _LATEX.sub(lambda m: m.group(1) or " ", text)


def _topics(paper: Paper) -> list[str]:
    derived = set(paper.derived_tags)
    return [t for t in paper.tags if t not in derived]


def _tag_matrix(topics: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Each paper's topical tags (``topics``, one list per paper), weighted by rarity, rows unit length."""
    names = sorted({tag for tags in topics for tag in tags})
    column = {tag: i for i, tag in enumerate(names)}
    if not names:
        return sparse.csr_matrix((len(topics), 0)), names
    df = np.bincount([column[tag] for tags in topics for tag in tags], minlength=len(names))
    return _tag_rows(topics, column, tag_idf(df, len(topics))), names


def tag_idf(df: np.ndarray, n: int) -> np.ndarray:
    """Each tag's rarity weight, from its document count ``df`` (exact: rounded here) among ``n`` papers."""
    return np.asarray(np.log((1 + stable(np.array([n]))[0]) / (1 + stable(df))) + 1.0)


def _tag_rows(topics: Sequence[Sequence[str]], column: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
    """The tag vectors of the papers with these ``topics`` (one row each): each row depends on the
    paper's tags and the weights alone, so a few rows made alone are those rows of the whole matrix."""
    rows, cols = [], []
    for r, tags in enumerate(topics):
        for tag in tags:
            rows.append(r)
            cols.append(column[tag])
    counts = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(topics), len(idf)))
    if not len(idf):
        return counts
    return _unit_rows((counts @ sparse.diags(idf)).tocsr())


def joined(text: sparse.csr_matrix, tags: sparse.csr_matrix) -> sparse.csr_matrix:
    """The vectors two papers' cosine is taken of: text and weighted tags, rows unit length."""
    return _unit_rows(sparse.hstack([text, TAG_WEIGHT * tags]).tocsr())


def _words(text: str) -> tuple[list[str], list[str]]:
    """``(words, parts)``: the text's lower-case words in order (a hyphenated name gives its
    pieces, Grad-CAM -> grad, cam), and the parts of its CamelCase names (RSMamba -> rs, mamba;
    GradCAM -> grad, cam), so the two spellings share terms."""
    words: list[str] = []
    parts: list[str] = []
    for token in _TOKEN.findall(text):
        its_words, its_parts = _token_words(token)
        words += its_words
        if its_parts:
            parts += its_parts
    return words, parts


@lru_cache(maxsize=1 << 16)
def _token_words(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One token's words and CamelCase parts (see :func:`_words`); a survey repeats its words."""
    words = tuple(w for w in token.lower().split("-") if _WORD.fullmatch(w))
    parts: list[str] = []
    for piece in token.split("-"):
        split = _PARTS.findall(piece)
        if len(split) > 1:
            parts += [w for w in (x.lower() for x in split) if _WORD.fullmatch(w) and w not in _STOP_WORDS]
    return words, tuple(parts)


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


def _counts(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """How often each (row, column) pair occurs, as a sparse matrix."""
    ones = np.ones(len(rows))
    return sparse.coo_matrix((ones, (rows, cols)), shape=shape).tocsr()  # duplicates summed


def _bm25(counts: sparse.csr_matrix, idf: np.ndarray, lengths: np.ndarray, average: float) -> sparse.csr_matrix:
    """BM25 term weights (saturating term frequency, normalised by length), each row unit length."""
    weighted = counts.copy()
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / average)
    tf = weighted.data
    row_norm = np.repeat(norm, np.diff(weighted.indptr))
    weighted.data = tf * (BM25_K1 + 1) / (tf + row_norm) * idf[weighted.indices]
    return _unit_rows(weighted)


PaperTerms = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def paper_terms(paper: Paper) -> PaperTerms:
    """One paper's terms as the text vectors count them: its title's, its abstract's, and the
    phrase across the two (see :func:`_text_matrix`); they depend on the paper alone."""
    title_words, title_parts = _words(_clean(paper.title))
    abstract_words, abstract_parts = _words(_clean(paper.abstract))
    return (tuple(_terms_of(title_words) + title_parts), tuple(_terms_of(abstract_words) + abstract_parts),
            tuple(_phrase_across(title_words, abstract_words)))


def _text_matrix(papers: list[Paper], own: Sequence[PaperTerms] | None = None) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Title and abstract TF-IDF (each row unit length), weighted, joined and unit again.

    A paper's document frequencies come from "title. abstract": the title's terms, the
    abstract's and the one phrase across the two. Terms in one paper only, or (from 20
    papers on) in more than half of them, are dropped; columns are in term order.
    """
    n = len(papers)
    # Each paper's terms become ids at once, so only distinct term strings are kept.
    index: defaultdict[str, int] = defaultdict(count().__next__)
    codes, paper_of, which, sizes = _coded([paper_terms(p) for p in papers] if own is None else own,
                                           index.__getitem__)
    unique = list(index)
    vocabulary = len(unique)
    df = np.bincount(_counts(paper_of, codes, (n, vocabulary)).indices, minlength=vocabulary)
    kept = np.flatnonzero(kept_terms(df, n))
    if not len(kept):  # too few papers, or no word shared by two of them
        return sparse.csr_matrix((n, 0)), np.array([], dtype=object)
    names = np.array([unique[i] for i in kept], dtype=object)
    by_name = np.argsort(names.astype(str), kind="stable")
    column = np.full(vocabulary, -1, dtype=np.int64)
    column[kept[by_name]] = np.arange(len(kept))
    averages = (average(int(sizes[:, 0].sum()), n), average(int(sizes[:, 1].sum()), n))
    return _text_rows(paper_of, which, column[codes], sizes, text_idf(df[kept[by_name]], n), averages), names[by_name]


def _coded(own: Sequence[PaperTerms], code: Callable[[str], int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every term of these papers by ``code``: ``(codes, paper_of, which, sizes)``, the paper (row)
    and part (0 title, 1 abstract, 2 across) of each, and each paper's three part sizes."""
    n = len(own)
    codes_of: list[np.ndarray] = []
    sizes = np.zeros((n, 3), dtype=np.int64)  # per paper: title, abstract, across
    for row, terms_of in enumerate(own):
        for part, terms in enumerate(terms_of):
            codes_of.append(np.fromiter(map(code, terms), dtype=np.int64, count=len(terms)))
            sizes[row, part] = len(terms)
    codes = np.concatenate(codes_of) if codes_of else np.zeros(0, dtype=np.int64)
    paper_of = np.repeat(np.repeat(np.arange(n, dtype=np.int64), 3), sizes.ravel())
    which = np.repeat(np.tile(np.arange(3), n), sizes.ravel())
    return codes, paper_of, which, sizes


def kept_terms(df: np.ndarray, n: int) -> np.ndarray:
    """Whether each term, in ``df`` of ``n`` papers, is content: in two papers at least and (from 20
    papers on) in fewer than half of them, both counts rounded."""
    if n < _MIN_PAPERS_FOR_MAX_DF:
        return np.asarray(df >= 2)
    return np.asarray((df >= 2) & (stable(df) < MAX_DOC_SHARE * stable(np.array([n]))[0]))


def text_idf(df: np.ndarray, n: int) -> np.ndarray:
    """BM25's idf of terms in ``df`` (exact: rounded here) of ``n`` papers."""
    rounded_n, rounded_df = stable(np.array([n]))[0], stable(df)
    return np.asarray(np.log1p((rounded_n - rounded_df + 0.5) / (rounded_df + 0.5)))


def _text_rows(paper_of: np.ndarray, which: np.ndarray, cols: np.ndarray, sizes: np.ndarray, idf: np.ndarray,
               averages: tuple[float, float]) -> sparse.csr_matrix:
    """The text vectors of papers whose terms are ``cols`` (a term's column, -1 if not kept) in rows
    ``paper_of`` and parts ``which``: each row depends on the paper's terms and the statistics alone,
    so a few rows made alone are those rows of the whole matrix, to the bit."""
    shape = (len(sizes), len(idf))
    matrices = []
    for part in (0, 1):
        chosen = (which == part) & (cols >= 0)
        matrices.append(_bm25(_counts(paper_of[chosen], cols[chosen], shape), idf, sizes[:, part], averages[part]))
    text = TITLE_WEIGHT * matrices[0] + ABSTRACT_WEIGHT * matrices[1]
    return _unit_rows(text.tocsr())


def _pruned(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row's ``keep`` largest entries (ties by column), the rest dropped."""
    lengths = np.diff(matrix.indptr)
    row_of = np.repeat(np.arange(matrix.shape[0]), lengths)
    # Entries are in (0, 1], so this key sorts by row, then largest first (ties by column).
    order = np.argsort(row_of + (1.0 - matrix.data), kind="stable")
    rank = np.arange(matrix.nnz) - np.repeat(matrix.indptr[:-1], lengths)
    chosen = order[rank < keep]
    return sparse.csr_matrix(
        (matrix.data[chosen], (row_of[chosen], matrix.indices[chosen])), shape=matrix.shape
    )


def _exact(matrix: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The full cosine of each pair (rows[i], cols[i])."""
    if not len(rows):
        return np.zeros(0)
    return np.asarray(matrix[rows].multiply(matrix[cols]).sum(axis=1)).ravel()


def _top_k(matrix: sparse.csr_matrix, k: int, min_score: float) -> list[list[tuple[float, int]]]:
    """For each row, up to ``k`` (score, column) of its most similar other rows.

    Candidates come from a product of pruned rows (each row's strongest terms only), which
    stays sparse; only those candidates get their exact cosine from the full rows, once per
    pair (two papers are often each other's candidates: about 40% of the pairs at 10,000).
    """
    n = matrix.shape[0]
    keep = min(k, n - 1)
    if keep <= 0:
        return [[] for _ in range(n)]
    pruned = _pruned(matrix, _PRUNED_TERMS)
    transposed = pruned.T.tocsr()  # once: a product with a CSC matrix would convert it every block

    def block_candidates(start: int) -> tuple[np.ndarray, np.ndarray]:
        block = (pruned[start : start + _BLOCK] @ transposed).tocsr()
        rows, cols = [], []
        for r in range(block.shape[0]):
            lo, hi = block.indptr[r], block.indptr[r + 1]
            found, scores = block.indices[lo:hi], block.data[lo:hi]
            mask = found != start + r  # never related to itself
            found, scores = found[mask], scores[mask]
            if len(found) > _CANDIDATES:  # the best, ties at the cut-off going by slug order
                scores = np.round(scores, 9)
                cut = -np.partition(-scores, _CANDIDATES - 1)[_CANDIDATES - 1]
                above = found[scores > cut]
                found = np.concatenate([above, np.sort(found[scores == cut])[: _CANDIDATES - len(above)]])
            rows.append(np.full(len(found), start + r))
            cols.append(found)
        return np.concatenate(rows).astype(np.int64), np.concatenate(cols).astype(np.int64)

    found = list(_blocks(block_candidates, range(0, n, _BLOCK)))
    rows, cols = np.concatenate([r for r, _ in found]), np.concatenate([c for _, c in found])
    # each pair scored once, the paper first in slug order first: a pair has one score both ways (summed
    # the other way round, a fifth of them differed in the last bit, none at the six decimals kept)
    pairs, back = np.unique(np.minimum(rows, cols) * n + np.maximum(rows, cols), return_inverse=True)
    firsts, seconds = pairs // n, pairs % n
    chunks = range(0, len(pairs), _BLOCK * _CANDIDATES)
    exact = np.concatenate([np.zeros(0), *_blocks(
        lambda at: _exact(matrix, firsts[at : at + _BLOCK * _CANDIDATES], seconds[at : at + _BLOCK * _CANDIDATES]),
        chunks)])
    scores = np.round(exact, 6)[back]
    good = scores >= max(min_score, 1e-9)
    rows, cols, scores = rows[good], cols[good], scores[good]
    order = np.lexsort((cols, -scores, rows))  # each row's best first, equal scores by slug
    rows, cols, scores = rows[order], cols[order], scores[order]
    starts = np.searchsorted(rows, np.arange(n + 1))
    hits: list[list[tuple[float, int]]] = []
    for lo, hi in zip(starts[:-1].tolist(), starts[1:].tolist(), strict=True):
        hi = min(hi, lo + keep)
        hits.append(list(zip(scores[lo:hi].tolist(), cols[lo:hi].tolist(), strict=True)))
    return hits


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


def _by_weight(products: sparse.csr_matrix) -> list[int]:
    """Each row's columns, heaviest product first (equal ones by column), rows one after another."""
    row_of = np.repeat(np.arange(products.shape[0]), np.diff(products.indptr))
    columns: list[int] = products.indices[np.lexsort((products.indices, -products.data, row_of))].tolist()
    return columns


def _shared_terms(columns: list[int], terms: list[str], words_of: list[frozenset[str]]) -> list[str]:
    """The terms that add most to one pair's similarity, from its columns heaviest first."""
    picked: list[str] = []
    picked_words: list[frozenset[str]] = []
    for column in columns:
        words = words_of[column]
        # "remote sensing" already says "remote" and "sensing".
        if any(words <= p or p <= words for p in picked_words):
            continue
        picked.append(terms[column])
        picked_words.append(words)
        if len(picked) == REASON_TERMS:
            break
    return picked


def _reason(topics: tuple[str, ...], other: frozenset[str], terms: list[str]) -> str:
    """Why a paper (its ``topics``) is related to another (``other``, its topics): tags, then terms."""
    shared = [tag for tag in topics if tag in other]
    parts = []
    if shared:
        parts.append("shared: " + ", ".join(shared))
    if terms:
        parts.append("terms: " + ", ".join(terms))
    return "; ".join(parts)


def related_papers(
    papers: list[Paper], k: int = 5, min_score: float = DEFAULT_MIN_SCORE, own: Sequence[PaperTerms] | None = None
) -> dict[str, tuple[Related, ...]]:
    """Each paper's slug -> up to ``k`` related papers, most similar first. ``own``: each paper's
    :func:`paper_terms`, in order, when the caller has them (made here otherwise)."""
    order = sorted(range(len(papers)), key=lambda i: papers[i].slug)
    ordered = [papers[i] for i in order]
    text, terms = _text_matrix(ordered, None if own is None else [own[i] for i in order])
    topics = [tuple(_topics(p)) for p in ordered]
    tags, _ = _tag_matrix(topics)
    matrix = joined(text, tags)
    hits = _top_k(matrix, k, min_score)
    names = [str(term) for term in terms]
    words_of = [frozenset(term.split()) for term in names]
    topic_sets = [frozenset(t) for t in topics]
    result: dict[str, tuple[Related, ...]] = {}
    ahead: dict[tuple[int, int], list[str]] = {}  # the terms of pairs a later block lists again
    for start in range(0, len(hits), _BLOCK):
        # The term-by-term products of a block's linked pairs at once, for the reasons; a pair's
        # terms are the same both ways, so (b, a) reuses what (a, b) found.
        block = hits[start : start + _BLOCK]
        pairs = sorted({(min(row, col), max(row, col)) for row, found in enumerate(block, start) for _score, col in found}
                       - ahead.keys())
        products = sparse.csr_matrix((len(pairs), text.shape[1]))
        if pairs and text.shape[1]:
            rows, cols = (np.array(side) for side in zip(*pairs, strict=True))
            products = text[rows].multiply(text[cols]).tocsr()
        heaviest, bounds = _by_weight(products), products.indptr.tolist()
        found_terms = {pair: _shared_terms(heaviest[bounds[at] : bounds[at + 1]], names, words_of)
                       for at, pair in enumerate(pairs)}
        for row, found in enumerate(block, start):
            related = []
            for score, col in found:
                pair = (min(row, col), max(row, col))
                terms_of = ahead.pop(pair) if pair in ahead else found_terms[pair]
                if col >= start + _BLOCK and any(back == row for _, back in hits[col]):
                    ahead[pair] = terms_of  # for the other paper's list, in a later block
                reason = _reason(topics[row], topic_sets[col], terms_of)
                related.append(Related(slug=ordered[col].slug, score=score, reason=reason))
            result[ordered[row].slug] = tuple(related)
    return result
