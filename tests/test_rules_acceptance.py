"""Every rule of the catalogue, on manifests written for it: where it fires and
a near miss where it must not.

The manifests are in tests/acceptance/manifests/, one file per rule, one case
per YAML document (its leading comment says what the case is about). They are
all checked in one `helixgate check --format json` call with the real OPA,
with tests/acceptance/waivers.yaml (for the HG-WAIVER rules),
tests/acceptance/profile.yaml (one entity of concern added) and a fixed
--as-of; the tests below read that one report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_helixgate

ACCEPTANCE = Path(__file__).resolve().parent / "acceptance"
MANIFESTS = ACCEPTANCE / "manifests"
WAIVERS = ACCEPTANCE / "waivers.yaml"
PROFILE = ACCEPTANCE / "profile.yaml"
AS_OF = "2026-11-30"

# (transfer index, transfer id, item, party): a finding at /transfers/<index>.
Hit = tuple[int, str, str, str]

# manifest id -> rule -> every finding of that rule the manifest must carry.
FIRES: dict[str, dict[str, list[Hit] | list[str]]] = {
    # FDA-CELLS-001: new application, American material, party of concern, genetic purpose
    "fda1-new-ind-to-chinese-lab": {"FDA-CELLS-001": [(1, "t2", "cells", "lab-cn")]},
    "fda1-planned-ind-50pct-chinese-owned-lab": {
        "FDA-CELLS-001": [(0, "t1", "cells", "lab-de-50")]
    },
    "fda1-us-company-branch-in-china": {"FDA-CELLS-001": [(0, "t1", "cells", "lab-cn-branch")]},
    "fda1-onward-to-chinese-lab": {"FDA-CELLS-001": [(1, "t2", "cells", "lab-cn")]},
    "fda3-submitted-hong-kong-lab-consent-names-china": {
        "FDA-CELLS-001": [(0, "t1", "cells", "lab-hk")]
    },
    # FDA-CELLS-002: ongoing, consent discloses and names the destination's own code
    "fda2-active-consent-names-hong-kong": {"FDA-CELLS-002": [(0, "t1", "cells", "lab-hk")]},
    # FDA-CELLS-003: ongoing, consent silent or naming another country
    "fda2-active-transfer-not-disclosed": {"FDA-CELLS-003": [(0, "t1", "cells", "lab-hk")]},
    "fda3-active-hong-kong-lab-consent-names-china": {
        "FDA-CELLS-003": [(0, "t1", "cells", "lab-hk")]
    },
    "fda3-active-no-consent": {
        "FDA-CELLS-003": [(1, "t2", "cells", "lab-cn")],
        "CMP-CONSENT-001": [(0, "t1", "cells", "lab-de"), (1, "t2", "cells", "lab-cn")],
    },
    # FDA-CELLS-004: undetermined party abroad
    "fda4-active-singapore-lab-unknown-parent": {"FDA-CELLS-004": [(1, "t2", "cells", "lab-sg-x")]},
    "fda4-planned-singapore-lab-unknown-parent": {
        "FDA-CELLS-004": [(0, "t1", "cells", "lab-sg-x")]
    },
    # FDA-CELLS-005: party of concern, storage or other purpose
    "fda5-planned-storage-in-china": {"FDA-CELLS-005": [(0, "t1", "blood", "lab-cn")]},
    "fda5-active-other-purpose-in-hong-kong": {"FDA-CELLS-005": [(0, "t1", "cells", "lab-hk")]},
    "fda1-storage-in-china": {"FDA-CELLS-005": [(0, "t1", "cells", "lab-cn")]},
    # NIH-SPEC-001/002: a location test, onward hops included
    "nih1-onward-to-us-company-branch-in-china": {
        "NIH-SPEC-001": [(1, "t2", "blood", "lab-cn-branch")],
    },
    "nih2-donor-care-exception": {"NIH-SPEC-002": [(1, "t2", "blood", "lab-cn")]},
    # DOJ-BULK-001: bulk, one finding per covered party at the first window over the threshold
    "doj1-101-genomic": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-1001-proteomic": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-101-anonymized-genomic": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-closed-fda-application": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-us-branch-of-chinese-company": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-us-branch")]},
    "doj1-us-company-subsidiary-in-china": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-cn-sub")]},
    "doj1-50pct-chinese-owned-lab": {"DOJ-BULK-001": [(0, "t1", "wgs", "lab-de-50")]},
    "doj1-window-one-day-under-a-year": {"DOJ-BULK-001": [(1, "t2", "wgs-b", "lab-cn")]},
    # PIPL-*: exports of Chinese personal information (each case its own exporter)
    "pipl1-10000-standard-contract": {"PIPL-XFER-001": [(0, "t1", "ds", "lab-us")]},
    "pipl2-no-mechanism": {"PIPL-XFER-002": [(0, "t1", "ds", "lab-us")]},
    "pipl2-contract-too-late": {"PIPL-XFER-002": [(0, "t1", "ds", "lab-us")]},
    "pipl3-no-separate-consent": {"PIPL-CONSENT-001": [(0, "t1", "ds", "lab-us")]},
    # DOJ-BULK-004: a corporate group reached in pieces under the threshold
    "doj4-group-split-over-two-subsidiaries": {"DOJ-BULK-004": [(1, "t2", "wgs-b", "lab-cn-2")]},
    "doj1-window-leap-day-one-day-under": {"DOJ-BULK-001": [(1, "t2", "wgs-b", "lab-cn")]},
    "doj1-americans-living-abroad-count": {"DOJ-BULK-001": [(0, "t1", "wgs-a", "lab-cn")]},
    "doj1-onward-to-chinese-lab": {"DOJ-BULK-001": [(1, "t2", "wgs", "lab-cn")]},
    # DOJ-BULK-002: below the thresholds, one finding per covered party at the first transfer
    "doj1-100-genomic": {"DOJ-BULK-002": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-1000-proteomic": {"DOJ-BULK-002": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-150-proteomic": {"DOJ-BULK-002": [(0, "t1", "wgs", "lab-cn")]},
    "doj1-window-exactly-a-year": {"DOJ-BULK-002": [(0, "t1", "wgs-a", "lab-cn")]},
    "doj1-window-leap-day-exactly-a-year": {"DOJ-BULK-002": [(0, "t1", "wgs-a", "lab-cn")]},
    "doj1-germans-do-not-count": {"DOJ-BULK-002": [(0, "t1", "wgs-a", "lab-cn")]},
    "doj1-same-group-sent-twice": {"DOJ-BULK-002": [(0, "t1", "blood", "lab-cn")]},
    "doj2-two-transfers-below-threshold": {"DOJ-BULK-002": [(1, "t2", "wgs", "lab-cn")]},
    "doj2-two-covered-parties": {
        "DOJ-BULK-002": [(0, "t1", "wgs", "lab-cn"), (1, "t2", "wgs", "lab-ru")],
    },
    "fda1-closed-application": {"DOJ-BULK-002": [(1, "t2", "cells", "lab-cn")]},
    "fda5-closed-storage-in-china": {"DOJ-BULK-002": [(0, "t1", "blood", "lab-cn")]},
    # DOJ-BULK-003: health or biometric, one finding per covered party and category
    "doj3-health-and-biometric": {
        "DOJ-BULK-003": [(0, "t1", "ehr", "lab-cn"), (1, "t2", "faces", "lab-cn")],
    },
    "doj3-biometric-two-groups": {"DOJ-BULK-003": [(1, "t2", "faces-b", "lab-cn")]},
    # CMP-ASSESS-001: points at the date, or its nearest existing parent
    "assess-completed-after-first-crossing": {
        "CMP-ASSESS-001": ["/compliance/assessment/completed_on"]
    },
    "assess-no-compliance-block": {"CMP-ASSESS-001": [""]},
    "assess-compliance-without-assessment": {"CMP-ASSESS-001": ["/compliance"]},
    # CMP-CONSENT-001
    "consent-destination-not-named": {"CMP-CONSENT-001": [(1, "t2", "wgs", "lab-fr")]},
    "consent-sequencing-not-disclosed": {"CMP-CONSENT-001": [(0, "t1", "cells", "lab-de")]},
    "consent-names-china-for-hong-kong-lab": {"CMP-CONSENT-001": [(0, "t1", "cells", "lab-hk")]},
    "consent-absent": {"CMP-CONSENT-001": [(0, "t1", "cells", "lab-de")]},
    # HGR-MAT-001, HGR-INFO-001, HGR-INFO-002 (they replace CMP-HGR-001/002)
    "hgrmat-blood-to-germany": {"HGR-MAT-001": [(0, "t1", "blood", "lab-de")]},
    "hgrmat-tissue-to-hong-kong": {"HGR-MAT-001": [(0, "t1", "tissue", "lab-hk")]},
    "hgrmat-onward-from-chinese-lab": {"HGR-MAT-001": [(1, "t2", "blood", "lab-de")]},
    "hgrmat-lab-in-china-headquartered-in-hong-kong": {
        "HGR-MAT-001": [(0, "t1", "blood", "lab-sz")]
    },
    "hgrmat-lab-in-china-50pct-held-from-abroad": {"HGR-MAT-001": [(0, "t1", "blood", "lab-sz")]},
    "hgrmat-foreign-researcher-in-china": {"HGR-MAT-001": [(0, "t1", "blood", "dr-us")]},
    "hgrinfo1-transcriptomic-to-germany": {"HGR-INFO-001": [(0, "t1", "rna-seq", "lab-de")]},
    "hgrinfo1-genomic-to-foreign-held-lab-in-china": {
        "HGR-INFO-001": [(0, "t1", "wgs", "lab-sz"), (1, "t2", "wgs", "lab-hk")]
    },
    "hgrinfo1-genomic-to-foreign-researcher-in-china": {
        "HGR-INFO-001": [(0, "t1", "wgs", "dr-de")]
    },
    "hgrinfo2-501-genomes": {"HGR-INFO-002": [(1, "t2", "wgs-a", "lab-de")]},
    "hgrinfo2-600-genomes-to-foreign-lab-in-china": {"HGR-INFO-002": [(0, "t1", "wgs", "lab-sz")]},
    # CMP-SEC-001/002/003
    "sec1-not-encrypted-at-rest": {"CMP-SEC-001": [(0, "t1", "wgs", "lab-de")]},
    "sec1-no-safeguards": {"CMP-SEC-001": [(0, "t1", "wgs", "lab-de")]},
    "sec2-remote-access-from-hong-kong": {"CMP-SEC-002": [(0, "t1", "wgs", "lab-de")]},
    "sec2-domestic-remote-access-from-china": {"CMP-SEC-002": [(0, "t1", "wgs", "lab-us")]},
    "sec3-lab-with-other-certifications": {"CMP-SEC-003": [(0, "t1", "wgs", "lab-de")]},
    "sec3-lab-without-certifications": {"CMP-SEC-003": [(0, "t1", "wgs", "lab-de")]},
    # CMP-PARTNER-001/002
    "partner1-rejected": {"CMP-PARTNER-001": [(1, "t2", "cells", "lab-de")]},
    "partner1-conditional": {"CMP-PARTNER-002": [(0, "t1", "cells", "lab-de")]},
    "partner2-no-due-diligence": {"CMP-PARTNER-002": [(0, "t1", "cells", "lab-de")]},
    # CMP-COST-001/002
    "cost1-50pct-chinese-owned-for-cost": {"CMP-COST-001": [(0, "t1", "cells", "lab-de-50")]},
    "cost1-domestic-us-branch-for-cost": {"CMP-COST-001": [(0, "t1", "ehr", "lab-us-branch")]},
    "cost2-chinese-lab-for-cost": {"CMP-COST-001": [(0, "t1", "cells", "lab-cn")]},
    "cost2-singapore-for-cost": {
        "CMP-COST-002": [(1, "t2", "cells", "lab-sg")],
        "CMP-LOCAL-001": [(1, "t2", "cells", "lab-sg")],
    },
    # CMP-SOV-001: any route, any purpose, wherever the party sits
    "sov-us-subsidiary-of-chinese-company": {"CMP-SOV-001": [(0, "t1", "wgs", "lab-us-sub")]},
    "sov-onward-storage-in-china": {"CMP-SOV-001": [(1, "t2", "cells", "lab-cn")]},
    "fda1-us-subsidiary-of-chinese-company": {"CMP-SOV-001": [(0, "t1", "cells", "lab-us-sub")]},
    "reasons-every-tie": {"CMP-SOV-001": [(0, "t1", "cells", "lab-cn-all")]},
    # CMP-LOCAL-001
    "local-singapore-lab": {"CMP-LOCAL-001": [(0, "t1", "cells", "lab-sg")]},
    # HG-WAIVER-001/002, HG-SIGNOFF-001: about an entry of the waiver file,
    # so they point at it there
    "waiver1-fda-rule-cannot-be-waived": {
        "HG-WAIVER-001": ["/waivers/0"],
        "FDA-CELLS-001": [(0, "t1", "cells", "lab-cn")],
    },
    "waiver2-expired": {"HG-WAIVER-002": ["/waivers/1"], "CMP-SEC-003": [(0, "t1", "cells", "lab-de")]},
    "signoff1-on-a-deny": {
        "HG-SIGNOFF-001": ["/signoffs/0"],
        "FDA-CELLS-001": [(0, "t1", "cells", "lab-cn")],
    },
    "waiver-valid-until-the-evaluation-date": {"CMP-SEC-003": [(0, "t1", "cells", "lab-de")]},
    "waiver-narrowed-to-one-transfer": {
        "CMP-SEC-003": [(0, "t1", "cells", "lab-de"), (1, "t2", "wgs", "lab-de")],
    },
    # entities of concern (added by the profile)
    "entity-named-us-lab-bulk": {
        "DOJ-BULK-001": [(0, "t1", "wgs", "lab-us-named")],
        "CMP-SOV-001": [(0, "t1", "wgs", "lab-us-named")],
    },
    "entity-named-us-lab-new-ind": {"CMP-SOV-001": [(0, "t1", "cells", "lab-us-named")]},
    "entity-owner-named-50pct": {"FDA-CELLS-001": [(0, "t1", "cells", "lab-de-owned")]},
    # NIH-DATA-001: NIH controlled-access data located in, or reachable from, a country of concern
    "nih-data1-dbgap-data-to-chinese-lab": {"NIH-DATA-001": [(0, "t1", "wgs", "lab-cn")]},
    "nih-data1-starts-the-day-of-the-notice": {"NIH-DATA-001": [(0, "t1", "wgs", "lab-cn")]},
    "nih-data1-remote-access-from-china": {
        "NIH-DATA-001": [(0, "t1", "wgs", "lab-de")],
        "CMP-SEC-002": [(0, "t1", "wgs", "lab-de")],
    },
    "nih-data1-onward-to-hong-kong": {"NIH-DATA-001": [(1, "t2", "wgs", "lab-hk")]},
    # BIO-001: federal funds to a biotechnology company of concern, under the award
    "bio1-nih-funded-data-to-named-entity": {"BIO-001": [(0, "t1", "wgs", "lab-us-named")]},
    "bio1-onward-to-lab-half-owned-by-named-owners": {
        "BIO-001": [(1, "t2", "blood", "lab-de-owned")]
    },
}

# Manifests whose findings a valid waiver may turn into level `waived`.
WAIVED = {"waiver-valid-until-the-evaluation-date", "waiver-narrowed-to-one-transfer"}
SIGNED_OFF = {"signoff1-on-a-review"}

# (manifest id, rule that must not fire there)
SILENT: list[tuple[str, str]] = [
    ("pipl1-9999-standard-contract", "PIPL-XFER-001"),
    ("pipl1-10000-security-assessment", "PIPL-XFER-001"),
    ("pipl2-ordinary-99999", "PIPL-XFER-002"),
    ("pipl2-contract-on-the-day", "PIPL-XFER-002"),
    ("pipl3-separate-consent", "PIPL-CONSENT-001"),
    ("doj4-half-owned-is-no-group", "DOJ-BULK-004"),
    ("fda1-planned-ind-49-9pct-chinese-owned-lab", "FDA-CELLS-001"),
    ("fda1-closed-application", "FDA-CELLS-001"),
    ("fda1-storage-in-china", "FDA-CELLS-001"),
    ("fda1-us-subsidiary-of-chinese-company", "FDA-CELLS-001"),
    ("fda1-us-branch-of-chinese-company", "FDA-CELLS-001"),
    ("fda1-german-subjects", "FDA-CELLS-001"),
    ("fda2-active-consent-names-hong-kong", "FDA-CELLS-001"),
    ("fda5-planned-storage-in-china", "FDA-CELLS-001"),
    ("fda2-active-transfer-not-disclosed", "FDA-CELLS-002"),
    ("fda3-active-hong-kong-lab-consent-names-china", "FDA-CELLS-002"),
    ("fda3-active-no-consent", "FDA-CELLS-002"),
    ("fda3-submitted-hong-kong-lab-consent-names-china", "FDA-CELLS-002"),
    ("fda5-active-other-purpose-in-hong-kong", "FDA-CELLS-002"),
    ("fda2-active-consent-names-hong-kong", "FDA-CELLS-003"),
    ("fda3-submitted-hong-kong-lab-consent-names-china", "FDA-CELLS-003"),
    ("fda5-active-other-purpose-in-hong-kong", "FDA-CELLS-003"),
    ("fda4-singapore-lab-with-headquarters", "FDA-CELLS-004"),
    ("fda4-us-company-branch-in-singapore", "FDA-CELLS-004"),
    ("fda4-research-study", "FDA-CELLS-004"),
    ("fda4-domestic-lab-unknown-owners", "FDA-CELLS-004"),
    ("fda5-closed-storage-in-china", "FDA-CELLS-005"),
    ("fda5-planned-storage-in-germany", "FDA-CELLS-005"),
    ("fda1-new-ind-to-chinese-lab", "FDA-CELLS-005"),
    ("nih1-other-federal-funding", "NIH-SPEC-001"),
    ("nih1-german-lab-owned-from-china", "NIH-SPEC-001"),
    ("nih1-genomic-data-to-china", "NIH-SPEC-001"),
    ("nih2-donor-care-exception", "NIH-SPEC-001"),
    ("nih2-exception-for-german-lab", "NIH-SPEC-002"),
    ("nih1-onward-to-us-company-branch-in-china", "NIH-SPEC-002"),
    ("doj1-100-genomic", "DOJ-BULK-001"),
    ("doj1-1000-proteomic", "DOJ-BULK-001"),
    ("doj1-150-proteomic", "DOJ-BULK-001"),
    ("doj1-active-fda-application", "DOJ-BULK-001"),
    ("doj1-nih-funded", "DOJ-BULK-001"),
    ("doj1-other-federal-funded", "DOJ-BULK-001"),
    ("doj1-us-subsidiary-of-chinese-company", "DOJ-BULK-001"),
    ("doj1-us-company-branch-in-china", "DOJ-BULK-001"),
    ("doj1-49-9pct-chinese-owned-lab", "DOJ-BULK-001"),
    ("doj1-window-exactly-a-year", "DOJ-BULK-001"),
    ("doj1-window-leap-day-exactly-a-year", "DOJ-BULK-001"),
    ("doj1-germans-do-not-count", "DOJ-BULK-001"),
    ("doj1-same-group-sent-twice", "DOJ-BULK-001"),
    ("doj1-101-genomic", "DOJ-BULK-002"),
    ("doj1-window-one-day-under-a-year", "DOJ-BULK-002"),
    ("doj1-active-fda-application", "DOJ-BULK-002"),
    ("doj1-nih-funded", "DOJ-BULK-002"),
    ("doj1-us-subsidiary-of-chinese-company", "DOJ-BULK-002"),
    ("doj1-us-company-branch-in-china", "DOJ-BULK-002"),
    ("doj1-49-9pct-chinese-owned-lab", "DOJ-BULK-002"),
    ("doj2-health-data-only", "DOJ-BULK-002"),
    ("doj2-german-lab", "DOJ-BULK-002"),
    ("fda1-us-branch-of-chinese-company", "DOJ-BULK-002"),
    ("doj3-at-thresholds", "DOJ-BULK-003"),
    ("doj3-nih-funded", "DOJ-BULK-003"),
    ("doj2-health-data-only", "DOJ-BULK-003"),
    ("assess-completed-on-first-crossing-day", "CMP-ASSESS-001"),
    ("assess-after-domestic-before-crossing", "CMP-ASSESS-001"),
    ("assess-domestic-only", "CMP-ASSESS-001"),
    ("consent-storage-without-sequencing-disclosure", "CMP-CONSENT-001"),
    ("consent-health-data-to-france", "CMP-CONSENT-001"),
    ("consent-domestic-genetic", "CMP-CONSENT-001"),
    ("fda2-active-consent-names-hong-kong", "CMP-CONSENT-001"),
    ("hgrmat-plasma-and-urine-to-germany", "HGR-MAT-001"),
    ("hgrmat-blood-with-approval", "HGR-MAT-001"),
    ("hgrmat-lab-in-china-49-9pct-held-from-abroad", "HGR-MAT-001"),
    ("hgrmat-chinese-researcher-in-china", "HGR-MAT-001"),
    ("hgrinfo1-proteomic-to-germany", "HGR-INFO-001"),
    ("hgrinfo1-genomic-with-filing", "HGR-INFO-001"),
    ("hgrinfo1-genomic-to-chinese-lab", "HGR-INFO-001"),
    ("hgrinfo1-genomic-to-49-9pct-foreign-held-lab-in-china", "HGR-INFO-001"),
    ("hgrinfo1-genomic-to-lab-in-china-held-from-china", "HGR-INFO-001"),
    ("hgrinfo2-500-genomes", "HGR-INFO-002"),
    ("hgrinfo2-one-cohort-counts-once", "HGR-INFO-002"),
    ("hgrinfo2-600-genomes-with-review", "HGR-INFO-002"),
    ("hgrinfo2-600-methylomes", "HGR-INFO-002"),
    ("hgrinfo1-genomic-to-foreign-held-lab-in-china", "HGR-INFO-002"),
    ("sec1-encrypted", "CMP-SEC-001"),
    ("sec1-domestic-unencrypted", "CMP-SEC-001"),
    ("sec1-material-without-safeguards", "CMP-SEC-001"),
    ("sec2-remote-access-from-singapore", "CMP-SEC-002"),
    ("sec3-soc2-lab", "CMP-SEC-003"),
    ("sec3-health-data-to-uncertified-lab", "CMP-SEC-003"),
    ("partner1-conditional", "CMP-PARTNER-001"),
    ("partner1-health-data-to-rejected-party", "CMP-PARTNER-001"),
    ("partner2-approved", "CMP-PARTNER-002"),
    ("partner1-rejected", "CMP-PARTNER-002"),
    ("cost1-49-9pct-chinese-owned-for-cost", "CMP-COST-001"),
    ("cost1-chinese-lab-for-capability", "CMP-COST-001"),
    ("cost2-singapore-for-capacity", "CMP-COST-002"),
    ("cost2-germany-for-cost", "CMP-COST-002"),
    ("cost2-chinese-lab-for-cost", "CMP-COST-002"),
    ("cost1-49-9pct-chinese-owned-for-cost", "CMP-COST-002"),
    ("cost1-50pct-chinese-owned-for-cost", "CMP-COST-002"),
    ("sov-german-subjects", "CMP-SOV-001"),
    ("sov-health-data-to-china", "CMP-SOV-001"),
    ("sov-49-9pct-chinese-owned", "CMP-SOV-001"),
    ("local-german-lab", "CMP-LOCAL-001"),
    ("local-chinese-lab", "CMP-LOCAL-001"),
    ("local-health-data-to-singapore", "CMP-LOCAL-001"),
    ("waiver-valid-until-the-evaluation-date", "HG-WAIVER-001"),
    ("waiver2-expired", "HG-WAIVER-001"),
    ("signoff1-on-a-review", "HG-SIGNOFF-001"),
    ("waiver-valid-until-the-evaluation-date", "HG-WAIVER-002"),
    ("waiver-narrowed-to-one-transfer", "HG-WAIVER-002"),
    ("waiver1-fda-rule-cannot-be-waived", "HG-WAIVER-002"),
    ("entity-similar-name-us-lab", "DOJ-BULK-001"),
    ("entity-similar-name-us-lab", "CMP-SOV-001"),
    ("entity-named-us-lab-new-ind", "FDA-CELLS-001"),
    ("entity-owner-named-49-9pct", "FDA-CELLS-001"),
    ("nih-data1-repository-not-controlled-access", "NIH-DATA-001"),
    ("nih-data1-remote-access-from-germany", "NIH-DATA-001"),
    ("nih-data1-before-the-notice", "NIH-DATA-001"),
    ("nih-data1-german-lab-owned-from-china", "NIH-DATA-001"),
    ("nih-data1-dbgap-data-to-chinese-lab", "NIH-SPEC-001"),
    ("bio1-marked-outside-the-award", "BIO-001"),
    ("bio1-private-funding", "BIO-001"),
    ("bio1-named-owners-hold-49-9pct", "BIO-001"),
    ("bio1-chinese-owned-lab-not-named", "BIO-001"),
    ("bio1-nih-funded-data-to-named-entity", "DOJ-BULK-002"),
]


@pytest.fixture(scope="session")
def report() -> dict[str, Any]:
    """The one report of the whole acceptance folder."""
    result = run_helixgate(
        [
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--waivers",
            str(WAIVERS),
            "--profile",
            str(PROFILE),
            str(MANIFESTS),
        ]
    )
    assert result.code in (0, 1, 2), result.err
    return result.json()


@pytest.fixture(scope="session")
def results(report) -> dict[str, dict[str, Any]]:
    return {result["manifest"]: result for result in report["results"]}


def _cases() -> Iterator[tuple[Path, int, str, dict[str, Any]]]:
    """(file, document index, leading comment, manifest) of every acceptance case."""
    for path in sorted(MANIFESTS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for index, chunk in enumerate(text.split("\n---\n")):
            comment = " ".join(line[2:] for line in chunk.splitlines() if line.startswith("# "))
            yield path, index, comment, yaml.safe_load(chunk)


def _ids_of(findings: list[dict[str, Any]], rule: str) -> list[tuple[Any, ...]]:
    return [
        (f["pointer"], f.get("transfer"), f.get("item"), f.get("party"))
        for f in findings
        if f["rule"] == rule
    ]


def _expected(hits: list[Hit] | list[str]) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    for hit in hits:
        if isinstance(hit, str):
            out.append((hit, None, None, None))
        else:
            index, transfer, item, party = hit
            out.append((f"/transfers/{index}", transfer, item, party))
    return out


# --------------------------------------------------------------------------
# The run itself


def test_every_acceptance_manifest_is_valid_and_decided(report):
    assert report["errors"] == []
    assert report["skipped"] == []
    assert report["complete"] is True
    assert len(report["results"]) == sum(1 for _ in _cases())


def test_acceptance_manifest_ids_are_unique(report):
    counts = Counter(result["manifest"] for result in report["results"])
    assert [name for name, count in counts.items() if count > 1] == []


def test_results_keep_the_file_and_document_order(report):
    expected = [(path.name, index) for path, index, _, _ in _cases()]
    assert [(Path(r["source"]).name, r["document"]) for r in report["results"]] == expected


def test_every_case_in_the_tables_names_a_manifest_that_exists(results):
    named = set(FIRES) | {manifest for manifest, _ in SILENT}
    assert sorted(named - set(results)) == []


# --------------------------------------------------------------------------
# Where each rule fires


@pytest.mark.parametrize(
    ("manifest", "rule", "hits"),
    [
        pytest.param(m, rule, hits, id=f"{rule}:{m}")
        for m, rules in FIRES.items()
        for rule, hits in rules.items()
    ],
)
def test_rule_fires_on_exactly_the_offending_transfers(results, catalogue, manifest, rule, hits):
    result = results[manifest]
    assert _ids_of(result["findings"], rule) == _expected(hits)
    for finding in result["findings"]:
        if finding["rule"] == rule:
            assert finding["level"] in (
                catalogue[rule]["level"],
                *(("waived",) if manifest in WAIVED else ()),
            )
            assert finding["title"]
            assert finding["message"]
            assert finding["citation"]["source"] == catalogue[rule]["source"]
            assert finding["remediation"]


@pytest.mark.parametrize(
    ("manifest", "rule"), [pytest.param(m, rule, id=f"{rule}:{m}") for m, rule in SILENT]
)
def test_rule_stays_silent_on_the_near_miss(results, manifest, rule):
    fired = [f["pointer"] for f in results[manifest]["findings"] if f["rule"] == rule]
    assert fired == []


# Rules for input the command line refuses before OPA is asked (a date
# outside the range OPA computes with is a schema error): they guard callers
# of OPA itself, and the catalogue test proves them with `opa eval`.
BEHIND_THE_SCHEMA = {"HG-INPUT-001"}

# Rules about the run rather than one manifest: proven with --history below.
ABOUT_THE_RUN = {"HG-PORTFOLIO-001", "HG-WAIVER-003", "HG-WAIVER-004"}


def _live(catalogue: dict[str, dict[str, Any]]) -> set[str]:
    """The catalogue's rules that can fire: a replaced rule (CMP-HGR-001 by
    HGR-MAT-001, say) stays in the catalogue only to name its successor."""
    return {rule_id for rule_id, rule in catalogue.items() if "replaced_by" not in rule}


def test_every_catalogue_rule_fires_in_some_acceptance_manifest(report, catalogue):
    fired = {f["rule"] for result in report["results"] for f in result["findings"]}
    assert sorted(_live(catalogue) - fired - BEHIND_THE_SCHEMA - ABOUT_THE_RUN) == []


def test_input_that_only_opa_itself_would_see_is_a_schema_error_on_the_command_line(
    helixgate, manifest, to_yaml, tmp_path
):
    document = manifest("HG-FAR", "deny")
    document["transfers"][0]["start_on"] = "2300-01-01"
    path = tmp_path / "far.yaml"
    path.write_text(to_yaml(document), encoding="utf-8")
    run = helixgate(["check", "--format", "json", str(path)])
    assert run.code == 2
    [error] = run.json()["errors"]
    assert (error["kind"], error["pointer"]) == ("schema", "/transfers/0/start_on")


def test_history_that_cannot_be_read_reviews_what_is_not_denied_and_exits_2(
    helixgate, manifest, to_yaml, tmp_path
):
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "allowed.yaml").write_text(to_yaml(manifest("HG-OK", "allow")))
    (checked / "denied.yaml").write_text(to_yaml(manifest("HG-NO", "deny")))
    broken = manifest("HG-PAST", "allow")
    broken["parties"][0]["country"] = "Germany"
    (tmp_path / "past.yaml").write_text(to_yaml(broken))
    run = helixgate(
        ["check", "--format", "json", "--history", str(tmp_path / "past.yaml"), str(checked)]
    )
    assert run.code == 2
    report = run.json()
    assert [e["pointer"] for e in report["errors"]] == ["/parties/0/country"]
    rules = {r["manifest"]: {f["rule"] for f in r["findings"]} for r in report["results"]}
    assert "HG-PORTFOLIO-001" in rules["HG-OK"]
    assert "HG-PORTFOLIO-001" not in rules["HG-NO"]  # denied anyway
    (allowed,) = [r for r in report["results"] if r["manifest"] == "HG-OK"]
    assert allowed["decision"] == "review"
    assert str(tmp_path / "past.yaml") in allowed["findings"][0]["message"]


def test_valid_history_adds_no_portfolio_finding(helixgate, manifest, to_yaml, tmp_path):
    (tmp_path / "past.yaml").write_text(to_yaml(manifest("HG-PAST", "allow")))
    (tmp_path / "now.yaml").write_text(to_yaml(manifest("HG-NOW", "allow")))
    run = helixgate(
        [
            "check",
            "--format",
            "json",
            "--history",
            str(tmp_path / "past.yaml"),
            str(tmp_path / "now.yaml"),
        ]
    )
    assert run.code == 0
    assert [r["manifest"] for r in run.json()["results"]] == ["HG-NOW"]
    assert run.json()["results"][0]["findings"] == []


def test_every_catalogue_rule_has_a_firing_case_and_a_near_miss_in_the_tables(catalogue):
    firing = {rule for rules in FIRES.values() for rule in rules} | BEHIND_THE_SCHEMA
    firing |= ABOUT_THE_RUN
    near_miss = {rule for _, rule in SILENT} | BEHIND_THE_SCHEMA | ABOUT_THE_RUN
    assert sorted(_live(catalogue) - firing) == []
    assert sorted(_live(catalogue) - near_miss) == []


# --------------------------------------------------------------------------
# What comes with a finding


@pytest.mark.parametrize(
    ("manifest", "obligation"),
    [
        ("fda2-active-consent-names-hong-kong", "fda-enhanced-oversight"),
        ("doj3-health-and-biometric", "doj-security-requirements"),
        ("doj3-biometric-two-groups", "doj-security-requirements"),
    ],
)
def test_a_rule_with_an_obligation_adds_it_once(results, manifest, obligation):
    assert results[manifest]["obligations"] == [obligation]


@pytest.mark.parametrize(
    "manifest",
    ["fda3-active-hong-kong-lab-consent-names-china", "doj1-101-genomic", "doj3-at-thresholds"],
)
def test_no_obligation_without_the_rule_that_carries_it(results, manifest):
    assert results[manifest]["obligations"] == []


def test_reasons_list_every_tie_in_the_documented_order(results):
    (finding,) = [f for f in results["reasons-every-tie"]["findings"] if f["rule"] == "CMP-SOV-001"]
    assert finding["reasons"] == [
        "country CN",
        "headquarters CN",
        "incorporated in CN",
        "owned 55% from countries of concern",
    ]


def test_fifty_percent_from_china_and_hong_kong_is_the_only_reason_given(results):
    findings = results["fda1-planned-ind-50pct-chinese-owned-lab"]["findings"]
    (finding,) = [f for f in findings if f["rule"] == "FDA-CELLS-001"]
    assert finding["reasons"] == ["owned 50% from countries of concern"]


def test_an_info_finding_alone_leaves_the_decision_allow(results):
    result = results["local-singapore-lab"]
    assert [f["rule"] for f in result["findings"]] == ["CMP-LOCAL-001"]
    assert result["findings"][0]["level"] == "info"
    assert result["decision"] == "allow"


def test_each_decision_is_the_worst_standing_finding(report):
    wrong = []
    for result in report["results"]:
        levels = {f["level"] for f in result["findings"]}
        expected = "deny" if "deny" in levels else "review" if "review" in levels else "allow"
        if result["decision"] != expected:
            wrong.append((result["manifest"], result["decision"], expected))
    assert wrong == []


def test_every_finding_has_its_catalogue_level_unless_validly_waived(report, catalogue):
    wrong = [
        (r["manifest"], f["rule"], f["level"])
        for r in report["results"]
        for f in r["findings"]
        if f["level"] != catalogue[f["rule"]]["level"]
        and not (f["level"] == "waived" and r["manifest"] in WAIVED)
        and not (f["level"] == "signed_off" and r["manifest"] in SIGNED_OFF)
    ]
    assert wrong == []


def test_a_signed_off_review_no_longer_counts_and_says_who(results):
    result = results["signoff1-on-a-review"]
    (finding,) = [f for f in result["findings"] if f["rule"] == "CMP-SEC-003"]
    assert finding["level"] == "signed_off"
    assert finding["signoff"]["approved_by"] == "officer@example.com"
    assert result["decision"] == "allow"


def test_a_sign_off_never_clears_a_deny(results):
    result = results["signoff1-on-a-deny"]
    assert _levels(result, "FDA-CELLS-001") == ["deny"]
    assert result["decision"] == "deny"


def _levels(result: dict[str, Any], rule: str) -> list[str]:
    return [f["level"] for f in result["findings"] if f["rule"] == rule]


def test_a_valid_waiver_marks_the_finding_waived_and_it_stops_counting(results):
    result = results["waiver-valid-until-the-evaluation-date"]
    assert _levels(result, "CMP-SEC-003") == ["waived"]
    assert result["decision"] == "allow"


def test_a_waiver_narrowed_to_a_transfer_waives_only_that_transfer(results):
    result = results["waiver-narrowed-to-one-transfer"]
    assert _levels(result, "CMP-SEC-003") == ["review", "waived"]
    assert result["decision"] == "review"


def test_a_waiver_of_an_fda_rule_is_ignored_and_the_deny_stands(results):
    result = results["waiver1-fda-rule-cannot-be-waived"]
    assert _levels(result, "FDA-CELLS-001") == ["deny"]
    assert result["decision"] == "deny"


def test_an_expired_waiver_waives_nothing(results):
    result = results["waiver2-expired"]
    assert _levels(result, "CMP-SEC-003") == ["review"]
    assert result["decision"] == "review"


def test_a_named_entity_is_the_reason_given(results):
    for rule in ("DOJ-BULK-001", "CMP-SOV-001"):
        (finding,) = [
            f for f in results["entity-named-us-lab-bulk"]["findings"] if f["rule"] == rule
        ]
        assert "named entity of concern" in finding["reasons"]


def _sort_key(finding: dict[str, Any]) -> tuple[int, str]:
    pointer = finding["pointer"]
    index = int(pointer.split("/")[2]) if pointer.startswith("/transfers/") else -1
    return index, finding["rule"]


def test_findings_are_sorted_by_transfer_index_then_rule(report):
    unsorted = [
        r["manifest"]
        for r in report["results"]
        if [_sort_key(f) for f in r["findings"]] != sorted(_sort_key(f) for f in r["findings"])
    ]
    assert unsorted == []


def _next_item(text: str, offset: int) -> int:
    """Offset of the next list item of `- id:` or flow `- {id:` form."""
    block = text.find("\n- id: ", offset)
    flow = text.find("\n- {id: ", offset)
    return min(i for i in (block, flow) if i >= 0) + 1


def test_every_finding_points_at_its_transfer_line_in_the_file(report):
    """The line and column of each /transfers/i finding, found by searching the
    file's text: the i-th item below `transfers:` of that document, whose
    mapping starts at column 3 (after `- `)."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in MANIFESTS.glob("*.yaml")}
    wrong = []
    for result in report["results"]:
        text = texts[Path(result["source"]).name]
        starts = [0] + [i + 1 for i in range(len(text)) if text.startswith("\n---\n", i)]
        document_start = starts[result["document"]] + (4 if result["document"] else 0)
        section = text.index("\ntransfers:\n", document_start) + 1
        for finding in result["findings"]:
            if not finding["pointer"].startswith("/transfers/"):
                continue
            offset = section
            for _ in range(int(finding["pointer"].split("/")[2]) + 1):
                offset = _next_item(text, offset)
            line = text.count("\n", 0, offset) + 1
            if (finding.get("line"), finding.get("column")) != (line, 3):
                wrong.append((result["manifest"], finding["rule"], finding.get("line"), line))
    assert wrong == []


def test_each_acceptance_case_says_what_it_is_about():
    missing = [
        f"{path.name}#{index}"
        for path, index, comment, _ in _cases()
        if not comment.startswith(("fires", "near miss"))
    ]
    assert missing == []


def test_acceptance_manifests_are_not_copies_of_the_public_scenarios():
    scenarios = Path("/work/shared/scenarios")
    if not scenarios.is_dir():
        pytest.skip("public scenarios not present")
    public = {p.stem for p in scenarios.glob("*.yaml")}
    ours = {manifest["metadata"]["id"] for _, _, _, manifest in _cases()}
    assert ours.isdisjoint(public)
