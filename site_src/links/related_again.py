"""Related papers again: the last build's related papers updated after papers are added, removed or edited.

A long-lived process (the dev server, the warm build process) keeps a :class:`RelatedState`
between builds; :func:`related_again` compares the survey with it (by each paper's
:func:`~site_src.links.related.paper_terms` and topics) and gives exactly what
:func:`~site_src.links.related.related_papers` gives from scratch, doing only what the change
reaches. That is small because the statistics are stable (see the method's docstring): a
vector moves only when the paper changed or holds a term or tag whose rounded count or kept
status moved. Then

- the moved vectors are made again alone (each row depends on its paper and the statistics
  only, so they are those rows of the whole matrix, to the bit) and put in place of the old;
  columns are remapped when the vocabulary changed (a term reaching two papers);
- each paper keeps its candidates with a margin (the best ``_CANDIDATES + _MARGIN`` by the
  pruned product, all ties at that cut): a paper that did not move changes only its entries
  with moved papers, which are scored again from the moved side (the same terms summed in the
  same order, so the same bits); a row whose kept entries no longer hold ``_CANDIDATES`` at or
  above its cut is scored again whole;
- exact cosines, the top ``k`` and reasons are made again only for the papers whose candidates
  changed or hold a moved paper.

When the rounded paper count or an average length moved, ``k`` changed, or more than
``FULL_SHARE`` of the vectors moved, everything is made again (by the same code, with every
paper moved).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from site_src.links.related import (
    _BLOCK,
    _CANDIDATES,
    _PRUNED_TERMS,
    DEFAULT_MIN_SCORE,
    PaperTerms,
    Related,
    _blocks,
    _by_weight,
    _coded,
    _exact,
    _pruned,
    _reason,
    _shared_terms,
    _tag_rows,
    _text_rows,
    _topics,
    average,
    joined,
    kept_terms,
    stable,
    tag_idf,
    text_idf,
)
from site_src.model import Paper

FULL_SHARE = 0.25  # more moved vectors than this share of the papers: everything again, which costs less
_MARGIN = 30  # candidates kept beyond those used, so that a moved paper leaving a list rarely empties it

Own = tuple[PaperTerms, tuple[str, ...]]  # what a paper's vector is made of: its terms and its topics


@dataclass
class RelatedState:
    """What the last :func:`related_again` computed, for the next (rows in slug order)."""

    k: int = 0
    min_score: float = 0.0
    slugs: list[str] = field(default_factory=list)
    own: dict[str, Own] = field(default_factory=dict)
    df: Counter[str] = field(default_factory=Counter)  # papers holding each term, in any part
    holders: dict[str, set[str]] = field(default_factory=dict)  # papers whose title or abstract holds it
    tag_df: Counter[str] = field(default_factory=Counter)
    tag_holders: dict[str, set[str]] = field(default_factory=dict)
    lengths: tuple[int, int] = (0, 0)  # all titles' terms, all abstracts'
    stats: tuple[object, ...] = ()  # what every vector reads: moved, everything is made again
    names: np.ndarray = field(default_factory=lambda: np.array([], dtype=str))  # the kept terms, sorted
    idf: np.ndarray = field(default_factory=lambda: np.zeros(0))  # theirs
    text: sparse.csr_matrix | None = None
    matrix: sparse.csr_matrix | None = None
    pruned: sparse.csr_matrix | None = None
    tag_names: list[str] = field(default_factory=list)
    candidates: tuple[np.ndarray, np.ndarray, np.ndarray] = ()  # type: ignore[assignment]  # rows, cols, scores
    cut: np.ndarray = field(default_factory=lambda: np.zeros(0))  # each row's lowest kept score; -1: all kept
    top: tuple[np.ndarray, np.ndarray, np.ndarray] = ()  # type: ignore[assignment]  # rows, cols, exact scores
    pair_terms: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    result: dict[str, tuple[Related, ...]] = field(default_factory=dict)


def related_again(papers: list[Paper], own: Sequence[PaperTerms], last: RelatedState | None, k: int = 5,
                  min_score: float = DEFAULT_MIN_SCORE) -> tuple[dict[str, tuple[Related, ...]], RelatedState]:
    """What ``related_papers(papers, k, min_score, own)`` gives, from ``last`` (None: from scratch),
    and the state the next call starts from."""
    now = {p.slug: (terms, tuple(_topics(p))) for p, terms in zip(papers, own, strict=True)}
    if last is not None and (last.k, last.min_score) == (k, min_score):
        state = _update(last, now)
        if state is not None:
            return dict(state.result), state
    state = _update(RelatedState(k=k, min_score=min_score), now)
    assert state is not None
    return dict(state.result), state


def _words(terms: Own) -> tuple[set[str], set[str]]:
    """(every term the paper's counts take, the terms its vector holds)."""
    title, abstract, across = terms[0]
    held = {*title, *abstract}
    return held | set(across), held


def _update(last: RelatedState, now: dict[str, Own]) -> RelatedState | None:
    """``last`` moved to the survey ``now``; None when it costs more than starting again."""
    old = last.own
    removed = [s for s in old if s not in now]
    added = [s for s in now if s not in old]
    changed = [s for s in now if s in old and old[s] != now[s]]
    if not (removed or added or changed) and last.matrix is not None:
        return last
    fresh = last.matrix is None
    state = last if not fresh else RelatedState(k=last.k, min_score=last.min_score)
    if fresh:
        old, removed, changed, added = {}, [], [], list(now)
    words = {slug: _words(old[slug]) for slug in removed + changed}
    new_words = {slug: _words(now[slug]) for slug in added + changed}
    touched = set().union(*(every for every, _ in words.values()), *(every for every, _ in new_words.values()))
    tags_touched = {tag for slug in removed + changed for tag in old[slug][1]} | {
        tag for slug in added + changed for tag in now[slug][1]}
    then = {t: state.df[t] for t in touched} if not fresh else {}
    tags_then = {t: state.tag_df[t] for t in tags_touched} if not fresh else {}
    titles, abstracts = state.lengths
    for slug in removed + changed:  # their old terms out of the counts
        every, held = words[slug]
        state.df.subtract(every)
        for term in held:
            state.holders[term].discard(slug)
        for tag in set(old[slug][1]):
            state.tag_df[tag] -= 1
            state.tag_holders[tag].discard(slug)
        titles -= len(old[slug][0][0])
        abstracts -= len(old[slug][0][1])
    for slug in added + changed:
        every, held = new_words[slug]
        state.df.update(every)
        for term in held:
            state.holders.setdefault(term, set()).add(slug)
        for tag in set(now[slug][1]):
            state.tag_df[tag] += 1
            state.tag_holders.setdefault(tag, set()).add(slug)
        titles += len(now[slug][0][0])
        abstracts += len(now[slug][0][1])
    n = len(now)
    state.lengths = (titles, abstracts)
    state.own = now
    stats = (stable(np.array([n]))[0], n >= 20, min(state.k, n - 1), average(titles, n), average(abstracts, n))
    if not fresh and stats != state.stats:
        return None
    state.stats = stats
    slugs = sorted(now)
    if fresh:
        moved = set(slugs)
    else:
        moved = set(added) | set(changed) | _moved(state, then, tags_then, len(old), n)
        if len(moved) > FULL_SHARE * n:
            return None
    _vectors(state, slugs, moved, touched, fresh)
    _candidates(state, slugs, moved, fresh)
    return state


def _moved(state: RelatedState, then: dict[str, int], tags_then: dict[str, int], old_n: int, n: int) -> set[str]:
    """The papers holding a term whose kept status or rounded count moved, or a tag whose rounded
    count moved (``then``, ``tags_then``: the counts before, of the terms and tags the change touched)."""
    terms = list(then)
    before = np.array(list(then.values()), dtype=np.int64)
    after = np.array([state.df[t] for t in terms], dtype=np.int64)
    kept_then, kept_now = kept_terms(before, old_n), kept_terms(after, n)
    moves = (kept_then | kept_now) & ((kept_then != kept_now) | (stable(before) != stable(after)))
    moved: set[str] = set()
    for at in np.flatnonzero(moves).tolist():
        moved |= state.holders.get(terms[at], set())
    tags = list(tags_then)
    tags_before = np.array(list(tags_then.values()), dtype=np.int64)
    tags_after = np.array([state.tag_df[t] for t in tags], dtype=np.int64)
    for at in np.flatnonzero(stable(tags_before) != stable(tags_after)).tolist():
        moved |= state.tag_holders.get(tags[at], set())
    return moved


def _vectors(state: RelatedState, slugs: list[str], moved: set[str], touched: set[str], fresh: bool) -> None:
    """The moved papers' vectors made again, the others' kept (their columns remapped)."""
    n = len(slugs)
    old_names = state.names
    terms = sorted(t for t, c in state.df.items() if c >= 2) if fresh else sorted(touched)
    counts = np.array([state.df[t] for t in terms], dtype=np.int64)
    now_kept = np.array(terms, dtype=str)[kept_terms(counts, n)] if terms else np.array([], dtype=str)
    if fresh:
        names = now_kept
        idf = text_idf(counts[kept_terms(counts, n)], n) if terms else np.zeros(0)
    else:  # the old vocabulary, less the touched terms no longer kept, with those now kept
        names, idf = _vocabulary(old_names, state.idf, np.array(terms, dtype=str), now_kept)
        at = np.searchsorted(names, now_kept)
        idf[at] = text_idf(np.array([state.df[t] for t in now_kept.tolist()], dtype=np.int64), n)
    state.idf = idf
    tag_names = sorted(t for t, c in state.tag_df.items() if c > 0)
    tag_column = {t: i for i, t in enumerate(tag_names)}
    rows = [s for s in slugs if s in moved]
    own = [state.own[s] for s in rows]
    needed = np.array(sorted({t for terms, _ in own for part in terms for t in part}), dtype=str)
    at = np.minimum(np.searchsorted(names, needed), max(len(names) - 1, 0))
    hit = names[at] == needed if len(names) else np.zeros(len(needed), dtype=bool)
    column = dict(zip(needed.tolist(), np.where(hit, at, -1).tolist(), strict=True))
    codes, paper_of, which, sizes = _coded([terms for terms, _ in own], column.__getitem__)
    averages = (float(state.stats[3]), float(state.stats[4]))  # type: ignore[arg-type]
    text = _text_rows(paper_of, which, codes, sizes, idf, averages)
    tags = _tag_rows([topics for _, topics in own], tag_column,
                     tag_idf(np.array([state.tag_df[t] for t in tag_names]), n) if tag_names else np.zeros(0))
    matrix = joined(text, tags)
    pruned = _pruned(matrix, _PRUNED_TERMS)
    if not fresh:
        width, tag_width = len(old_names), len(state.tag_names)
        text_map = np.searchsorted(names, old_names) if width else np.zeros(0, dtype=np.int64)
        tag_map = np.array([tag_column.get(t, -1) for t in state.tag_names], dtype=np.int64)
        full_map = np.concatenate([text_map, len(names) + tag_map]) if tag_width else text_map
        index = {s: i for i, s in enumerate(state.slugs)}
        stay = [s for s in slugs if s not in moved]
        old_rows = np.array([index[s] for s in stay], dtype=np.int64)
        order = np.argsort(np.array([*(i for i, s in enumerate(slugs) if s not in moved),
                                     *(i for i, s in enumerate(slugs) if s in moved)]), kind="stable")
        assert state.text is not None and state.matrix is not None and state.pruned is not None
        text = _stacked(state.text, old_rows, text_map, text, len(names), order)
        matrix = _stacked(state.matrix, old_rows, full_map, matrix, matrix.shape[1], order)
        pruned = _stacked(state.pruned, old_rows, full_map, pruned, matrix.shape[1], order)
    state.names, state.tag_names = names, tag_names
    state.text, state.matrix, state.pruned = text, matrix, pruned


def _vocabulary(names: np.ndarray, idf: np.ndarray, touched: np.ndarray,
                kept: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``names`` (sorted) less the ``touched`` terms not ``kept``, with the ``kept`` ones not in it,
    and their ``idf`` moved along (a new term's is 0 until set)."""
    if not len(names):
        return kept, np.zeros(len(kept))
    at = np.minimum(np.searchsorted(names, touched), len(names) - 1)
    present = names[at] == touched
    gone = at[present & ~np.isin(touched, kept)]
    if len(gone):
        names, idf = np.delete(names, gone), np.delete(idf, gone)
    if not len(names):
        return kept, np.zeros(len(kept))
    at = np.minimum(np.searchsorted(names, kept), len(names) - 1)
    new = kept[names[at] != kept]
    if len(new):
        if new.dtype.itemsize > names.dtype.itemsize:  # numpy would cut the longer terms short
            names = names.astype(new.dtype)
        where = np.searchsorted(names, new)
        names, idf = np.insert(names, where, new), np.insert(idf, where, 0.0)
    return names, idf.copy()


def _stacked(old: sparse.csr_matrix, rows: np.ndarray, columns: np.ndarray, new: sparse.csr_matrix, width: int,
             order: np.ndarray) -> sparse.csr_matrix:
    """The kept ``rows`` of ``old`` (their ``columns`` remapped), then the ``new`` rows, put in ``order``."""
    kept = old[rows]
    kept = sparse.csr_matrix((kept.data, columns[kept.indices] if len(kept.indices) else kept.indices, kept.indptr),
                             shape=(len(rows), width))
    return sparse.vstack([kept, new], format="csr")[order]


def _candidates(state: RelatedState, slugs: list[str], moved: set[str], fresh: bool) -> None:
    """Each paper's candidates, their exact scores, its top ``k`` and their reasons, where the change reached."""
    assert state.matrix is not None and state.pruned is not None and state.text is not None
    n = len(slugs)
    is_moved = np.array([s in moved for s in slugs], dtype=bool)
    transposed = state.pruned.T.tocsr()
    if fresh:
        rows, cols, scores = (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),)
        cut = np.full(n, -1.0)
        old_top = (np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),)
    else:
        new_of = np.full(len(state.slugs) + 1, -1, dtype=np.int64)  # old row -> new row; -1 gone
        where = {s: i for i, s in enumerate(slugs)}
        new_of[:-1] = [where.get(s, -1) for s in state.slugs]
        rows, cols, scores = state.candidates
        rows, cols = new_of[rows], new_of[cols]
        keep = (rows >= 0) & (cols >= 0)
        keep[keep] = ~is_moved[rows[keep]] & ~is_moved[cols[keep]]
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
        cut = np.full(n, -1.0)
        stayed = new_of[:-1] >= 0
        cut[new_of[:-1][stayed]] = state.cut[stayed]
        # the moved papers' entries in the others' rows, scored from the moved side
        moved_rows = np.flatnonzero(is_moved)
        product = (state.pruned[moved_rows] @ transposed).tocoo()
        other, mine, score = product.col, moved_rows[product.row], np.round(product.data, 9)
        take = ~is_moved[other] & (score >= cut[other])
        rows, cols, scores = (np.concatenate([rows, other[take]]), np.concatenate([cols, mine[take]]),
                              np.concatenate([scores, score[take]]))
        top_rows, top_cols, top_exact = state.top
        top_rows, top_cols = new_of[top_rows], new_of[top_cols]
        alive = (top_rows >= 0) & (top_cols >= 0)
        old_top = (top_rows[alive], top_cols[alive], top_exact[alive])
    held = np.bincount(rows, minlength=n)
    again = is_moved | ((held < _CANDIDATES) & (cut >= 0))  # too few left above the cut: the whole row again
    redo = np.flatnonzero(again)
    keep = ~again[rows]
    found = list(_blocks(lambda start: _rows_again(state.pruned, transposed, redo[start: start + _BLOCK]),
                         range(0, len(redo), _BLOCK)))
    rows = np.concatenate([rows[keep], *(f[0] for f in found)])
    cols = np.concatenate([cols[keep], *(f[1] for f in found)])
    scores = np.concatenate([scores[keep], *(f[2] for f in found)])
    cut[redo] = np.concatenate([np.zeros(0), *(f[3] for f in found)])
    order = np.lexsort((cols, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    state.candidates, state.cut = (rows, cols, scores), cut
    starts = np.searchsorted(rows, np.arange(n + 1))
    first = (np.arange(len(rows)) - starts[rows]) < _CANDIDATES
    _top(state, slugs, rows[first], cols[first], is_moved, old_top)


def _rows_again(pruned: sparse.csr_matrix, transposed: sparse.csr_matrix,
                rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """These rows' best ``_CANDIDATES + _MARGIN`` others by the pruned product (all ties at the cut):
    ``(rows, cols, scores rounded to 9 places, each row's cut, -1 when it keeps all it has)``."""
    block = (pruned[rows] @ transposed).tocsr()
    out_rows, out_cols, out_scores, cuts = [], [], [], np.full(len(rows), -1.0)
    for at, row in enumerate(rows.tolist()):
        lo, hi = block.indptr[at], block.indptr[at + 1]
        found, scores = block.indices[lo:hi], np.round(block.data[lo:hi], 9)
        mask = found != row
        found, scores = found[mask], scores[mask]
        if len(found) > _CANDIDATES + _MARGIN:
            cuts[at] = -np.partition(-scores, _CANDIDATES + _MARGIN - 1)[_CANDIDATES + _MARGIN - 1]
            mask = scores >= cuts[at]
            found, scores = found[mask], scores[mask]
        out_rows.append(np.full(len(found), row, dtype=np.int64))
        out_cols.append(found.astype(np.int64))
        out_scores.append(scores)
    empty = [np.zeros(0, dtype=np.int64)]
    return (np.concatenate(empty + out_rows), np.concatenate(empty + out_cols),
            np.concatenate([np.zeros(0), *out_scores]), cuts)


def _top(state: RelatedState, slugs: list[str], rows: np.ndarray, cols: np.ndarray, is_moved: np.ndarray,
         old_top: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Exact scores of the candidates, each paper's top ``k`` and their reasons, where they may have changed."""
    assert state.matrix is not None and state.text is not None
    n = len(slugs)
    keys = rows * n + cols
    old_rows, old_cols, old_exact = old_top
    old_keys = old_rows * n + old_cols
    by_key = np.argsort(old_keys)
    old_keys, old_exact = old_keys[by_key], old_exact[by_key]
    at = np.minimum(np.searchsorted(old_keys, keys), max(len(old_keys) - 1, 0))
    known = (old_keys[at] == keys) & ~is_moved[rows] & ~is_moved[cols] if len(old_keys) else np.zeros(len(keys), bool)
    exact = np.where(known, old_exact[at] if len(old_keys) else 0.0, np.nan)
    # the papers whose candidates changed or hold a moved paper
    changed = is_moved.copy()
    changed[rows[~known]] = True
    gone = ~np.isin(old_keys, keys)
    changed[(old_keys[gone] // n)] = True
    pairs, back = np.unique(np.minimum(rows[~known], cols[~known]) * n + np.maximum(rows[~known], cols[~known]),
                            return_inverse=True)
    firsts, seconds = pairs // n, pairs % n
    step = _BLOCK * _CANDIDATES
    scored = np.concatenate([np.zeros(0), *_blocks(
        lambda start: _exact(state.matrix, firsts[start: start + step], seconds[start: start + step]),
        range(0, len(pairs), step))])
    exact[~known] = np.round(scored, 6)[back]
    state.top = (rows, cols, exact)
    keep = int(state.stats[2])  # type: ignore[call-overload]
    pick = changed[rows] & (exact >= max(state.min_score, 1e-9))
    hit_rows, hit_cols, hit_scores = rows[pick], cols[pick], exact[pick]
    order = np.lexsort((hit_cols, -hit_scores, hit_rows))
    hit_rows, hit_cols, hit_scores = hit_rows[order], hit_cols[order], hit_scores[order]
    starts = np.searchsorted(hit_rows, np.arange(n + 1))
    first = (np.arange(len(hit_rows)) - starts[hit_rows]) < keep
    hit_rows, hit_cols, hit_scores = hit_rows[first], hit_cols[first], hit_scores[first]
    _reasons(state, slugs, changed, hit_rows, hit_cols, hit_scores, is_moved)


def _reasons(state: RelatedState, slugs: list[str], changed: np.ndarray, rows: np.ndarray, cols: np.ndarray,
             scores: np.ndarray, is_moved: np.ndarray) -> None:
    """The changed papers' lists, with reasons (a pair's terms kept unless one of the two moved)."""
    assert state.text is not None
    moved = {slugs[i] for i in np.flatnonzero(is_moved).tolist()}
    for slug in [s for s in state.result if s not in state.own]:
        del state.result[slug]
    if moved:
        state.pair_terms = {pair: terms for pair, terms in state.pair_terms.items()
                            if pair[0] not in moved and pair[1] not in moved and pair[0] in state.own
                            and pair[1] in state.own}
    pairs = sorted({(min(r, c), max(r, c)) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
                    if (slugs[min(r, c)], slugs[max(r, c)]) not in state.pair_terms})
    if pairs and state.text.shape[1]:
        firsts, seconds = (np.array(side) for side in zip(*pairs, strict=True))
        products = state.text[firsts].multiply(state.text[seconds]).tocsr()
        heaviest, bounds = _by_weight(products), products.indptr.tolist()
        used = sorted(set(heaviest))
        local = {c: i for i, c in enumerate(used)}
        names = state.names[used].tolist() if used else []
        words_of = [frozenset(term.split()) for term in names]
        for at, (a, b) in enumerate(pairs):
            columns = [local[c] for c in heaviest[bounds[at]: bounds[at + 1]]]
            state.pair_terms[(slugs[a], slugs[b])] = _shared_terms(columns, names, words_of)
    else:
        for a, b in pairs:
            state.pair_terms[(slugs[a], slugs[b])] = []
    topics = {s: state.own[s][1] for s in slugs}
    listed: dict[int, list[Related]] = {i: [] for i in np.flatnonzero(changed).tolist()}
    for r, c, score in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        a, b = slugs[r], slugs[c]
        terms = state.pair_terms[(a, b) if r < c else (b, a)]
        listed[r].append(Related(slug=b, score=score, reason=_reason(topics[a], frozenset(topics[b]), terms)))
    for r, found in listed.items():
        state.result[slugs[r]] = tuple(found)
    state.slugs = slugs
