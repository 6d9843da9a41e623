"""``--format json``: one envelope, byte-identical for the same input (sorted findings,
fixed key order, no timestamps)."""

from __future__ import annotations

import json

from .. import __version__
from ..findings import Severity
from . import Run


def envelope(run: Run) -> dict[str, object]:
    return {
        "version": 1,
        "tool": {"name": "ticketcheck", "version": __version__},
        "summary": {
            "cases": len(run.reports),
            "errors": run.total(Severity.ERROR),
            "warnings": run.total(Severity.WARNING),
            "ok": all(report.ok for report in run.reports),
        },
        "results": [report.to_dict() for report in run.reports],
    }


def format_json(run: Run) -> str:
    return json.dumps(envelope(run), indent=2, ensure_ascii=False) + "\n"
