"""Where a case's ledger is, without opening it.

Kept apart from ``ledger.py`` (sqlite3, hashlib): the ``duplicate`` and ``follow-up`` checks
ask this on every run, and with no ledger on disk they need nothing else, so a pre-submit
check does not pay for the database modules.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .case import Case

LEDGER_ENV = "TICKETCHECK_LEDGER"
LEDGER_DIR = ".ticketcheck"
LEDGER_NAME = "ledger.sqlite"
PROJECT_MARKERS = (".ticketcheck.yaml", ".git")


def default_ledger(case_path: str | os.PathLike[str] | None = None) -> Path:
    """The ledger a case uses when none is given: ``TICKETCHECK_LEDGER``, else
    ``.ticketcheck/ledger.sqlite`` in the nearest folder holding ``.ticketcheck.yaml`` or
    ``.git``, else beside the case."""
    env = os.environ.get(LEDGER_ENV)
    if env:
        return Path(env)
    start = Path(case_path).resolve().parent if case_path else Path.cwd().resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder / LEDGER_DIR / LEDGER_NAME
    return start / LEDGER_DIR / LEDGER_NAME


def ledger_for(case: Case, ledger: str | os.PathLike[str] | None = None) -> Path:
    """``ledger`` if given, else the default for the case's file."""
    return Path(ledger) if ledger is not None else default_ledger(case.path)
