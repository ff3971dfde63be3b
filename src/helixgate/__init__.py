"""helixgate: a policy-as-code gate for cross-border movements of human
biological samples and genetic data, decided by Open Policy Agent."""

from __future__ import annotations

__version__ = "0.1.0"  # before the imports: modules below may read it while loading

from typing import TYPE_CHECKING, Any

from .decision import Citation, Decision, Finding, Waiver
from .errors import EngineError, HelixgateError, InputError, InputErrors

if TYPE_CHECKING:
    from .api import Evaluator, check, validate
    from .engine import EngineInfo

_LAZY = {"Evaluator": "api", "check": "api", "validate": "api", "EngineInfo": "engine"}


def __getattr__(name: str) -> Any:
    """The API is imported on first use, so that `helixgate check` on the
    command line does not pay for what it does not use."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "validate",
]
