"""The checks of manifest-v1.md that a JSON Schema cannot express ("Checks beyond
the schema"): unique ids, references that resolve, onward transfers that chain
back to the origin (or, for data made abroad, to their producer) without a
loop, owners' shares that add up to at most 100, compared exactly as
decimals, and names written without look-alike letters of another script
(policy-pack-v2, "Matching names"); and those of the fields policy-pack-v2
adds (its section 0): LEI check digits, the fields an individual or an
organisation may not have, ownership chains at most 5 deep, cohorts of one
nationality and residence, public_since only on a cell line, produced_from
reaching the producer, open access outside NIH controlled access.

The checks also run on a document the schema refuses, so that one run shows
every error that stands between it and a decision. There, each error is kept
only when nothing it rests on has a schema error (see `_Trust`): a value of
a type the schema refuses is the schema's error alone, and no check raises
on one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, NamedTuple

from .loader import short_repr
from .names import lookalike_letters, named_places

_ORIGIN = ""

# An error of a check: its pointer, its message, and what it rests on: the
# pointers of the values it read, and "#section" for the ids of a whole
# section (a reference dangles only if every id it could name is known), or
# "#transfers.item" for the items of every transfer (which transfers carry
# an item).
_Found = tuple[str, str, Iterable[str]]
_ITEMS_OF_TRANSFERS = "#transfers.item"


def reference_errors(
    manifest: Mapping[str, Any], schema_pointers: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """(pointer, message) for each broken reference, in the order of the checks.

    Without `schema_pointers` the manifest passed the schema. With them (the
    places of the schema's errors, JSON pointers) it did not: an error is
    reported only when neither its place nor anything it rests on is at,
    under, or missing from a place the schema refused."""
    found: list[_Found] = [
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
    if schema_pointers is None:
        return [(pointer, message) for pointer, message, _ in found]
    trust = _Trust(manifest, schema_pointers)
    return [
        (pointer, message)
        for pointer, message, rests_on in found
        if trust.sound(pointer) and all(trust.sound(place) for place in rests_on)
    ]


def profile_reference_errors(profile: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(pointer, message) for the profile's `organisation` (policy-pack-v2,
    section 0): LEI check digits, and a name without look-alike letters, as
    for a manifest's sponsor. Expects a profile that passed its schema."""
    organisation = profile.get("organisation")
    if not isinstance(organisation, dict):
        return []
    problems = []
    name = organisation.get("name")
    if isinstance(name, str):
        problems += _lookalike_problems([("/organisation/name", name)])
    problems += _lei_problems([("/organisation/lei", organisation.get("lei"))])
    return [(pointer, message) for pointer, message, _ in problems]


# --------------------------------------------------------------------------
# What a document the schema refused can still be trusted for


_ABSENT = object()


def _parts(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


class _Trust:
    """Which values of a document the schema refused may be read.

    A value is unsound when the schema refused it or a value around it; when
    it is missing from a mapping the schema refused (a required field left
    out, or one misspelt: what the misspelling meant is unknown); and when
    it lies in a list or mapping that is neither. A mapping or list the
    schema refused as a whole (a missing field, too few items) still gives
    its present values, each judged by itself. The ids of a section are
    known when the section and every id in it are sound strings."""

    def __init__(self, manifest: Mapping[str, Any], schema_pointers: Iterable[str]) -> None:
        self.manifest = manifest
        self.places = [_parts(pointer) for pointer in schema_pointers]
        self._sections: dict[str, bool] = {}

    def sound(self, place: str) -> bool:
        if place == _ITEMS_OF_TRANSFERS:
            return self._transfer_items_known()
        if place.startswith("#"):
            return self._ids_known(place[1:])
        return not self._unsound(_parts(place))

    def _unsound(self, parts: tuple[str, ...]) -> bool:
        for refused in self.places:
            if parts[: len(refused)] != refused:
                continue
            if len(refused) == len(parts):
                return True
            node = self._at(refused)
            key = parts[len(refused)]
            if isinstance(node, dict):
                if key not in node:
                    return True
            elif isinstance(node, list):
                if not (key.isdigit() and int(key) < len(node)):
                    return True
            else:
                return True
        return False

    def _at(self, parts: tuple[str, ...]) -> Any:
        node: Any = self.manifest
        for key in parts:
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return _ABSENT
        return node

    def _ids_known(self, section: str) -> bool:
        if section not in self._sections:
            self._sections[section] = self._section_sound(section, "id")
        return self._sections[section]

    def _transfer_items_known(self) -> bool:
        if _ITEMS_OF_TRANSFERS not in self._sections:
            self._sections[_ITEMS_OF_TRANSFERS] = self._section_sound("transfers", "item")
        return self._sections[_ITEMS_OF_TRANSFERS]

    def _section_sound(self, section: str, field: str) -> bool:
        """Whether every entry of the section is a mapping whose `field` is a
        sound string (a section that is absent, and soundly so, has none)."""
        if self._unsound((section,)):
            return False
        entries = self.manifest.get(section, [])
        if not isinstance(entries, list):
            return False
        return all(
            isinstance(entry, dict)
            and isinstance(entry.get(field), str)
            and not self._unsound((section, str(index), field))
            for index, entry in enumerate(entries)
        )


# --------------------------------------------------------------------------
# Reading a document of any shape


def _entries(manifest: Mapping[str, Any], section: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(index, entry) of each entry of a section that is a mapping; nothing for
    a section that is not a list (the schema's error)."""
    entries = manifest.get(section)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


def _text(entry: Any, field: str) -> str | None:
    """entry[field] if entry is a mapping and that is a string, else None."""
    if isinstance(entry, dict):
        value = entry.get(field)
        if isinstance(value, str):
            return value
    return None


def _mapping(entry: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    value = entry.get(field)
    return value if isinstance(value, dict) else {}


def _list(entry: Mapping[str, Any], field: str) -> list[Any]:
    value = entry.get(field)
    return value if isinstance(value, list) else []


def _shown(value: Any) -> str:
    return short_repr(value)


# --------------------------------------------------------------------------
# The checks


def _duplicate_ids(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    groups = (("subjects",), ("parties",), ("transfers",), ("materials", "data"))
    for group in groups:
        seen: dict[str, str] = {}
        for section in group:
            for index, entry in _entries(manifest, section):
                pointer = f"/{section}/{index}/id"
                identifier = _text(entry, "id")
                if identifier is None:
                    continue
                if identifier in seen:
                    where = " and ".join(group)
                    yield (
                        pointer,
                        f"id {identifier!r} is used twice in {where} (first at {seen[identifier]})",
                        (seen[identifier],),
                    )
                else:
                    seen[identifier] = pointer


def _ids(manifest: Mapping[str, Any], *sections: str) -> set[str]:
    return {
        identifier
        for section in sections
        for _, entry in _entries(manifest, section)
        if (identifier := _text(entry, "id")) is not None
    }


def _dangling(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    subjects = _ids(manifest, "subjects")
    items = _ids(manifest, "materials", "data")
    parties = _ids(manifest, "parties")
    for section in ("materials", "data"):
        for index, entry in _entries(manifest, section):
            group = _text(entry, "subjects")
            if group is not None and group not in subjects:
                yield (
                    f"/{section}/{index}/subjects",
                    f"no subjects group has id {group!r}",
                    ("#subjects",),
                )
    for index, transfer in _entries(manifest, "transfers"):
        item = _text(transfer, "item")
        if item is not None and item not in items:
            yield (
                f"/transfers/{index}/item",
                f"no material or data item has id {item!r}",
                ("#materials", "#data"),
            )
        for field in ("to", "from"):
            end = _text(transfer, field)
            if end is not None and end not in parties:
                yield f"/transfers/{index}/{field}", f"no party has id {end!r}", ("#parties",)
    for index, entry in _entries(manifest, "data"):
        producer = _text(entry, "produced_by")
        if producer is not None and producer not in parties:
            yield f"/data/{index}/produced_by", f"no party has id {producer!r}", ("#parties",)
    for index, party in _entries(manifest, "parties"):
        employer = _text(party.get("employer"), "party")
        if employer is not None and employer not in parties:
            yield (
                f"/parties/{index}/employer/party",
                f"no party has id {employer!r}",
                ("#parties",),
            )
        for number, owner in enumerate(_list(party, "owners")):
            owning = _text(owner, "party")
            if owning is not None and owning not in parties:
                yield (
                    f"/parties/{index}/owners/{number}/party",
                    f"no party has id {owning!r}",
                    ("#parties",),
                )


class _OnwardRests:
    """What an onward error of an item rests on, listed only when asked (a
    document the schema accepts never asks)."""

    def __init__(self, item: str, indexes: list[int], made_at: dict[str, list[str]]) -> None:
        self.item, self.indexes, self.made_at = item, indexes, made_at

    def __iter__(self) -> Iterator[str]:
        yield _ITEMS_OF_TRANSFERS
        yield "#data"
        yield from self.made_at.get(self.item, ())
        for index in self.indexes:
            yield f"/transfers/{index}/from"
            yield f"/transfers/{index}/to"


def _onward(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    """Each item's transfers form edges source → destination; every onward
    `from` must be reached from the origin, and no edge may close a loop.

    An item made abroad (`produced_by`) starts at its producer, which holds it
    without a transfer (policy-pack-v2, "What flows, and from where"): there
    the producer is the origin, so `from: <producer>` means no `from`, and a
    transfer to the producer sends the item back to where it started.

    An error rests on the items of all transfers, the ends of the item's
    transfers, and its producer (a party the schema refused is no node: an
    end that is not a string is one of its own, reached from nowhere)."""
    transfers = dict(_entries(manifest, "transfers"))
    producers: dict[str, str] = {}
    made_at: dict[str, list[str]] = {}
    for index, entry in _entries(manifest, "data"):
        identifier = _text(entry, "id")
        if identifier is None:
            continue
        made_at.setdefault(identifier, []).append(f"/data/{index}/produced_by")
        producer = _text(entry, "produced_by")
        if producer is not None:
            producers[identifier] = producer
    by_item: dict[str, list[int]] = {}
    for index, transfer in transfers.items():
        item = _text(transfer, "item")
        if item is not None:
            by_item.setdefault(item, []).append(index)
    for item, indexes in by_item.items():
        producer = producers.get(item)

        def node(index: int, field: str, producer: str | None = producer) -> str:
            value = transfers[index].get(field, _ABSENT)
            if value is _ABSENT and field == "from":
                return _ORIGIN
            if not isinstance(value, str):
                return f"\0{index}/{field}"  # no party's id: reached from nowhere
            return _ORIGIN if value == producer else value

        edges = {index: (node(index, "from"), node(index, "to")) for index in indexes}
        reached = _reachable(edges.values())
        on_cycle = _edges_on_cycles(edges)
        rests_on = _OnwardRests(item, indexes, made_at)
        for index in indexes:
            source, destination = edges[index]
            shown = _shown(transfers[index].get("id"))
            pointer = f"/transfers/{index}/from"
            if source == _ORIGIN:
                if destination == _ORIGIN:
                    if "from" not in transfers[index]:
                        pointer = f"/transfers/{index}/to"
                    yield (
                        pointer,
                        f"transfer {shown} sends {item!r} to {producer!r}, "
                        "which makes it (produced_by) and holds it already",
                        rests_on,
                    )
                continue
            if source == destination:
                yield (
                    pointer,
                    f"transfer {shown} sends {item!r} from {source!r} to itself",
                    rests_on,
                )
            elif index in on_cycle:
                yield (
                    pointer,
                    (
                        f"transfer {shown} sends {item!r} back to a party "
                        "it came from "
                        f"(a cycle of onward transfers through {source!r})"
                    ),
                    rests_on,
                )
            elif source not in reached:
                start = "the study's origin" if producer is None else f"its producer {producer!r}"
                yield (
                    pointer,
                    (
                        f"party {source!r} never receives {item!r} from {start}, "
                        "so it cannot send it onward"
                    ),
                    rests_on,
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


def _shares(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    for index, party in _entries(manifest, "parties"):
        owners = _list(party, "owners")
        shares = [owner.get("share") if isinstance(owner, dict) else None for owner in owners]
        if not all(isinstance(s, int | float) and not isinstance(s, bool) for s in shares):
            continue  # a share that is no number is the schema's error
        total = sum((Decimal(repr(share)) for share in shares), Decimal(0))
        if total > 100:
            yield (
                f"/parties/{index}/owners",
                f"owners' shares add up to {total}%, more than 100",
                tuple(f"/parties/{index}/owners/{n}/share" for n in range(len(owners))),
            )


def _lookalike_names(manifest: Mapping[str, Any]) -> list[_Found]:
    return _lookalike_problems(named_places(manifest))


def _lookalike_problems(places: Any) -> list[_Found]:
    """A Cyrillic or Greek letter among Latin ones looks the same and keys
    differently: it would let a listed entity pass the entities of concern."""
    problems: list[_Found] = []
    for pointer, name in places:
        letters = lookalike_letters(name)
        if letters:
            problems.append(
                (
                    pointer,
                    f"name {short_repr(name)} mixes Latin letters with Cyrillic or Greek ones "
                    f"({', '.join(letters[:3])}): write it in one script",
                    (),
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


def _invalid_leis(manifest: Mapping[str, Any]) -> list[_Found]:
    places: list[tuple[str, Any]] = []
    study = manifest.get("study")
    sponsor = _mapping(study, "sponsor") if isinstance(study, dict) else {}
    places.append(("/study/sponsor/lei", sponsor.get("lei")))
    for index, party in _entries(manifest, "parties"):
        places.append((f"/parties/{index}/lei", party.get("lei")))
        for number, owner in enumerate(_list(party, "owners")):
            if isinstance(owner, dict):
                places.append((f"/parties/{index}/owners/{number}/lei", owner.get("lei")))
    return _lei_problems(places)


def _lei_problems(places: list[tuple[str, Any]]) -> list[_Found]:
    return [
        (
            pointer,
            f"{short_repr(lei)} is not a valid LEI: its check digits (the last two) do not "
            "match the rest (ISO 17442: read as a number, A=10 … Z=35, an LEI gives 1 "
            "modulo 97)",
            (),
        )
        for pointer, lei in places
        if isinstance(lei, str) and not valid_lei(lei)
    ]


_ORGANISATION_ONLY = ("headquarters", "incorporated_in", "owners")
_INDIVIDUAL_ONLY = ("nationality", "residence", "employer")


def _kind_fields(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    """An individual has a nationality, a residence and perhaps an employer;
    an organisation has a headquarters, a law it is organised under and
    owners. Neither has the other's fields."""
    for index, party in _entries(manifest, "parties"):
        shown = _shown(party.get("id"))
        rests_on = (f"/parties/{index}/kind",)
        if party.get("kind", "organisation") == "individual":
            for field in _ORGANISATION_ONLY:
                if field in party:
                    yield (
                        f"/parties/{index}/{field}",
                        f"party {shown} is an individual (kind: individual): "
                        f"{field} is for organisations; an individual has nationality, "
                        "residence and employer",
                        rests_on,
                    )
        else:
            for field in _INDIVIDUAL_ONLY:
                if field in party:
                    yield (
                        f"/parties/{index}/{field}",
                        f"party {shown} is an organisation (the default kind): "
                        f"{field} is for individuals; add kind: individual if it is a person",
                        rests_on,
                    )


# Ownership chains through owners[].party are followed this many links deep
# (policy-pack-v2, "Indirect ownership").
MAX_OWNERSHIP_DEPTH = 5
_TOO_DEEP = MAX_OWNERSHIP_DEPTH + 1


class _Link(NamedTuple):
    owned: str
    owner: str
    pointer: str


def _deep_ownership(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    """An error at the owner that is the sixth link of a chain of distinct
    parties, each an owner (by owners[].party) of the one before. A cycle is
    no error by itself: a chain never visits a party twice. Parties are taken
    in document order, and one error is given for all the chains from a
    party: the parties it reaches through its owners start no other error."""
    parties = _ids(manifest, "parties")
    where: dict[str, str] = {}
    links: dict[str, list[_Link]] = {}
    for index, party in _entries(manifest, "parties"):
        identifier = _text(party, "id")
        if identifier is None:
            continue
        where.setdefault(identifier, f"/parties/{index}/id")
        for number, owner in enumerate(_list(party, "owners")):
            owning = _text(owner, "party")
            if owning in parties:
                links.setdefault(identifier, []).append(
                    _Link(identifier, owning, f"/parties/{index}/owners/{number}")
                )
    if not links:
        return
    longest = _longest_chains(links)
    covered: set[str] = set()
    for _, party in _entries(manifest, "parties"):
        identifier = _text(party, "id")
        if identifier is None:
            continue
        chain = longest.get(identifier, ())
        if len(chain) < _TOO_DEEP or identifier in covered:
            continue
        _cover(identifier, links, covered)
        last = chain[-1]
        names = " → ".join([repr(chain[0].owned), *(repr(link.owner) for link in chain)])
        yield (
            last.pointer,
            f"owner {last.owner!r} of party {last.owned!r} is link {_TOO_DEEP} of the "
            f"ownership chain {names} (each an owner of the one before): chains are "
            f"followed to a depth of {MAX_OWNERSHIP_DEPTH}",
            (
                *(f"{link.pointer}/party" for link in chain),
                *(where[link.owned] for link in chain),
            ),
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


def _cohorts(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    """Groups of one cohort are the same people, so of one nationality and one
    residence; an error at the field of each later group that differs."""
    first: dict[str, int] = {}
    subjects = dict(_entries(manifest, "subjects"))
    for index, group in subjects.items():
        cohort = _text(group, "cohort")
        if cohort is None:
            continue
        seen = first.setdefault(cohort, index)
        if seen == index:
            continue
        other = subjects[seen]
        for field in ("nationality", "residence"):
            mine, theirs = group.get(field), other.get(field)
            if isinstance(mine, str) and isinstance(theirs, str) and mine != theirs:
                yield (
                    f"/subjects/{index}/{field}",
                    f"group {_shown(group.get('id'))} is in cohort {cohort!r} with group "
                    f"{_shown(other.get('id'))} (/subjects/{seen}), whose {field} is "
                    f"{theirs!r}, not {mine!r}: the groups of one cohort are the same people",
                    (
                        f"/subjects/{index}/cohort",
                        f"/subjects/{seen}/cohort",
                        f"/subjects/{seen}/{field}",
                    ),
                )


def _public_since(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    for index, material in _entries(manifest, "materials"):
        kind = material.get("type")
        if "public_since" in material and isinstance(kind, str) and kind != "cell_line":
            yield (
                f"/materials/{index}/public_since",
                f"public_since is only for a cell_line, and {_shown(material.get('id'))} is "
                f"{kind!r}",
                (f"/materials/{index}/type",),
            )


def _produced(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    """`produced_from` names a material of the item's own subjects group that
    reaches the producer: some transfer of it goes to the producer (whether
    that transfer's chain is sound is _onward's question)."""
    materials: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for position, listed in _entries(manifest, "materials"):
        identifier = _text(listed, "id")
        if identifier is not None:
            materials[identifier] = (position, listed)
    data_ids = _ids(manifest, "data")
    parties = _ids(manifest, "parties")
    receivers: dict[str, set[str]] = {}
    sent: dict[str, list[str]] = {}
    for index, transfer in _entries(manifest, "transfers"):
        item, to = _text(transfer, "item"), _text(transfer, "to")
        if item is not None:
            sent.setdefault(item, []).append(f"/transfers/{index}/to")
            if to is not None:
                receivers.setdefault(item, set()).add(to)
    for index, entry in _entries(manifest, "data"):
        if "produced_from" not in entry:
            continue
        pointer = f"/data/{index}/produced_from"
        source, producer = entry["produced_from"], entry.get("produced_by")
        shown = _shown(entry.get("id"))
        if not isinstance(source, str):
            continue  # the schema's error
        material = materials.get(source)
        if producer is None:
            yield (
                pointer,
                f"produced_from says what {shown} is made from at its producer: "
                "name the producer with produced_by",
                (f"/data/{index}/produced_by",),
            )
        elif material is None:
            what = "is a data item, not a material" if source in data_ids else "is no material"
            yield (
                pointer,
                f"{source!r} {what}: produced_from names a materials id",
                ("#materials", "#data"),
            )
        else:
            number, found = material
            group, own = found.get("subjects"), entry.get("subjects")
            if not (isinstance(group, str) and isinstance(own, str)):
                continue
            if group != own:
                yield (
                    pointer,
                    f"material {source!r} comes from subjects group {group!r}, "
                    f"and {shown} from {own!r}: an item is made from "
                    "material of its own group",
                    (f"/materials/{number}/subjects", f"/data/{index}/subjects"),
                )
            elif (
                isinstance(producer, str)
                and producer in parties
                and producer not in receivers.get(source, ())
            ):
                yield (
                    pointer,
                    f"material {source!r} never reaches {producer!r}, which makes "
                    f"{shown} from it: no transfer of {source!r} goes to {producer!r}",
                    (f"/data/{index}/produced_by", _ITEMS_OF_TRANSFERS, *sent.get(source, ())),
                )


def _open_access(manifest: Mapping[str, Any]) -> Iterator[_Found]:
    for index, entry in _entries(manifest, "data"):
        repository = _mapping(entry, "repository")
        if entry.get("open_access") is True and repository.get("nih_controlled_access") is True:
            yield (
                f"/data/{index}/open_access",
                f"{_shown(entry.get('id'))} cannot be open access: its repository is an NIH "
                "controlled-access one (nih_controlled_access: true)",
                (f"/data/{index}/repository/nih_controlled_access",),
            )
