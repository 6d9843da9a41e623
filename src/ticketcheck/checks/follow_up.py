"""``follow-up``: a follow-up cites the case ID it follows up.

Support finds the history of an issue by its case ID; a follow-up that does not name the
earlier case is read as a new, duplicate case, and is often closed with a request for that
ID. A case counts as a follow-up when:

- its front matter says ``follow_up: true``, or
- its subject or body says so ("following up on case ...", "as per my previous case",
  "re-opening", "my earlier case", "we already submitted ..."), or
- the ledger holds a case recorded earlier on the same order (not this very text: that is
  the ``duplicate`` check's finding).

It must then cite the earlier case ID: ``case_id: "1234567890"`` in the front matter, or a
10-digit case ID in the text. ``follow_up: false`` says a case is new on purpose. When a
ledger exists, a cited ID (``case_id``, or a 10-digit number written after "case") that is
not in it is a warning: it may be mistyped.

```yaml
- id: follow-up-cites-case
  check: follow-up
  severity: error
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..case import Case
from ..findings import Problem, Severity
from ..identifiers import find_identifiers
from ..ledger_location import ledger_for
from .base import Check, CheckContext
from .deadline import stamp
from .duplicate import ledger_problem

if TYPE_CHECKING:
    from ..ledger import Record

_ART = r"(?:my|our|the|this|that)"
FOLLOW_UP_WORDING = re.compile(
    r"\bfollow(?:ing)?[- ]?up\s+(?:on|to|regarding|about)\b"
    rf"|\b(?:as per|per|further to|regarding|referring to|in reference to)\s+{_ART}\s+"
    r"(?:previous|earlier|last|prior|original)\s+(?:case|ticket|message|request|submission|appeal)\b"
    r"|\b(?:previous|earlier|prior|original)\s+case\b"
    r"|\bre-?open(?:ing|ed)?\b"
    r"|\b(?:i|we)\s+(?:have\s+)?(?:already|previously)\s+(?:opened|submitted|filed|sent|raised)\b",
    re.IGNORECASE,
)
# "case 1234567890", "Case ID: 1234567890", "case #1234567890": a number written as a case ID,
# rather than any 10 digits (a phone number), before it is looked up in the ledger.
_CASE_WORD = re.compile(r"\bcase\s*(?:id|number|no\.?)?\s*[:#]?\s*$", re.IGNORECASE)
_TRUE = (True, "true", "yes")
_FALSE = (False, "false", "no")


class FollowUp(Check):
    """A case that follows up an earlier one cites that case's ID."""

    SUMMARY = "a follow-up cites the case ID it follows up"

    check: Literal["follow-up"]

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:

        declared = case.extra.get("follow_up")
        if declared in _FALSE:
            return
        texts = {"subject": case.subject, "body": case.body}
        written = [
            (name, start, end, value)
            for name, text in texts.items()
            for start, end, value in find_identifiers("case-id", text)
        ]
        path = ledger_for(case, ctx.ledger)
        earlier: list[Record] = []
        if path.is_file():
            from ..ledger import LedgerError  # sqlite3: only when there is a ledger to read

            try:
                yield from _unknown_ids(case, written, texts, path)
                earlier = _earlier_on_order(case, ctx, path)
            except LedgerError as exc:
                yield ledger_problem(exc)
                return
        if case.case_id or written:
            return
        wording = _wording(texts)
        field, start, end = wording or (None, None, None)
        if earlier:
            first = earlier[0]
            where = f" ({first.path})" if first.path else ""
            yield Problem(
                f"order {case.order_id} already has case {first.case_id}, submitted on "
                f"{stamp(first.submitted_at)}{where}; this case cites no case ID",
                field=field or "order_id",
                start=start,
                end=end,
                hint=f"reply on case {first.case_id}, or cite it: add "
                f"'case_id: \"{first.case_id}\"' to the front matter",
            )
        elif wording is not None and field is not None:
            said = texts[field][start:end]
            yield Problem(
                f'the case says it follows up an earlier one ("{said}") but cites no case ID',
                field=field,
                start=start,
                end=end,
                hint=_HINT,
            )
        elif declared in _TRUE:
            yield Problem(
                "the case is marked follow_up: true but cites no case ID",
                field="follow_up",
                hint=_HINT,
            )


_HINT = "add 'case_id: \"1234567890\"' with the earlier case's ID from the case log"


def _wording(texts: dict[str, str]) -> tuple[str, int, int] | None:
    for name, text in texts.items():
        found = FOLLOW_UP_WORDING.search(text)
        if found:
            return name, found.start(), found.end()
    return None


def _unknown_ids(
    case: Case, written: list[tuple[str, int, int, str]], texts: dict[str, str], path: Path
) -> Iterator[Problem]:
    """Cited case IDs the ledger does not know: front matter, and numbers written as cases."""
    cited: list[tuple[str, str, int | None, int | None]] = []
    if case.case_id and case.case_id.strip():
        cited.append((case.case_id.strip(), "case_id", None, None))
    for name, begin, finish, number in written:
        if _CASE_WORD.search(texts[name][max(0, begin - 20) : begin]):
            cited.append((number, name, begin, finish))
    from ..ledger import find_records

    seen: set[str] = set()
    for value, field, start, end in cited:
        if value in seen:
            continue
        seen.add(value)
        if not find_records(path, case_id=value):
            yield Problem(
                f"case {value} is not in the ledger ({path.name})",
                field=field,
                start=start,
                end=end,
                hint="check the ID in the case log; record submitted cases with "
                "'ticketcheck record CASE --case-id ID'",
                severity=Severity.WARNING,
            )


def _earlier_on_order(case: Case, ctx: CheckContext, path: Path) -> list[Record]:
    """Recorded cases on this order, except copies of this very case (``duplicate``'s job)."""
    from ..fingerprint import fingerprint_case
    from ..ledger import find_records

    if not case.order_id:
        return []
    records = find_records(path, order_id=case.order_id)
    if not records:
        return []
    printed = fingerprint_case(case, ctx.store).fingerprint
    return [r for r in records if r.fingerprint != printed]
