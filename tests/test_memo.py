"""The in-memory memo's per-paper steps (Memo.each) when papers are added, removed or moved:
what the dev server's next build recomputes, replays and keeps."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_src.cache.memo import Memo
from site_src.errors import Report


class Item:
    """An argument compared by value, so that equal-but-new objects can be told from the same one."""

    def __init__(self, name: str, version: int = 0) -> None:
        self.name, self.version = name, version

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and (self.name, self.version) == (other.name, other.version)

    def __hash__(self) -> int:
        return hash((self.name, self.version))


def run(memo: Memo, items: list[Item], computed: list[str]) -> tuple[list[str], Report]:
    """One build's step: each item's result calls a memo entry of its own and warns on 'bad' items."""

    def compute(item: Item, report: Report) -> str:
        computed.append(item.name)
        memo.call("inner", f"{item.name}.{item.version}", lambda _: item.name.upper(), report)
        if item.name.startswith("bad"):
            report.warn(f"{item.name}.txt", 1, "bad item")
        return f"{item.name}.{item.version}"

    report = Report()
    out = memo.each("step", [i.name for i in items], (items,), compute, report)
    memo.forget_unused()
    return out, report


def test_an_added_item_is_the_only_one_computed_and_the_rest_keep_their_problems_and_entries():
    memo, computed = Memo(), []
    a, bad, c = Item("a"), Item("bad"), Item("c")
    run(memo, [a, bad, c], computed)
    computed.clear()
    out, report = run(memo, [a, Item("new"), bad, c], computed)  # inserted mid-list: every position moves
    assert computed == ["new"]
    assert out == ["a.0", "new.0", "bad.0", "c.0"]
    assert [p.message for p in report.problems] == ["bad item"]  # replayed for the item carried over
    assert set(memo.entries["inner"]) == {"a.0", "new.0", "bad.0", "c.0"}


def test_a_removed_item_drops_its_entries_and_an_equal_new_object_is_not_recomputed():
    memo, computed = Memo(), []
    run(memo, [Item("a"), Item("b"), Item("c")], computed)
    computed.clear()
    out, _ = run(memo, [Item("c"), Item("a")], computed)  # b removed, the rest moved, equal new objects
    assert computed == [] and out == ["c.0", "a.0"]
    assert set(memo.entries["inner"]) == {"a.0", "c.0"}  # b's entry is no longer used by anything


def test_a_changed_item_among_moved_ones_is_recomputed():
    memo, computed = Memo(), []
    a, b = Item("a"), Item("b")
    run(memo, [a, b], computed)
    computed.clear()
    out, _ = run(memo, [Item("z"), b, Item("a", 1)], computed)
    assert sorted(computed) == ["a", "z"] and out == ["z.0", "b.0", "a.1"]
    assert set(memo.entries["inner"]) == {"z.0", "b.0", "a.1"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(0, 2), st.booleans()),
                         max_size=8), min_size=1, max_size=6))
def test_each_build_gives_what_a_fresh_memo_gives(builds):
    """Whatever is added, removed, moved or changed between builds, a kept memo gives the results,
    problems and entries a fresh one gives, computing only items it has not seen as they are."""
    memo = Memo()
    objects: dict[tuple[str, int], Item] = {}
    seen: set[tuple[str, int]] = set()
    for build in builds:
        names = list(dict.fromkeys((n, v, same) for n, v, same in build))
        names = list({n: (n, v, same) for n, v, same in names}.values())  # keys are unique within one call
        items = []
        for n, v, same in names:
            name = f"bad{n}" if n in "ab" else n
            if same and (name, v) in objects:
                items.append(objects[(name, v)])  # the very object the last build had
            else:
                items.append(objects.setdefault((name, v), Item(name, v)) if same else Item(name, v))
        computed: list[str] = []
        out, report = run(memo, items, computed)
        fresh, fresh_report = run(Memo(), items, [])
        assert out == fresh
        assert [(p.path, p.message) for p in report.problems] == [(p.path, p.message) for p in fresh_report.problems]
        assert set(memo.entries.get("inner", {})) == {f"{i.name}.{i.version}" for i in items}
        assert all((i.name, i.version) not in seen for i in items if i.name in computed)
        seen = {(i.name, i.version) for i in items}
