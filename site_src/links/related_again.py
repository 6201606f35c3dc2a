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
    related_papers,
    stable,
    tag_idf,
    text_idf,
)
from site_src.links.related_rows import (
    MAX_PAPERS,
    ROW,
    key_parts,
    keys_of,
    remapped,
    spliced_matrix,
    vocabulary,
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
    candidates: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # keys (see keys_of), sorted
    cut: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each row's last kept; -1: all
    top: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # each row's first _CANDIDATES
    exact: np.ndarray = field(default_factory=lambda: np.zeros(0))  # their exact scores
    hits: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))  # each row's list (-1: none)
    hit_scores: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    step: int = 0  # updates so far
    moved_at: dict[str, int] = field(default_factory=dict)  # the update each paper's vector last moved in
    pair_terms: dict[tuple[str, str], tuple[int, list[str]]] = field(default_factory=dict)  # (update, terms)
    result: dict[str, tuple[Related, ...]] = field(default_factory=dict)
    listed: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # the non-empty lists, as links
    seen: dict[str, tuple[Paper, PaperTerms, Own]] = field(default_factory=dict)  # what each was made from
    # this update's: each old row's new one (-1: gone), or -1 also when moved; and which new rows moved
    new_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    row_to: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    is_moved: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))


def related_again(papers: list[Paper], own: Sequence[PaperTerms], last: RelatedState | None, k: int = 5,
                  min_score: float = DEFAULT_MIN_SCORE) -> tuple[dict[str, tuple[Related, ...]], RelatedState]:
    """What ``related_papers(papers, k, min_score, own)`` gives, from ``last`` (None: from scratch),
    and the state the next call starts from."""
    if len(papers) >= MAX_PAPERS:
        found = related_papers(papers, k, min_score, own)
        return found, RelatedState(listed={s: _listed(rs) for s, rs in found.items() if rs})
    seen = last.seen if last is not None else {}
    now: dict[str, Own] = {}
    for p, terms in zip(papers, own, strict=True):  # the caller hands in the very objects it kept
        was = seen.get(p.slug)
        if was is not None and was[0] is p and was[1] is terms:
            now[p.slug] = was[2]
        else:
            now[p.slug] = (terms, tuple(_topics(p)))
            seen[p.slug] = (p, terms, now[p.slug])
    if len(seen) > len(now):
        for slug in [s for s in seen if s not in now]:
            del seen[slug]
    if last is not None and (last.k, last.min_score) == (k, min_score):
        state = _update(last, now)
        if state is not None:
            state.seen = seen
            return dict(state.result), state
    state = _update(RelatedState(k=k, min_score=min_score), now)
    assert state is not None
    state.seen = seen
    return dict(state.result), state


def _listed(related: Sequence[Related]) -> tuple[tuple[str, str], ...]:
    """A list as the cross-links carry it: (slug, reason) pairs."""
    return tuple((r.slug, r.reason) for r in related)


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
    changed = [s for s in now if s in old and old[s] is not now[s] and old[s] != now[s]]
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
    state.is_moved = np.array([s in moved for s in slugs], dtype=bool)
    if not fresh:
        where = {s: i for i, s in enumerate(slugs)}
        state.new_of = np.array([where.get(s, -1) for s in state.slugs], dtype=np.int64)
        state.row_to = np.array([-1 if s in moved else where.get(s, -1) for s in state.slugs], dtype=np.int64)
    _vectors(state, slugs, moved, touched, fresh)
    _candidates(state, slugs, fresh)
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
        names, idf, text_map = vocabulary(old_names, state.idf, np.array(terms, dtype=str), now_kept)
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
        assert state.text is not None and state.matrix is not None and state.pruned is not None
        tag_map = np.array([tag_column.get(t, -1) for t in state.tag_names], dtype=np.int64)
        if text_map is None and tag_names == state.tag_names:
            full_map = None
        else:
            text_map = np.arange(len(old_names)) if text_map is None else text_map
            full_map = np.concatenate([text_map, len(names) + tag_map])
        row_to, new_rows = state.row_to, np.flatnonzero(state.is_moved)
        text = spliced_matrix(state.text, row_to, text_map, new_rows, text, len(names))
        matrix = spliced_matrix(state.matrix, row_to, full_map, new_rows, matrix, matrix.shape[1])
        pruned = spliced_matrix(state.pruned, row_to, full_map, new_rows, pruned, matrix.shape[1])
    state.names, state.tag_names = names, tag_names
    state.text, state.matrix, state.pruned = text, matrix, pruned


