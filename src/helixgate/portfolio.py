"""The portfolio: what the DOJ counts need of every manifest of a run and of
its history, gathered once and handed to each question (policy-pack-v2, 1).

OPA computes each manifest's entries (`data.helixgate.main.entries`) and
decides every count; this module only keeps them and, for each batch, picks
the entries that can matter to it: those linked to the batch's own entries
by a counterparty or owner key, transitively (a superset of every
counterparty and corporate group the policies will find), and only where
one of the linked entries reaches a covered person (no other can give a DOJ
finding); and, for the PIPL running totals, the exports of the batch's
exporters. A question costs what its covered counterparties and exporters
cost, not what the whole portfolio does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .manifests import Manifest

Entry = dict[str, Any]


class _Links:
    """Union-find over keys: which keys end up in one counterparty or group."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self._parent.setdefault(key, key)
        while parent != key:
            grandparent = self._parent[parent]
            self._parent[key] = grandparent
            key, parent = parent, grandparent
        return key

    def join(self, keys: Sequence[str]) -> None:
        roots = [self.find(k) for k in keys]
        for other in roots[1:]:
            self._parent[other] = roots[0]


class Portfolio:
    """The entries of every manifest (checked and history) and the history
    files that could not be read; `context` is what one batch is asked with."""

    def __init__(self, incomplete: Sequence[str] = (), *, scoped: bool = True) -> None:
        """`scoped`: each batch gets only the entries linked to its own; a
        portfolio that does not hold the batch's own entries (history
        alone, for manifests decided one by one) sends all it holds."""
        self.incomplete = sorted(set(incomplete))
        self._scoped = scoped
        self._entries: list[Entry] = []
        self._by_manifest: dict[str, list[int]] = {}
        self._by_root: dict[str, list[int]] = {}
        self._by_exporter: dict[str, list[int]] = {}
        self._links = _Links()
        self._indexed = False

    def add(self, manifest_id: str, entries: Sequence[Entry], history: bool) -> None:
        """The entries OPA gave for one manifest; a history manifest's are
        marked so the policies can tell it is not reported."""
        for entry in entries:
            index = len(self._entries)
            self._entries.append({**entry, "history": True} if history else entry)
            self._by_manifest.setdefault(manifest_id, []).append(index)
            if entry.get("family") == "pipl":
                self._by_exporter.setdefault(entry["exporter"], []).append(index)
                continue
            keys = [*entry.get("keys", []), *entry.get("owners", [])]
            if keys:
                self._links.join(keys)
        self._indexed = False

    def _root(self, entry: Entry) -> str | None:
        keys = [*entry.get("keys", []), *entry.get("owners", [])]
        return self._links.find(keys[0]) if keys else None

    def _index(self) -> None:
        if self._indexed:
            return
        self._by_root = {}
        covered: set[str] = set()
        for index, entry in enumerate(self._entries):
            if entry.get("family") == "pipl":
                continue
            root = self._root(entry)
            if root is not None:
                self._by_root.setdefault(root, []).append(index)
                if entry.get("covered") is True:
                    covered.add(root)
        self._by_root = {r: found for r, found in self._by_root.items() if r in covered}
        self._indexed = True

    def context(self, base: dict[str, Any], batch: Sequence[Manifest]) -> dict[str, Any]:
        """`base` with the portfolio a batch needs: every entry linked to an
        entry of one of its manifests, and the incomplete history."""
        if not self._scoped:
            return {**base, "portfolio": {"entries": self._entries, "incomplete": self.incomplete}}
        self._index()
        own = [self._entries[i] for m in batch for i in self._by_manifest.get(m.id, ())]
        roots = {self._root(e) for e in own if e.get("family") != "pipl"}
        exporters = {e["exporter"] for e in own if e.get("family") == "pipl"}
        chosen = {i for root in roots for i in self._by_root.get(root or "", ())}
        chosen |= {i for exporter in exporters for i in self._by_exporter[exporter]}
        entries = [self._entries[i] for i in sorted(chosen)]
        portfolio = {"entries": entries, "incomplete": self.incomplete}
        return {**base, "portfolio": portfolio}
