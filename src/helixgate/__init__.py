"""helixgate: a policy-as-code gate for cross-border movements of human
biological samples and genetic data, decided by Open Policy Agent."""

from __future__ import annotations

__version__ = "0.1.0"  # before the imports: modules below may read it while loading

from .api import Evaluator, check
from .decision import Citation, Decision, Finding, Waiver
from .engine import EngineInfo
from .errors import EngineError, HelixgateError, InputError, InputErrors

__all__ = [
    "Citation",
    "Decision",
    "EngineError",
    "EngineInfo",
    "Evaluator",
    "Finding",
    "HelixgateError",
    "InputError",
    "InputErrors",
    "Waiver",
    "__version__",
    "check",
]
