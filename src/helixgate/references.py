"""The checks of manifest-v1.md that a JSON Schema cannot express ("Checks beyond
the schema"): unique ids, references that resolve, onward transfers that chain
back to the origin without a loop, owners' shares that add up to at most
100, compared exactly as decimals, and names written without look-alike
letters of another script (policy-pack-v2, "Matching names")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .loader import short_repr
from .names import lookalike_letters, named_places

_ORIGIN = ""


def reference_errors(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer, message) for each broken reference, in document order. Expects a
    manifest that already passed the schema."""
    return [
        *_duplicate_ids(manifest),
        *_dangling(manifest),
        *_onward(manifest),
        *_shares(manifest),
        *_lookalike_names(manifest),
    ]


def _duplicate_ids(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    groups = (("subjects",), ("parties",), ("transfers",), ("materials", "data"))
    for group in groups:
        seen: dict[str, str] = {}
        for section in group:
            for index, entry in enumerate(manifest.get(section, [])):
                pointer = f"/{section}/{index}/id"
                if entry["id"] in seen:
                    where = " and ".join(group)
                    yield (
                        pointer,
                        f"id {entry['id']!r} is used twice in {where} "
                        f"(first at {seen[entry['id']]})",
                    )
                else:
                    seen[entry["id"]] = pointer


def _ids(manifest: dict[str, Any], *sections: str) -> set[str]:
    return {entry["id"] for section in sections for entry in manifest.get(section, [])}


def _dangling(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    subjects = _ids(manifest, "subjects")
    items = _ids(manifest, "materials", "data")
    parties = _ids(manifest, "parties")
    for section in ("materials", "data"):
        for index, entry in enumerate(manifest.get(section, [])):
            if entry["subjects"] not in subjects:
                yield (
                    f"/{section}/{index}/subjects",
                    f"no subjects group has id {entry['subjects']!r}",
                )
    for index, transfer in enumerate(manifest["transfers"]):
        if transfer["item"] not in items:
            yield (
                f"/transfers/{index}/item",
                f"no material or data item has id {transfer['item']!r}",
            )
        for field in ("to", "from"):
            if field in transfer and transfer[field] not in parties:
                yield f"/transfers/{index}/{field}", f"no party has id {transfer[field]!r}"


def _onward(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each item's transfers form edges source → destination; every onward
    `from` must be reached from the origin, and no edge may close a loop."""
    transfers = manifest["transfers"]
    by_item: dict[str, list[int]] = {}
    for index, transfer in enumerate(transfers):
        by_item.setdefault(transfer["item"], []).append(index)
    for item, indexes in by_item.items():
        edges = {
            index: (transfers[index].get("from", _ORIGIN), transfers[index]["to"])
            for index in indexes
        }
        reached = _reachable(edges.values())
        on_cycle = _edges_on_cycles(edges)
        for index in indexes:
            source, destination = edges[index]
            if source == _ORIGIN:
                continue
            pointer = f"/transfers/{index}/from"
            if source == destination:
                yield (
                    pointer,
                    f"transfer {transfers[index]['id']!r} sends {item!r} from {source!r} to itself",
                )
            elif index in on_cycle:
                yield (
                    pointer,
                    (
                        f"transfer {transfers[index]['id']!r} sends {item!r} back to a party "
                        "it came from "
                        f"(a cycle of onward transfers through {source!r})"
                    ),
                )
            elif source not in reached:
                yield (
                    pointer,
                    (
                        f"party {source!r} never receives {item!r} from the study's origin, "
                        "so it cannot send it onward"
                    ),
                )


def _reachable(edges: Any) -> set[str]:
    successors: dict[str, set[str]] = {}
    for source, destination in edges:
        successors.setdefault(source, set()).add(destination)
    reached: set[str] = set()
    pending = [_ORIGIN]
    while pending:
        for nxt in successors.get(pending.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                pending.append(nxt)
    return reached


def _edges_on_cycles(edges: dict[int, tuple[str, str]]) -> set[int]:
    """The transfers whose destination leads back to their own source: those
    whose two ends lie in one strongly connected component (linear time, so
    a chain of thousands of onward transfers is checked at once)."""
    successors: dict[str, set[str]] = {}
    for source, destination in edges.values():
        successors.setdefault(source, set()).add(destination)
    component = _components(successors)
    return {
        index
        for index, (source, destination) in edges.items()
        if source not in (destination, _ORIGIN) and component[source] == component[destination]
    }


def _components(successors: dict[str, set[str]]) -> dict[str, int]:
    """Each node's strongly connected component (Tarjan's algorithm, without
    recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    nodes = set(successors).union(*successors.values())

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    for root in nodes:
        if root in index:
            continue
        visit(root)
        work = [(root, iter(successors.get(root, ())))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    visit(child)
                    work.append((child, iter(successors.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component[member] = index[node]
                        if member == node:
                            break
    return component


def _shares(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, party in enumerate(manifest["parties"]):
        owners = party.get("owners", [])
        total = sum((Decimal(repr(owner["share"])) for owner in owners), Decimal(0))
        if total > 100:
            yield f"/parties/{index}/owners", f"owners' shares add up to {total}%, more than 100"


def _lookalike_names(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A Cyrillic or Greek letter among Latin ones looks the same and keys
    differently: it would let a listed entity pass the entities of concern."""
    for pointer, name in named_places(manifest):
        letters = lookalike_letters(name)
        if letters:
            yield (
                pointer,
                f"name {short_repr(name)} mixes Latin letters with Cyrillic or Greek ones "
                f"({', '.join(letters[:3])}): write it in one script",
            )
