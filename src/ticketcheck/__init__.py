"""ticketcheck: preflight checks for Amazon Seller Central support cases.

The public API is the names in ``__all__``; everything else is internal. Names are imported
on first use (PEP 562), so ``import ticketcheck`` stays cheap for a pre-commit hook and the
CLI's start-up, and pypdf, Pillow and langdetect load only when a check needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .case import Attachment, Case, load_case, parse_case
    from .engine import check
    from .errors import CaseError, CheckCrashed, RuleSetError, TicketcheckError
    from .findings import Finding, Location, Report, Severity
    from .inspection import FileInfo, inspect_bytes, inspect_file
    from .ledger import LedgerError, Record, record
    from .ruleset import RuleSet, load_ruleset

_EXPORTS = {
    "Attachment": "case",
    "Case": "case",
    "CaseError": "errors",
    "CheckCrashed": "errors",
    "FileInfo": "inspection",
    "Finding": "findings",
    "LedgerError": "ledger",
    "Location": "findings",
    "Report": "findings",
    "Record": "ledger",
    "RuleSet": "ruleset",
    "RuleSetError": "errors",
    "Severity": "findings",
    "TicketcheckError": "errors",
    "check": "engine",
    "inspect_bytes": "inspection",
    "inspect_file": "inspection",
    "load_case": "case",
    "load_ruleset": "ruleset",
    "parse_case": "case",
    "record": "ledger",
}

__all__ = [
    "Attachment",
    "Case",
    "CaseError",
    "CheckCrashed",
    "FileInfo",
    "Finding",
    "LedgerError",
    "Location",
    "Record",
    "Report",
    "RuleSet",
    "RuleSetError",
    "Severity",
    "TicketcheckError",
    "__version__",
    "check",
    "inspect_bytes",
    "inspect_file",
    "load_case",
    "load_ruleset",
    "parse_case",
    "record",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'ticketcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
