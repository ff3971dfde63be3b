"""helixgate: a policy-as-code gate for cross-border movements of human
biological samples and genetic data, decided by Open Policy Agent."""

from __future__ import annotations

from .errors import EngineError, HelixgateError, InputError, InputErrors

__version__ = "0.1.0"

__all__ = ["EngineError", "HelixgateError", "InputError", "InputErrors", "__version__"]