def _candidates(state: RelatedState, slugs: list[str], fresh: bool) -> None:
    """Each paper's candidates, their exact scores, its top ``k`` and their reasons, where the change reached."""
    assert state.matrix is not None and state.pruned is not None and state.text is not None
    n = len(slugs)
    is_moved = state.is_moved
    transposed = state.pruned.T.tocsr()
    cut = np.full(n, -1, dtype=np.int64)  # each row's last kept score as 10^9 - score x 10^9; -1: all kept
    if fresh:
        keys, old_top, old_exact = (np.zeros(0, dtype=np.int64),) * 3
        touched = np.zeros(n, dtype=bool)
        redo = np.arange(n)
    else:
        new_of = np.append(state.new_of, -1)
        keys = remapped(state.candidates, new_of)
        rows, cols, _ = key_parts(np.maximum(keys, 0))
        lost = (keys < 0) | is_moved[cols] | is_moved[rows]  # gone, or a moved paper's (scored again below)
        old_rows = state.candidates >> ROW
        touched = np.zeros(n, dtype=bool)
        touched[new_of[old_rows[lost & (new_of[old_rows] >= 0)]]] = True
        keys = keys[~lost]
        survived = new_of[:-1] >= 0
        cut[new_of[:-1][survived]] = state.cut[survived]
        # the moved papers' entries in the others' rows, scored from the moved side
        moved_rows = np.flatnonzero(is_moved)
        product = (state.pruned[moved_rows] @ transposed).tocoo()
        other, mine = product.col.astype(np.int64), moved_rows[product.row]
        gained = keys_of(other, mine, product.data)
        inverse = key_parts(gained)[2]
        take = ~is_moved[other] & ((cut[other] < 0) | (inverse <= cut[other]))
        gained = np.sort(gained[take])
        touched[other[take]] = True
        keys = np.insert(keys, np.searchsorted(keys, gained), gained)
        starts = np.searchsorted(keys, np.arange(n + 1, dtype=np.int64) << ROW)
        short = touched & (cut >= 0) & (np.diff(starts) < _CANDIDATES)  # too few left above the cut
        redo = np.flatnonzero(is_moved | short)
        old_top = remapped(state.top, new_of)
        alive = old_top >= 0
        of_rows = new_of[state.top >> ROW]
        touched[:] = False  # now: the rows that lost a candidate to a removed paper
        touched[of_rows[~alive & (of_rows >= 0)]] = True
        old_top, old_exact = old_top[alive], state.exact[alive]
    if len(redo):
        found = list(_blocks(lambda start: _rows_again(state.pruned, transposed, redo[start: start + _BLOCK]),
                             range(0, len(redo), _BLOCK)))
        again = np.concatenate([np.zeros(0, dtype=np.int64), *(f[0] for f in found)])
        cut[redo] = np.concatenate([np.zeros(0, dtype=np.int64), *(f[1] for f in found)])
        is_redone = np.zeros(n, dtype=bool)
        is_redone[redo] = True
        keys = np.sort(np.concatenate([keys[~is_redone[keys >> ROW]], again]))
    state.candidates, state.cut = keys, cut
    starts = np.searchsorted(keys, np.arange(n + 1, dtype=np.int64) << ROW)
    rows = keys >> ROW
    top = keys[(np.arange(len(keys)) - starts[rows]) < _CANDIDATES]
    _top(state, slugs, top, old_top, old_exact, touched)


