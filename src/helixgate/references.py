"""The checks of manifest-v1.md that a JSON Schema cannot express ("Checks beyond
the schema"): unique ids, references that resolve, onward transfers that chain
back to the origin (or, for data made abroad, to their producer) without a
loop, owners' shares that add up to at most 100, compared exactly as
decimals, and names written without look-alike letters of another script
(policy-pack-v2, "Matching names"); and those of the fields policy-pack-v2
adds (its section 0): LEI check digits, the fields an individual or an
organisation may not have, ownership chains at most 5 deep, cohorts of one
nationality and residence, public_since only on a cell line, produced_from
reaching the producer, open access outside NIH controlled access."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

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
        *_invalid_leis(manifest),
        *_kind_fields(manifest),
        *_deep_ownership(manifest),
        *_cohorts(manifest),
        *_public_since(manifest),
        *_produced(manifest),
        *_open_access(manifest),
    ]


def profile_reference_errors(profile: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(pointer, message) for the profile's `organisation` (policy-pack-v2,
    section 0): LEI check digits, and a name without look-alike letters, as
    for a manifest's sponsor. Expects a profile that passed its schema."""
    organisation = profile.get("organisation")
    if not isinstance(organisation, Mapping):
        return []
    problems = []
    name = organisation.get("name")
    if isinstance(name, str):
        problems += _lookalike_problems([("/organisation/name", name)])
    problems += _lei_problems([("/organisation/lei", organisation.get("lei"))])
    return problems


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
    for index, entry in enumerate(manifest.get("data", [])):
        if "produced_by" in entry and entry["produced_by"] not in parties:
            yield f"/data/{index}/produced_by", f"no party has id {entry['produced_by']!r}"
    for index, party in enumerate(manifest["parties"]):
        employer = party.get("employer", {})
        if "party" in employer and employer["party"] not in parties:
            yield f"/parties/{index}/employer/party", f"no party has id {employer['party']!r}"
        for number, owner in enumerate(party.get("owners", [])):
            if "party" in owner and owner["party"] not in parties:
                yield (
                    f"/parties/{index}/owners/{number}/party",
                    f"no party has id {owner['party']!r}",
                )


def _onward(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each item's transfers form edges source → destination; every onward
    `from` must be reached from the origin, and no edge may close a loop.

    An item made abroad (`produced_by`) starts at its producer, which holds it
    without a transfer (policy-pack-v2, "What flows, and from where"): there
    the producer is the origin, so `from: <producer>` means no `from`, and a
    transfer to the producer sends the item back to where it started."""
    transfers = manifest["transfers"]
    producers = {
        entry["id"]: entry["produced_by"]
        for entry in manifest.get("data", [])
        if "produced_by" in entry
    }
    by_item: dict[str, list[int]] = {}
    for index, transfer in enumerate(transfers):
        by_item.setdefault(transfer["item"], []).append(index)
    for item, indexes in by_item.items():
        producer = producers.get(item)

        def node(party: str, producer: str | None = producer) -> str:
            return _ORIGIN if party == producer else party

        edges = {
            index: (
                node(transfers[index].get("from", producer or _ORIGIN)),
                node(transfers[index]["to"]),
            )
            for index in indexes
        }
        reached = _reachable(edges.values())
        on_cycle = _edges_on_cycles(edges)
        for index in indexes:
            source, destination = edges[index]
            pointer = f"/transfers/{index}/from"
            if source == _ORIGIN:
                if destination == _ORIGIN:
                    if "from" not in transfers[index]:
                        pointer = f"/transfers/{index}/to"
                    yield (
                        pointer,
                        f"transfer {transfers[index]['id']!r} sends {item!r} to {producer!r}, "
                        "which makes it (produced_by) and holds it already",
                    )
                continue
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
                start = "the study's origin" if producer is None else f"its producer {producer!r}"
                yield (
                    pointer,
                    (
                        f"party {source!r} never receives {item!r} from {start}, "
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


def _lookalike_names(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    return _lookalike_problems(named_places(manifest))


def _lookalike_problems(places: Any) -> list[tuple[str, str]]:
    """A Cyrillic or Greek letter among Latin ones looks the same and keys
    differently: it would let a listed entity pass the entities of concern."""
    problems = []
    for pointer, name in places:
        letters = lookalike_letters(name)
        if letters:
            problems.append(
                (
                    pointer,
                    f"name {short_repr(name)} mixes Latin letters with Cyrillic or Greek ones "
                    f"({', '.join(letters[:3])}): write it in one script",
                )
            )
    return problems


# --------------------------------------------------------------------------
# The fields of policy-pack-v2, section 0


_LEI_FORM = re.compile("[A-Z0-9]{18}[0-9]{2}")


def valid_lei(lei: str) -> bool:
    """Whether an LEI in the schema's form has the right check digits (ISO
    17442, ISO 7064 MOD 97-10): the 20 characters read as one number, each
    letter as two digits (A=10 … Z=35), give 1 modulo 97."""
    if not _LEI_FORM.fullmatch(lei):
        return False
    return int("".join(str(int(char, 36)) for char in lei)) % 97 == 1


def _invalid_leis(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    places: list[tuple[str, Any]] = []
    sponsor = manifest["study"].get("sponsor", {})
    places.append(("/study/sponsor/lei", sponsor.get("lei")))
    for index, party in enumerate(manifest["parties"]):
        places.append((f"/parties/{index}/lei", party.get("lei")))
        for number, owner in enumerate(party.get("owners", [])):
            places.append((f"/parties/{index}/owners/{number}/lei", owner.get("lei")))
    return _lei_problems(places)


def _lei_problems(places: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [
        (
            pointer,
            f"{short_repr(lei)} is not a valid LEI: its check digits (the last two) do not "
            "match the rest (ISO 17442: read as a number, A=10 … Z=35, an LEI gives 1 "
            "modulo 97)",
        )
        for pointer, lei in places
        if isinstance(lei, str) and not valid_lei(lei)
    ]


_ORGANISATION_ONLY = ("headquarters", "incorporated_in", "owners")
_INDIVIDUAL_ONLY = ("nationality", "residence", "employer")


def _kind_fields(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """An individual has a nationality, a residence and perhaps an employer;
    an organisation has a headquarters, a law it is organised under and
    owners. Neither has the other's fields."""
    for index, party in enumerate(manifest["parties"]):
        if party.get("kind", "organisation") == "individual":
            for field in _ORGANISATION_ONLY:
                if field in party:
                    yield (
                        f"/parties/{index}/{field}",
                        f"party {party['id']!r} is an individual (kind: individual): "
                        f"{field} is for organisations; an individual has nationality, "
                        "residence and employer",
                    )
        else:
            for field in _INDIVIDUAL_ONLY:
                if field in party:
                    yield (
                        f"/parties/{index}/{field}",
                        f"party {party['id']!r} is an organisation (the default kind): "
                        f"{field} is for individuals; add kind: individual if it is a person",
                    )


