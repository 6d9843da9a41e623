"""``case-file``: the case file itself can be read.

Reports an empty or binary file, text that is not valid in its encoding, front matter that
is not valid YAML (with its line), a missing or unknown ``category`` (with a did-you-mean),
fields of the wrong type, and unknown front-matter keys (at the level of ``unknown-fields``,
a warning by default, with a did-you-mean).

```yaml
- id: case-file
  check: case-file
  severity: error
  unknown-fields: warning     # error | warning | info | off
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..case import Case
from ..findings import Problem, Severity
from .base import Check, CheckContext


class CaseFile(Check):
    """The case file can be read: text, front matter, category, known fields."""

    SUMMARY = "the case file itself: parseable front matter, known category, known fields"

    check: Literal["case-file"]
    unknown_fields: Severity | Literal["off"] = Severity.WARNING

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        for problem in ctx.load_problems:
            severity: Severity | None = None
            if problem.severity is Severity.WARNING:
                if self.unknown_fields == "off":
                    continue
                severity = Severity(self.unknown_fields)
            yield Problem(
                problem.message,
                field=problem.field,
                line=problem.line,
                column=problem.column,
                hint=problem.hint or None,
                severity=severity,
            )