def _rows_again(pruned: sparse.csr_matrix, transposed: sparse.csr_matrix,
                rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """These rows' best ``_CANDIDATES + _MARGIN`` others by the pruned product (all ties at the cut), as
    keys, and each row's cut (-1 when it keeps all it has)."""
    block = (pruned[rows] @ transposed).tocsr()
    out, cuts = [np.zeros(0, dtype=np.int64)], np.full(len(rows), -1, dtype=np.int64)
    for at, row in enumerate(rows.tolist()):
        lo, hi = block.indptr[at], block.indptr[at + 1]
        found, scores = block.indices[lo:hi], block.data[lo:hi]
        mask = found != row
        keys = keys_of(np.full(int(mask.sum()), row), found[mask], scores[mask])
        if len(keys) > _CANDIDATES + _MARGIN:
            inverse = key_parts(keys)[2]
            cuts[at] = np.partition(inverse, _CANDIDATES + _MARGIN - 1)[_CANDIDATES + _MARGIN - 1]
            keys = keys[inverse <= cuts[at]]
        out.append(keys)
    return np.concatenate(out), cuts


def _top(state: RelatedState, slugs: list[str], top: np.ndarray, old_top: np.ndarray, old_exact: np.ndarray,
         lost: np.ndarray) -> None:
    """Exact scores of each paper's candidates, its top ``k`` and their reasons, where they may have changed."""
    assert state.matrix is not None
    n, is_moved = len(slugs), state.is_moved
    rows, cols, _ = key_parts(top)
    at = np.minimum(np.searchsorted(old_top, top), max(len(old_top) - 1, 0))
    known = (old_top[at] == top) & ~is_moved[rows] & ~is_moved[cols] if len(old_top) else np.zeros(len(top), bool)
    exact = np.where(known, old_exact[at] if len(old_top) else 0.0, 0.0)
    changed = is_moved | lost  # the papers whose candidates changed or hold a moved paper
    changed[rows[~known]] = True
    back_at = np.minimum(np.searchsorted(top, old_top), max(len(top) - 1, 0))
    gone = (top[back_at] != old_top) if len(top) else np.ones(len(old_top), dtype=bool)
    changed[old_top[gone] >> ROW] = True
    firsts, seconds = np.minimum(rows[~known], cols[~known]), np.maximum(rows[~known], cols[~known])
    pairs, back = np.unique(firsts * n + seconds, return_inverse=True)
    firsts, seconds = pairs // n, pairs % n
    step = _BLOCK * _CANDIDATES
    scored = np.concatenate([np.zeros(0), *_blocks(
        lambda start: _exact(state.matrix, firsts[start: start + step], seconds[start: start + step]),
        range(0, len(pairs), step))])
    exact[~known] = np.round(scored, 6)[back]
    state.top, state.exact = top, exact
    keep = max(int(state.stats[2]), 0)  # type: ignore[call-overload]
    pick = changed[rows] & (exact >= max(state.min_score, 1e-9))
    hit_rows, hit_cols, hit_scores = rows[pick], cols[pick], exact[pick]
    # each row's best first, equal scores by slug: one int64 key (scores have 6 places, below 2^20)
    order = np.argsort((hit_rows << 36) | ((10**6 - np.rint(hit_scores * 1e6).astype(np.int64)) << 16) | hit_cols)
    hit_rows, hit_cols, hit_scores = hit_rows[order], hit_cols[order], hit_scores[order]
    starts = np.searchsorted(hit_rows, np.arange(n + 1))
    rank = np.arange(len(hit_rows)) - starts[hit_rows]
    first = rank < keep
    # each row's list as columns and scores (-1, 0 past its end): a list as it was, of papers that did
    # not move, keeps its reasons
    hits = np.full((n, keep), -1, dtype=np.int64)
    scores = np.zeros((n, keep))
    if len(state.hits) and keep == state.hits.shape[1]:
        survived = state.new_of >= 0
        hits[state.new_of[survived]] = np.where(state.hits[survived] >= 0,
                                                np.append(state.new_of, -1)[state.hits[survived]], -1)
        scores[state.new_of[survived]] = state.hit_scores[survived]
    before = hits[changed], scores[changed]
    hits[changed], scores[changed] = -1, 0.0
    hits[hit_rows[first], rank[first]] = hit_cols[first]
    scores[hit_rows[first], rank[first]] = hit_scores[first]
    relist = changed.copy()
    relist[changed] = (np.any(hits[changed] != before[0], axis=1) | np.any(scores[changed] != before[1], axis=1)
                       | np.any(is_moved[np.maximum(hits[changed], 0)] & (hits[changed] >= 0), axis=1)
                       | is_moved[changed])
    relist |= np.array([s not in state.result for s in slugs], dtype=bool) if len(state.result) < n else False
    state.hits, state.hit_scores = hits, scores
    chosen = first & relist[hit_rows]
    _reasons(state, slugs, relist, hit_rows[chosen], hit_cols[chosen], hit_scores[chosen])


def _reasons(state: RelatedState, slugs: list[str], changed: np.ndarray, rows: np.ndarray, cols: np.ndarray,
             scores: np.ndarray) -> None:
    """The changed papers' lists, with reasons (a pair's terms kept while neither of the two moved)."""
    assert state.text is not None
    state.step += 1
    for i in np.flatnonzero(state.is_moved).tolist():
        state.moved_at[slugs[i]] = state.step
    for slug in [s for s in state.result if s not in state.own]:
        del state.result[slug]
        state.listed.pop(slug, None)
    moved_at = state.moved_at

    def fresh(pair: tuple[str, str]) -> bool:
        made = state.pair_terms.get(pair)
        return made is not None and made[0] >= moved_at[pair[0]] and made[0] >= moved_at[pair[1]]

    pairs = sorted({(min(r, c), max(r, c)) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)
                    if not fresh((slugs[min(r, c)], slugs[max(r, c)]))})
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
            state.pair_terms[(slugs[a], slugs[b])] = (state.step, _shared_terms(columns, names, words_of))
    else:
        for a, b in pairs:
            state.pair_terms[(slugs[a], slugs[b])] = (state.step, [])
    listed: dict[int, list[Related]] = {i: [] for i in np.flatnonzero(changed).tolist()}
    for r, c, score in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        a, b = slugs[r], slugs[c]
        terms = state.pair_terms[(a, b) if r < c else (b, a)][1]
        listed[r].append(Related(slug=b, score=score,
                                 reason=_reason(state.own[a][1], frozenset(state.own[b][1]), terms)))
    for r, found in listed.items():
        state.result[slugs[r]] = tuple(found)
        if found:
            state.listed[slugs[r]] = _listed(found)
        else:
            state.listed.pop(slugs[r], None)
    if len(state.pair_terms) > 8 * max(len(slugs), 1) * max(state.k, 1):  # the terms of pairs long unlisted go
        listed_pairs = {(min(a, r.slug), max(a, r.slug)) for a, rs in state.result.items() for r in rs}
        state.pair_terms = {p: t for p, t in state.pair_terms.items() if p in listed_pairs}
    state.slugs = slugs