# Ownership chains through owners[].party are followed this many links deep
# (policy-pack-v2, "Indirect ownership").
MAX_OWNERSHIP_DEPTH = 5
_TOO_DEEP = MAX_OWNERSHIP_DEPTH + 1


class _Link(NamedTuple):
    owned: str
    owner: str
    pointer: str


def _deep_ownership(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """An error at the owner that is the sixth link of a chain of distinct
    parties, each an owner (by owners[].party) of the one before. A cycle is
    no error by itself: a chain never visits a party twice. Parties are taken
    in document order, and one error is given for all the chains from a
    party: the parties it reaches through its owners start no other error."""
    parties = {party["id"] for party in manifest["parties"]}
    links: dict[str, list[_Link]] = {}
    for index, party in enumerate(manifest["parties"]):
        for number, owner in enumerate(party.get("owners", [])):
            if owner.get("party") in parties:
                links.setdefault(party["id"], []).append(
                    _Link(party["id"], owner["party"], f"/parties/{index}/owners/{number}")
                )
    if not links:
        return
    longest = _longest_chains(links)
    covered: set[str] = set()
    for party in manifest["parties"]:
        chain = longest.get(party["id"], ())
        if len(chain) < _TOO_DEEP or party["id"] in covered:
            continue
        _cover(party["id"], links, covered)
        last = chain[-1]
        names = " → ".join([repr(chain[0].owned), *(repr(link.owner) for link in chain)])
        yield (
            last.pointer,
            f"owner {last.owner!r} of party {last.owned!r} is link {_TOO_DEEP} of the "
            f"ownership chain {names} (each an owner of the one before): chains are "
            f"followed to a depth of {MAX_OWNERSHIP_DEPTH}",
        )


def _cover(party: str, links: dict[str, list[_Link]], covered: set[str]) -> None:
    """Add the party and every party it reaches through its owners (each
    party is added once over all calls: linear in all)."""
    covered.add(party)
    pending = [party]
    while pending:
        for link in links.get(pending.pop(), ()):
            if link.owner not in covered:
                covered.add(link.owner)
                pending.append(link.owner)


def _longest_chains(links: dict[str, list[_Link]]) -> dict[str, tuple[_Link, ...]]:
    """For each party, a longest chain of links from it through distinct
    parties, cut at _TOO_DEEP links. Strongly connected components are taken
    in reverse topological order: a chain that leaves a component never comes
    back, so the chains from outside are known and path-independent, and only
    inside a component (a cycle of owners) are paths searched."""
    successors = {party: {link.owner for link in found} for party, found in links.items()}
    component = _components(successors)
    members: dict[int, list[str]] = {}
    for party, number in component.items():
        members.setdefault(number, []).append(party)
    longest: dict[str, tuple[_Link, ...]] = {}
    for number in _reverse_topological(successors, component):
        for party in members[number]:
            longest[party] = _search(party, links, component, longest, {party}, _TOO_DEEP)
    return longest


def _search(
    party: str,
    links: dict[str, list[_Link]],
    component: dict[str, int],
    longest: dict[str, tuple[_Link, ...]],
    visited: set[str],
    budget: int,
) -> tuple[_Link, ...]:
    """The longest chain from `party` of at most `budget` links avoiding
    `visited`; recursion at most _TOO_DEEP deep."""
    best: tuple[_Link, ...] = ()
    for link in links.get(party, ()):
        if component[link.owner] != component[party]:
            chain = (link, *longest[link.owner])[:budget]
        elif link.owner in visited or budget == 1:
            chain = (link,) if link.owner not in visited else ()
        else:
            visited.add(link.owner)
            chain = (link, *_search(link.owner, links, component, longest, visited, budget - 1))
            visited.discard(link.owner)
        if len(chain) > len(best):
            best = chain
            if len(best) == budget:
                break
    return best


def _reverse_topological(successors: dict[str, set[str]], component: dict[str, int]) -> list[int]:
    """The components, each after every component it leads to (Kahn's
    algorithm on the condensation, from its sinks)."""
    after: dict[int, set[int]] = {number: set() for number in component.values()}
    before: dict[int, set[int]] = {number: set() for number in component.values()}
    for source, destinations in successors.items():
        for destination in destinations:
            if component[source] != component[destination]:
                after[component[source]].add(component[destination])
                before[component[destination]].add(component[source])
    pending = {number: len(found) for number, found in after.items()}
    ready = [number for number, count in pending.items() if count == 0]
    order = []
    while ready:
        number = ready.pop()
        order.append(number)
        for previous in before[number]:
            pending[previous] -= 1
            if pending[previous] == 0:
                ready.append(previous)
    return order


def _cohorts(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Groups of one cohort are the same people, so of one nationality and one
    residence; an error at the field of each later group that differs."""
    first: dict[str, int] = {}
    subjects = manifest["subjects"]
    for index, group in enumerate(subjects):
        if "cohort" not in group:
            continue
        seen = first.setdefault(group["cohort"], index)
        if seen == index:
            continue
        other = subjects[seen]
        for field in ("nationality", "residence"):
            if group[field] != other[field]:
                yield (
                    f"/subjects/{index}/{field}",
                    f"group {group['id']!r} is in cohort {group['cohort']!r} with group "
                    f"{other['id']!r} (/subjects/{seen}), whose {field} is {other[field]!r}, "
                    f"not {group[field]!r}: the groups of one cohort are the same people",
                )


def _public_since(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, material in enumerate(manifest.get("materials", [])):
        if "public_since" in material and material["type"] != "cell_line":
            yield (
                f"/materials/{index}/public_since",
                f"public_since is only for a cell_line, and {material['id']!r} is "
                f"{material['type']!r}",
            )


def _produced(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """`produced_from` names a material of the item's own subjects group that
    reaches the producer: some transfer of it goes to the producer (whether
    that transfer's chain is sound is _onward's question)."""
    materials = {entry["id"]: entry for entry in manifest.get("materials", [])}
    data_ids = _ids(manifest, "data")
    parties = _ids(manifest, "parties")
    receivers: dict[str, set[str]] = {}
    for transfer in manifest["transfers"]:
        receivers.setdefault(transfer["item"], set()).add(transfer["to"])
    for index, entry in enumerate(manifest.get("data", [])):
        if "produced_from" not in entry:
            continue
        pointer = f"/data/{index}/produced_from"
        source, producer = entry["produced_from"], entry.get("produced_by")
        material = materials.get(source)
        if producer is None:
            yield (
                pointer,
                f"produced_from says what {entry['id']!r} is made from at its producer: "
                "name the producer with produced_by",
            )
        elif material is None:
            what = "is a data item, not a material" if source in data_ids else "is no material"
            yield pointer, f"{source!r} {what}: produced_from names a materials id"
        elif material["subjects"] != entry["subjects"]:
            yield (
                pointer,
                f"material {source!r} comes from subjects group {material['subjects']!r}, "
                f"and {entry['id']!r} from {entry['subjects']!r}: an item is made from "
                "material of its own group",
            )
        elif producer in parties and producer not in receivers.get(source, ()):
            yield (
                pointer,
                f"material {source!r} never reaches {producer!r}, which makes "
                f"{entry['id']!r} from it: no transfer of {source!r} goes to {producer!r}",
            )


def _open_access(manifest: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, entry in enumerate(manifest.get("data", [])):
        repository = entry.get("repository", {})
        if entry.get("open_access") is True and repository.get("nih_controlled_access") is True:
            yield (
                f"/data/{index}/open_access",
                f"{entry['id']!r} cannot be open access: its repository is an NIH "
                "controlled-access one (nih_controlled_access: true)",
            )
