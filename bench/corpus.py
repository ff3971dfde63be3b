"""A deterministic corpus of transfer manifests for the benchmark and the tests.

Manifest `i` depends only on the seed and `i`, never on the corpus size, so
the corpus of 100 is the first 100 manifests of the corpus of 10,000. Each is
about 1 KB, valid against schemas/transfer-manifest.v1.schema.json and the
reference checks, with a unique metadata.id, and is built from the shapes the
rules look at: one archetype per manifest (see ARCHETYPES), each aiming at a
decision, with random countries, parties, items, dates and sizes. The
archetype and the decision it aims at are in metadata.labels (bench-archetype,
bench-intent); the policy decides, not the label.

No two manifests of this corpus count together (policy-pack-v2, 1): each
study has its own sponsor (the DOJ sender and the PIPL exporter), and every
party and owner name carries the manifest's number, so no counterparty,
corporate group or exporter is shared across manifests. A manifest is
therefore decided alike alone and in any portfolio, which is what lets
`make bench` compare the pack with one that did not count across manifests.
Counting across manifests is measured on its own corpus: `stress_manifest`
(every manifest sends a small American dataset to one covered lab in China,
each on its own day, all from the one unnamed sender) and
`transfers_manifest` (one manifest, many transfers on distinct days to one
covered lab).

One file per manifest, every tenth one JSON, the rest YAML written by PyYAML
(which quotes what YAML 1.1 would read as something else, such as 'NO' for
Norway and dates, so conftest's YAML 1.1 parser reads the same values).

Standard library and PyYAML only; importable (`from bench.corpus import
write_corpus`) and runnable (`python -m bench.corpus DIR COUNT`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

SEED = 20250618
JSON_EVERY = 10  # every tenth manifest (index % 10 == 9) is a JSON file

Manifest = dict[str, Any]

TRUSTED = ["DE", "FR", "NL", "GB", "JP", "CA", "CH", "SE", "DK", "IE", "ES", "IT", "KR", "AU",
           "NO", "BE", "FI", "AT"]  # fmt: skip
NEARSHORE = ["SG", "IN", "BR", "MX", "ZA", "IL", "TW", "AE", "TH", "AR"]
CONCERN = ["CN", "HK", "RU"]
ORIGINS = ["US", "US", "US", "US", "US", "CA", "GB", "DE", "JP", "AU"]

_SUFFIX = {
    "DE": "GmbH", "AT": "GmbH", "CH": "AG", "FR": "SAS", "NL": "B.V.", "BE": "SA", "GB": "Ltd",
    "IE": "Ltd", "JP": "K.K.", "KR": "Co., Ltd.", "CN": "Co., Ltd.", "HK": "Limited",
    "US": "Inc.", "CA": "Inc.", "SG": "Pte. Ltd.", "IN": "Pvt. Ltd.", "SE": "AB", "DK": "A/S",
    "NO": "AS", "FI": "Oy", "ES": "S.L.", "IT": "S.r.l.", "AU": "Pty Ltd", "BR": "Ltda.",
    "RU": "OOO", "MX": "S.A. de C.V.", "ZA": "(Pty) Ltd", "IL": "Ltd", "TW": "Co., Ltd.",
    "AE": "LLC", "TH": "Co., Ltd.", "AR": "S.A.",
}  # fmt: skip
_PREFIXES = ["Northwind", "Aster", "Helios", "Kestrel", "Meridian", "Boreal", "Cobalt", "Lumen",
             "Orchid", "Summit", "Tidewater", "Vireo", "Granite", "Halcyon", "Juniper",
             "Saffron", "Alder", "Quartz", "Solstice", "Larkspur"]  # fmt: skip
_TRADES = {
    "sequencing_lab": ["Genomics", "Sequencing", "Genome Center"],
    "manufacturing_site": ["Cell Therapeutics", "Biomanufacturing", "Cell Factory"],
    "analysis_provider": ["Bioinformatics", "Analytics", "Omics Analysis"],
    "biobank": ["Biobank", "Biorepository"],
    "cro": ["Clinical Research", "Trials"],
}
_PURPOSE = {
    "sequencing_lab": "sequencing",
    "manufacturing_site": "manufacturing",
    "analysis_provider": "analysis",
    "biobank": "storage",
    "cro": "other",
}
_MATERIALS = [("blood", "blood"), ("saliva", "saliva"), ("dna", "dna"), ("tissue", "tissue"),
              ("rna", "rna"), ("plasma", "plasma")]  # fmt: skip
_DATA = [("wgs", "genomic"), ("wes", "genomic"), ("rnaseq", "transcriptomic"),
         ("methylation", "epigenomic"), ("proteome", "proteomic"), ("ehr", "health"),
         ("imaging", "other")]  # fmt: skip
_TEAMS = ["oncology", "cardiology", "rare-disease", "cell-therapy", "neurology",
          "population-health", "consumer-genomics"]  # fmt: skip
_REASONS = ["capability", "capacity", "proximity", "continuity"]
_START = dt.date(2026, 10, 1)


def _day(rng: random.Random, after: dt.date, low: int, high: int) -> dt.date:
    return after + dt.timedelta(days=rng.randint(low, high))


class _Builder:
    """One manifest under construction, from a seeded generator."""

    def __init__(self, index: int, seed: int, archetype: str, intent: str) -> None:
        self.rng = random.Random(f"{seed}:{index}")
        self.index = index
        self.origin = self.rng.choice(ORIGINS)
        self.first_start = _day(self.rng, _START, 0, 240)
        self.manifest: Manifest = {
            "apiVersion": "helixgate/v1",
            "kind": "TransferManifest",
            "metadata": {
                "id": f"HG-BENCH-{index:05d}",
                "title": "",
                "owner": f"{self.rng.choice(_TEAMS)}@example.com",
                "labels": {"bench-archetype": archetype, "bench-intent": intent},
            },
            "study": {
                "id": f"NCT{self.rng.randint(1, 99_999_999):08d}",
                "type": "research",
                "origin_country": self.origin,
                "funding": ["private"],
                "sponsor": {"name": f"Bench Sponsor {index:05d} Inc."},
            },
            "consent": {
                "foreign_transfer_disclosed": True,
                "disclosed_countries": [],
                "sequencing_disclosed": True,
            },
            "compliance": {
                "assessment": {
                    "completed_on": "",
                    "reference": f"CA-{self.first_start.year}-{self.rng.randint(1, 999):03d}",
                }
            },
            "subjects": [],
            "materials": [],
            "data": [],
            "parties": [],
            "transfers": [],
        }

    # --- sections -------------------------------------------------------------

    @property
    def study(self) -> dict[str, Any]:
        study: dict[str, Any] = self.manifest["study"]
        return study

    def subjects(self, nationality: str | None = None, count: int | None = None) -> str:
        country = nationality or self.origin
        group = f"{country.lower()}-{self.rng.choice(['participants', 'patients', 'cohort'])}"
        group = f"{group}-{len(self.manifest['subjects']) + 1}"
        self.manifest["subjects"].append({
            "id": group,
            "nationality": country,
            "residence": country,
            "count": count if count is not None else self.rng.randint(20, 5000),
        })  # fmt: skip
        return group

    def material(self, subjects: str, *kinds: str) -> str:
        """A new material of one of these types (any type of _MATERIALS if none)."""
        if kinds == ("living_cells",):
            item, material_type = "tcells", "living_cells"
        else:
            used = {m["id"] for m in self.manifest["materials"]}
            choices = [m for m in _MATERIALS if m[0] not in used and (not kinds or m[1] in kinds)]
            item, material_type = self.rng.choice(choices)
        self.manifest["materials"].append({"id": item, "type": material_type, "subjects": subjects})
        return item

    def dataset(self, subjects: str, category: str | None = None) -> str:
        used = {d["id"] for d in self.manifest["data"]}
        choices = [d for d in _DATA if d[0] not in used and (category is None or d[1] == category)]
        item, data_category = self.rng.choice(choices)
        self.manifest["data"].append({
            "id": item,
            "category": data_category,
            "subjects": subjects,
            "identifiability": self.rng.choice(["pseudonymized", "pseudonymized", "identified"]),
        })  # fmt: skip
        return item

    def party(self, country: str, role: str | None = None, **fields: Any) -> str:
        rng = self.rng
        role = role or rng.choice(list(_TRADES))
        party_id = f"{_PURPOSE[role][:3]}-{country.lower()}-{len(self.manifest['parties']) + 1}"
        # the manifest's number in every name: no counterparty across manifests
        prefix = f"{rng.choice(_PREFIXES)} {self.index:05d}"
        name = f"{prefix} {rng.choice(_TRADES[role])} {_SUFFIX.get(country, 'Ltd')}"
        party: dict[str, Any] = {
            "id": party_id,
            "name": name,
            "role": role,
            "country": country,
            "headquarters": country,
        }
        if rng.random() < 0.3:
            holding = f"{prefix} Holdings"
            share = rng.choice([51, 60, 75, 100])
            party["owners"] = [{"name": holding, "country": country, "share": share}]
        party["certifications"] = sorted(
            {rng.choice(["ISO27001", "SOC2"])} | set(rng.sample(["CAP", "CLIA", "ISO15189"], 1))
        )
        party["due_diligence"] = {
            "completed_on": _day(rng, self.first_start, -200, -30).isoformat(),
            "outcome": "approved",
        }
        for key, value in fields.items():
            if value is None:
                party.pop(key, None)
            else:
                party[key] = value
        self.manifest["parties"].append(party)
        return party_id

    def transfer(self, item: str, to: str, **fields: Any) -> dict[str, Any]:
        transfers = self.manifest["transfers"]
        party = next(p for p in self.manifest["parties"] if p["id"] == to)
        start = self.first_start if not transfers else _day(self.rng, self.first_start, 0, 90)
        transfer: dict[str, Any] = {
            "id": f"t{len(transfers) + 1}",
            "item": item,
            "to": to,
            "purpose": _PURPOSE[party["role"]],
            "start_on": start.isoformat(),
            "selection_reason": self.rng.choice(_REASONS),
        }
        if any(d["id"] == item for d in self.manifest["data"]):
            transfer["safeguards"] = {"encrypted_in_transit": True, "encrypted_at_rest": True}
        for key, value in fields.items():
            if value is None:
                transfer.pop(key, None)
            else:
                transfer[key] = value
        transfers.append(transfer)
        return transfer

    def fda(self, status: str) -> None:
        self.study["type"] = "clinical_trial"
        fda: dict[str, Any] = {
            "application": self.rng.choice(["IND", "IND", "BLA"]),
            "number": str(self.rng.randint(10_000, 199_999)),
            "status": status,
        }
        if status != "planned":
            fda["submitted_on"] = _day(self.rng, self.first_start, -400, -60).isoformat()
        self.study["fda"] = fda

    def trusted_study(self, parties: int, items: int, transfers: int) -> None:
        """The clean part every archetype starts from: vetted, certified parties
        in trusted countries (or at home), encrypted data, full consent."""
        rng = self.rng
        self.study["type"] = rng.choice(
            ["research", "research", "clinical_trial", "commercial_service"]
        )
        if rng.random() < 0.2:
            self.study["funding"] = ["private", "foreign_public"]
        group = self.subjects()
        made: list[str] = []
        for n in range(items):
            made.append(self.dataset(group) if n % 2 == 0 else self.material(group))
        countries = [c for c in TRUSTED if c != self.origin]
        targets = [self.party(rng.choice(countries)) for _ in range(parties)]
        for n in range(transfers):
            self.transfer(made[n % len(made)], targets[n % len(targets)])

    # --- the end --------------------------------------------------------------

    def finish(self, title: str) -> Manifest:
        manifest = self.manifest
        manifest["metadata"]["title"] = title
        transfers = manifest["transfers"]
        countries = {p["country"] for p in manifest["parties"]}
        consent = manifest["consent"]
        if consent.get("disclosed_countries") == []:
            consent["disclosed_countries"] = sorted(countries - {self.origin}) or [self.origin]
        assessment = manifest.get("compliance", {}).get("assessment")
        if assessment is not None and not assessment["completed_on"]:
            first = min(dt.date.fromisoformat(t["start_on"]) for t in transfers)
            assessment["completed_on"] = _day(self.rng, first, -120, -10).isoformat()
        for section in ("materials", "data"):
            if not manifest[section]:
                del manifest[section]
        return manifest


# --- archetypes -----------------------------------------------------------------
# Each takes a builder and returns the finished manifest. A*: allow, R*: review,
# D*: deny (what they aim at; the policy decides).


def _a_trusted(b: _Builder) -> Manifest:
    rng = b.rng
    b.trusted_study(parties=rng.randint(1, 3), items=rng.randint(1, 3), transfers=rng.randint(1, 4))
    transfers = b.manifest["transfers"]
    if len(b.manifest["parties"]) > 1 and rng.random() < 0.3:
        first = transfers[0]
        onward_to = next(p["id"] for p in b.manifest["parties"] if p["id"] != first["to"])
        b.transfer(first["item"], onward_to, **{"from": first["to"]})
    return b.finish("Research collaboration with vetted partners in trusted countries")


def _a_domestic(b: _Builder) -> Manifest:
    group = b.subjects()
    item = b.dataset(group, "genomic")
    sample = b.material(group)
    lab = b.party(b.origin, "sequencing_lab")
    bank = b.party(b.origin, "biobank")
    b.transfer(sample, bank)
    b.transfer(item, lab)
    del b.manifest["compliance"]
    return b.finish("Domestic sequencing and storage")


def _a_nearshore(b: _Builder) -> Manifest:
    b.trusted_study(parties=1, items=2, transfers=2)
    group = b.manifest["subjects"][0]["id"]
    lab = b.party(b.rng.choice(NEARSHORE), "analysis_provider")
    b.transfer(b.dataset(group), lab)
    return b.finish("Analysis by a nearshore partner outside the trusted countries")


def _a_fda_domestic(b: _Builder) -> Manifest:
    b.origin = "US"
    b.study["origin_country"] = "US"
    b.fda(b.rng.choice(["active", "submitted", "closed"]))
    group = b.subjects("US", b.rng.randint(20, 300))
    cells = b.material(group, "living_cells")
    site = b.party("US", "manufacturing_site")
    lab = b.party(b.rng.choice(["DE", "GB", "JP", "CA"]), "sequencing_lab")
    b.transfer(cells, site, purpose="genetic_engineering")
    b.transfer(b.dataset(group, "genomic"), lab)
    return b.finish("Cell therapy trial manufactured at home, sequenced by a trusted partner")


def _r_uncertified(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=2)
    _material_receiver(b)["certifications"] = b.rng.choice([["CLIA"], ["CAP"]])
    return b.finish("Partner without a security certification")


def _r_diligence(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=3)
    party = _material_receiver(b)
    if b.rng.random() < 0.5:
        party["due_diligence"]["outcome"] = "conditional"
    else:
        del party["due_diligence"]
    return b.finish("Partner with conditional or missing due diligence")


def _r_cost(b: _Builder) -> Manifest:
    b.trusted_study(parties=1, items=2, transfers=2)
    group = b.manifest["subjects"][0]["id"]
    lab = b.party(b.rng.choice(NEARSHORE), "sequencing_lab")
    b.transfer(b.material(group), lab, selection_reason="cost")
    return b.finish("Sequencing moved to a cheaper lab outside the trusted countries")


def _material_receiver(b: _Builder) -> dict[str, Any]:
    """The party of the first transfer of a material (a genetic item)."""
    materials = {m["id"] for m in b.manifest["materials"]}
    to = next(t["to"] for t in b.manifest["transfers"] if t["item"] in materials)
    party: dict[str, Any] = next(p for p in b.manifest["parties"] if p["id"] == to)
    return party


def _american(b: _Builder) -> None:
    b.origin = "US"
    b.study["origin_country"] = "US"


def _r_fda_ongoing(b: _Builder) -> Manifest:
    _american(b)
    b.fda("active")
    group = b.subjects("US", b.rng.randint(20, 200))
    lab = b.party(b.rng.choice(["CN", "HK"]), "sequencing_lab")
    b.transfer(b.material(group, "living_cells"), lab, purpose="sequencing")
    return b.finish("Ongoing trial, cells sequenced in a country of concern with consent")


def _r_doj_small(b: _Builder) -> Manifest:
    _american(b)
    group = b.subjects("US", b.rng.randint(20, 100))
    lab = b.party(b.rng.choice(CONCERN), "analysis_provider")
    b.transfer(b.dataset(group, "genomic"), lab)
    return b.finish("Small genomic dataset analysed by a party of concern")


def _r_fda_unknown_owner(b: _Builder) -> Manifest:
    _american(b)
    b.fda("active")
    group = b.subjects("US", b.rng.randint(20, 400))
    lab = b.party(b.rng.choice(TRUSTED), "sequencing_lab", headquarters=None, owners=None)
    b.transfer(b.material(group), lab)
    return b.finish("Trial samples to a lab whose ownership is not given")


def _r_doj_health(b: _Builder) -> Manifest:
    _american(b)
    group = b.subjects("US", b.rng.randint(10_001, 40_000))
    party = b.party(b.rng.choice(CONCERN), "analysis_provider")
    b.transfer(b.dataset(group, "health"), party)
    return b.finish("Large health-records extract to an analytics vendor of concern")


def _r_nih_exception(b: _Builder) -> Manifest:
    _american(b)
    b.study["funding"] = ["NIH"]
    group = b.subjects("US", b.rng.randint(20, 500))
    lab = b.party(b.rng.choice(CONCERN), "sequencing_lab")
    b.transfer(
        b.material(group), lab, nih_exception=b.rng.choice(["unique_expertise", "donor_care"])
    )
    return b.finish("NIH-supported study under a documented exception")


def _d_unencrypted(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=2)
    transfer = next(t for t in b.manifest["transfers"] if "safeguards" in t)
    transfer["safeguards"]["encrypted_at_rest"] = False
    return b.finish("Data sent abroad without encryption at rest")


def _d_assessment(b: _Builder) -> Manifest:
    b.trusted_study(parties=1, items=2, transfers=2)
    if b.rng.random() < 0.5:
        del b.manifest["compliance"]
    else:
        late = _day(b.rng, b.first_start, 1, 60).isoformat()
        b.manifest["compliance"]["assessment"]["completed_on"] = late
    return b.finish("Cross-border transfers before the compliance assessment")


def _d_consent(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=2)
    b.finish("")
    disclosed = b.manifest["consent"]["disclosed_countries"]
    disclosed.remove(_material_receiver(b)["country"])
    if not disclosed or b.rng.random() < 0.3:
        b.manifest["consent"] = {"foreign_transfer_disclosed": False}
    return b.finish("Consent that does not disclose the transfer")


def _d_fda_new(b: _Builder) -> Manifest:
    _american(b)
    b.fda(b.rng.choice(["planned", "submitted"]))
    group = b.subjects("US", b.rng.randint(10, 80))
    site = b.party("CN", "manufacturing_site")
    b.transfer(b.material(group, "living_cells"), site, purpose="genetic_engineering")
    return b.finish("New CAR-T trial engineering American cells in China")


def _d_nih(b: _Builder) -> Manifest:
    _american(b)
    group = b.subjects("US", b.rng.randint(20, 500))
    b.trusted_study(parties=1, items=1, transfers=1)
    b.study["funding"] = ["NIH"]
    lab = b.party(b.rng.choice(CONCERN), "sequencing_lab")
    b.transfer(b.material(group), lab)
    return b.finish("NIH-supported samples to a lab in a country of concern")


def _d_doj_bulk(b: _Builder) -> Manifest:
    _american(b)
    group = b.subjects("US", b.rng.randint(150, 5000))
    if b.rng.random() < 0.5:
        lab = b.party("HK", "sequencing_lab")
    else:
        name = f"Example Capital {b.index:05d} (Shenzhen)"
        holding = {"name": name, "country": "CN", "share": 60}
        lab = b.party("SG", "sequencing_lab", owners=[holding])
    b.transfer(b.dataset(group, "genomic"), lab)
    return b.finish("Bulk American genomic data to a covered party")


def _d_hgr(b: _Builder) -> Manifest:
    b.origin = "CN"
    b.study["origin_country"] = "CN"
    group = b.subjects("CN", b.rng.randint(100, 3000))
    lab = b.party(b.rng.choice(["DE", "SG", "US", "GB"]), "sequencing_lab")
    b.transfer(b.material(group, "blood", "dna", "tissue"), lab)
    if b.rng.random() < 0.5:
        b.transfer(b.dataset(group, "genomic"), lab)
    return b.finish("Human genetic resources leaving mainland China without approval")


def _d_rejected(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=2)
    _material_receiver(b)["due_diligence"]["outcome"] = "rejected"
    return b.finish("Partner whose due diligence was rejected")


def _d_cost_ties(b: _Builder) -> Manifest:
    b.trusted_study(parties=1, items=1, transfers=1)
    group = b.manifest["subjects"][0]["id"]
    lab = b.party(b.rng.choice(CONCERN), "sequencing_lab")
    b.transfer(b.material(group), lab, selection_reason="cost")
    return b.finish("Partner with ties of concern chosen for cost")


def _d_remote(b: _Builder) -> Manifest:
    b.trusted_study(parties=2, items=2, transfers=2)
    transfer = next(t for t in b.manifest["transfers"] if "safeguards" in t)
    transfer["safeguards"]["remote_access_from"] = sorted({b.rng.choice(CONCERN), "IE"})
    return b.finish("Receiver's staff can reach the data from a country of concern")


def _d_fda_undisclosed(b: _Builder) -> Manifest:
    _american(b)
    b.fda("active")
    group = b.subjects("US", b.rng.randint(20, 200))
    lab = b.party("CN", "sequencing_lab")
    b.transfer(b.material(group), lab, purpose="sequencing")
    b.manifest["consent"]["disclosed_countries"] = ["DE", "GB"]
    return b.finish("Ongoing trial, samples to China without disclosure")


Archetype = Callable[[_Builder], Manifest]

# (name, intended decision, builder, weight): about 49% allow, 22% review,
# 30% deny. Every archetype appears within the first len(_SLOTS) manifests.
ARCHETYPES: list[tuple[str, str, Archetype, int]] = [
    ("A-trusted", "allow", _a_trusted, 10),
    ("A-domestic", "allow", _a_domestic, 3),
    ("A-nearshore", "allow", _a_nearshore, 3),
    ("A-fda-domestic", "allow", _a_fda_domestic, 2),
    ("R-uncertified", "review", _r_uncertified, 1),
    ("R-diligence", "review", _r_diligence, 1),
    ("R-cost", "review", _r_cost, 1),
    ("R-fda-ongoing", "review", _r_fda_ongoing, 1),
    ("R-doj-small", "review", _r_doj_small, 1),
    ("R-fda-unknown-owner", "review", _r_fda_unknown_owner, 1),
    ("R-doj-health", "review", _r_doj_health, 1),
    ("R-nih-exception", "review", _r_nih_exception, 1),
    ("D-unencrypted", "deny", _d_unencrypted, 1),
    ("D-assessment", "deny", _d_assessment, 1),
    ("D-consent", "deny", _d_consent, 1),
    ("D-fda-new", "deny", _d_fda_new, 1),
    ("D-nih", "deny", _d_nih, 1),
    ("D-doj-bulk", "deny", _d_doj_bulk, 1),
    ("D-hgr", "deny", _d_hgr, 1),
    ("D-rejected", "deny", _d_rejected, 1),
    ("D-cost-ties", "deny", _d_cost_ties, 1),
    ("D-remote", "deny", _d_remote, 1),
    ("D-fda-undisclosed", "deny", _d_fda_undisclosed, 1),
]

_SLOTS = [n for n, (_, _, _, weight) in enumerate(ARCHETYPES) for _ in range(weight)]
random.Random(SEED).shuffle(_SLOTS)


def manifest(index: int, seed: int = SEED) -> Manifest:
    """Manifest number `index` of the corpus of this seed."""
    name, intent, build, _ = ARCHETYPES[_SLOTS[index % len(_SLOTS)]]
    return build(_Builder(index, seed, name, intent))


# --- counting across manifests and within one -----------------------------------

STRESS_LAB = "BGI Genomics Co., Ltd."  # on the entities list: covered by name and country


def stress_manifest(index: int, seed: int = SEED) -> Manifest:
    """Manifest `index` of the portfolio-stress corpus: a small American
    genomic dataset (1 to 5 people) to one covered lab in China on day
    `index` after 1 October 2026. Every manifest of this corpus has the same
    (unnamed) sender and counterparty, so each one's DOJ windows take in the
    transfers of the manifests of the 12 months before it."""
    b = _Builder(index, seed, "S-portfolio", "review")
    b.manifest["metadata"]["id"] = f"HG-STRESS-{index:05d}"
    del b.study["sponsor"]
    b.first_start = _START + dt.timedelta(days=index)
    _american(b)
    group = b.subjects("US", b.rng.randint(1, 5))
    lab = b.party("CN", "sequencing_lab", name=STRESS_LAB, owners=None)
    b.transfer(b.dataset(group, "genomic"), lab, purpose="sequencing")
    return b.finish("One of many small genomic datasets to the same covered lab")


def transfers_manifest(count: int, seed: int = SEED) -> Manifest:
    """One manifest with `count` transfers to one covered lab in China, on
    `count` distinct days from 1 October 2026: two American genomic datasets
    of 60 people each, sent in turn (a 12-month window holding both is over
    the DOJ threshold of 100)."""
    b = _Builder(0, seed, "S-transfers", "deny")
    b.manifest["metadata"]["id"] = f"HG-BENCH-TRANSFERS-{count}"
    _american(b)
    items = [b.dataset(b.subjects("US", 60), "genomic") for _ in range(2)]
    lab = b.party("CN", "sequencing_lab")
    for n in range(count):
        transfer = b.transfer(items[n % 2], lab, purpose="sequencing")
        transfer["start_on"] = (_START + dt.timedelta(days=n)).isoformat()
    return b.finish(f"{count:,} transfers to one covered lab, each on its own day")


def file_name(index: int) -> str:
    return f"m{index:05d}.{'json' if index % JSON_EVERY == JSON_EVERY - 1 else 'yaml'}"


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def render(index: int, data: Manifest) -> str:
    """The file's text: JSON, or YAML under a comment line."""
    if file_name(index).endswith(".json"):
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
    return f"# {data['metadata']['id']}: {data['metadata']['title']}\n{body}"


def write_corpus(
    directory: Path,
    count: int,
    seed: int = SEED,
    make: Callable[[int, int], Manifest] = manifest,
) -> list[tuple[Path, Manifest]]:
    """Write manifests 0..count-1 (of `make`: `manifest`, or `stress_manifest`),
    one file each, into `directory` (its old *.yaml and *.json files are
    removed first); the paths and the manifests."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in [*directory.glob("*.yaml"), *directory.glob("*.json")]:
        old.unlink()
    written = []
    for index in range(count):
        data = make(index, seed)
        path = directory / file_name(index)
        path.write_text(render(index, data), encoding="utf-8")
        written.append((path, data))
    return written


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: python -m bench.corpus DIR COUNT [SEED]", file=sys.stderr)
        return 2
    seed = int(argv[2]) if len(argv) == 3 else SEED
    written = write_corpus(Path(argv[0]), int(argv[1]), seed)
    print(f"{len(written)} manifests in {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
