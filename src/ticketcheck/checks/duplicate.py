"""``duplicate``: the case repeats one already recorded as submitted.

Amazon asks sellers not to open a new case while one is under review for the same issue,
and to reply on (or reopen) the existing case instead; repeated submissions are closed
unanswered and, in appeals, treated as spam. This check looks the case up in the ledger
(``ticketcheck record`` fills it; see ``ledger.py`` for where it lives):

- the same fingerprint (the same text, however wrapped, and the same attachment bytes), or
- the same order and category with a text similarity (Jaccard of 5-word shingles) of at
  least ``threshold`` (default 0.5): a copy with one sentence reworded still scores over
  0.6, a different case about the same order under 0.1.

The finding names the earlier submission, its date and its case ID. Without a ledger file
nothing is reported (and none is created).

```yaml
- id: duplicate
  check: duplicate
  threshold: 0.5
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..case import Case
from ..findings import Problem, Severity
from ..ledger_location import ledger_for
from .base import Check, CheckContext
from .deadline import stamp

if TYPE_CHECKING:
    from ..ledger import LedgerError

# ledger.py (sqlite3, hashlib) is imported when a rule runs, not when the registry loads:
# start-up time is what a pre-commit hook pays on every commit.
DEFAULT_THRESHOLD = 0.5  # = ledger.DEFAULT_THRESHOLD; tests/checks/test_duplicate.py pins it


class Duplicate(Check):
    """The case is not a copy of a submission recorded in the ledger."""

    SUMMARY = "the case repeats one already recorded as submitted"

    check: Literal["duplicate"]
    threshold: float = Field(default=DEFAULT_THRESHOLD, gt=0.0, le=1.0)

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        path = ledger_for(case, ctx.ledger)
        if not path.is_file():
            return  # no ledger, no history: and no sqlite3 import on a plain pre-submit check
        from ..ledger import LedgerError, find_similar

        try:
            matches = find_similar(case, path, threshold=self.threshold, store=ctx.store)
        except LedgerError as exc:
            yield ledger_problem(exc)
            return
        if not matches:
            return
        best = matches[0]
        earlier = best.record
        where = f" ({earlier.path})" if earlier.path else ""
        when = stamp(earlier.submitted_at)
        if best.exact:
            what = f"this case was already submitted on {when} as case {earlier.case_id}{where}"
        else:
            what = (
                f"this case is {best.similarity:.0%} the same as case {earlier.case_id}, "
                f"submitted on {when}{where}; the limit is {self.threshold:.0%}"
            )
        others = len(matches) - 1
        if others:
            what += f"; {others} more recorded submission{'s match' if others > 1 else ' matches'}"
        yield Problem(
            what,
            field="body",
            hint=f"reply on case {earlier.case_id} in the case log (or reopen it) "
            "instead of opening a new case",
        )


def ledger_problem(exc: LedgerError) -> Problem:
    """A ledger that cannot be read is a warning, never a crash: the case may still be fine."""
    return Problem(
        str(exc),
        hint="check the ledger path (--ledger or TICKETCHECK_LEDGER), or move the broken file away",
        severity=Severity.WARNING,
    )
