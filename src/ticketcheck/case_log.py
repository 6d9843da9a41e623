"""What ``ticketcheck record`` and ``ticketcheck cases`` do, as functions that return values.

``cases`` lists the recorded submissions, open ones first. A case is *open* while it is
inside its category's window: the first ``deadline`` rule (on ``received_at``) of the
built-in rule set for its category. Its age counts from ``received_at`` when the case had
one, else from when it was recorded. Categories without such a rule have no window and are
listed after the open cases, newest first, with the closed ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .case import load_case
from .checks.deadline import Deadline, span, stamp
from .errors import RuleSetError
from .ledger import Record, default_ledger, ledger_for, list_records, record

CASES_VERSION = 1
_HEADINGS = ("CASE ID", "CATEGORY", "ORDER", "SUBMITTED", "AGE", "WINDOW", "STATUS", "PATH")


@dataclass(frozen=True)
class CaseRow:
    """A recorded case with its age against its category's window."""

    record: Record
    age: dt.timedelta
    since: str
    window: Deadline | None

    @property
    def remaining(self) -> dt.timedelta | None:
        return self.window.window - self.age if self.window else None

    @property
    def open(self) -> bool | None:
        """Inside its window; None when its category has no window."""
        left = self.remaining
        return None if left is None else left > dt.timedelta(0)

    def status(self) -> str:
        left = self.remaining
        if left is None:
            return "-"
        if left > dt.timedelta(0):
            return f"open, {span(left, days=False)} left"
        return "closed"

    def to_dict(self) -> dict[str, Any]:
        left = self.remaining
        return {
            **self.record.to_dict(),
            "age_hours": _hours(self.age),
            "since": self.since,
            "window_hours": _hours(self.window.window) if self.window else None,
            "open": self.open,
            "remaining_hours": _hours(left) if left is not None else None,
        }


def record_file(
    path: str | os.PathLike[str],
    case_id: str,
    ledger: str | os.PathLike[str] | None = None,
    *,
    now: dt.datetime | None = None,
) -> tuple[Record, Path]:
    """Load the case file at ``path`` and record it; the record and the ledger it went to.

    Raises ``CaseError`` when the file cannot be read, ``LedgerError`` for a bad case ID or
    an unwritable ledger.
    """
    case = load_case(path)
    target = ledger_for(case, ledger)
    return record(case, case_id, target, now=now), target


def describe_record(entry: Record, ledger: Path) -> str:
    """One line for ``ticketcheck record``: what was recorded, and where."""
    parts = [p for p in (entry.path, entry.category, entry.order_id and f"order {entry.order_id}") if p]
    detail = f" ({', '.join(parts)})" if parts else ""
    return f"recorded case {entry.case_id}{detail} at {stamp(entry.submitted_at)} in {ledger}"


def case_rows(
    ledger: str | os.PathLike[str] | None = None,
    *,
    now: dt.datetime | None = None,
    windows: Mapping[str, Deadline] | None = None,
) -> list[CaseRow]:
    """Recorded cases, open ones first (the least time left first), then newest first.

    ``windows`` maps a category to its deadline rule, instead of the built-in rule sets'.
    """
    moment = now or dt.datetime.now(dt.UTC)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    rows = []
    for entry in list_records(ledger if ledger is not None else default_ledger()):
        start, since = (
            (entry.received_at, "received_at")
            if entry.received_at
            else (entry.submitted_at, "submitted_at")
        )
        window = (
            windows.get(entry.category or "") if windows is not None else window_of(entry.category)
        )
        rows.append(CaseRow(entry, moment - start, since, window))
    opened = sorted((r for r in rows if r.open), key=lambda r: (r.remaining, r.record.id or 0))
    rest = sorted(
        (r for r in rows if not r.open),
        key=lambda r: (r.record.submitted_at, r.record.id or 0),
        reverse=True,
    )
    return opened + rest


def cases_json(rows: list[CaseRow]) -> dict[str, Any]:
    """``{"version": 1, "cases": [...]}`` for ``ticketcheck cases --format json``."""
    return {"version": CASES_VERSION, "cases": [row.to_dict() for row in rows]}


def cases_text(rows: list[CaseRow], ledger: str | os.PathLike[str] | None = None) -> str:
    """An aligned table for ``ticketcheck cases``; a sentence when nothing is recorded."""
    if not rows:
        where = ledger if ledger is not None else default_ledger()
        return f"no cases recorded in {where}\n"
    table = [_HEADINGS] + [
        (
            r.record.case_id,
            r.record.category or "-",
            r.record.order_id or "-",
            stamp(r.record.submitted_at).removesuffix(" UTC"),
            span(r.age, days=r.window.in_days if r.window else r.age >= dt.timedelta(days=2)),
            span(r.window.window, days=r.window.in_days) if r.window else "-",
            r.status(),
            r.record.path or "-",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(_HEADINGS))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in table
    )


@functools.lru_cache(maxsize=64)
def window_of(category: str | None) -> Deadline | None:
    """The built-in rule set's first enabled ``deadline`` rule on ``received_at``, if any."""
    from .ruleset import builtin_names, load_ruleset

    if not category or category not in builtin_names():
        return None
    try:
        rules = load_ruleset(category).enabled_rules
    except RuleSetError:
        return None
    for rule in rules:
        if isinstance(rule, Deadline) and rule.field == "received_at":
            return rule
    return None


def _hours(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)
