"""What checks yield (``Problem``) and what the library returns (``Finding``, ``Report``).

A check says *where* and *what*; the engine stamps *which rule*, *which check kind* and *how
bad*, so a check cannot get its own id or severity wrong (pyflakes and flake8 split it the
same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check yields: where and what.

    A text problem names the ``field`` (``"body"``, ``"subject"``, a front-matter key) and
    optionally ``start``/``end`` character offsets inside that field's value; the engine turns
    them into line and column in the case file. An attachment problem names the
    ``attachment`` (and the ``page`` where one is known). ``hint`` overrides the rule's hint
    where the check knows better.
    """

    message: str
    field: str | None = None
    start: int | None = None
    end: int | None = None
    attachment: str | None = None
    page: int | None = None
    hint: str | None = None
    #: For problems about the case file itself, where the check knows the line directly.
    line: int | None = None
    column: int | None = None
    #: Set only by checks whose options choose a level per problem (``case-file``'s
    #: ``unknown-fields``); otherwise the rule's severity applies.
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points. Text: field, 1-based line/column in the case file, offsets in
    the field. Attachment: the attachment's name and page."""

    field: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    start: int | None = None
    end: int | None = None
    attachment: str | None = None
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a case, stamped with its rule. Only the engine creates these."""

    rule: str
    check: str
    severity: Severity
    message: str
    hint: str = ""
    source: str = ""
    location: Location = field(default_factory=Location)
    path: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str, str, int, str]:
        loc = self.location
        return (
            self.path,
            loc.line or 0,
            loc.column or 0,
            self.rule,
            loc.field or "",
            loc.attachment or "",
            loc.page or 0,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "check": self.check,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "source": self.source,
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The findings for one case, sorted deterministically."""

    path: str
    category: str | None
    findings: tuple[Finding, ...]
    crashed: bool = False
    #: The rule set that was applied (its file), so formatters can describe its rules.
    ruleset: str | None = None

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "category": self.category,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }
