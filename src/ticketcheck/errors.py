"""The exception tree. Every error the library raises on purpose is a ``TicketcheckError``.

::

    TicketcheckError
    ├── RuleSetError     a rule set or config file is invalid (one line per problem)
    ├── CaseError        a case file cannot be read at all (not found, a directory)
    └── CheckCrashed     a bug inside a check: reported for that case, never raised to users
"""

from __future__ import annotations


class TicketcheckError(Exception):
    """Base class of every error ticketcheck raises on purpose."""


class RuleSetError(TicketcheckError):
    """A rule set or a config file is invalid.

    ``problems`` holds one ``file:line: key.path: what is wrong`` line per problem, all found
    in one pass.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class CaseError(TicketcheckError):
    """A case file cannot be read at all (missing, a directory, unreadable)."""


class CheckCrashed(TicketcheckError):
    """A check raised: a bug in ticketcheck or a plug-in, reported for the case it hit."""

    def __init__(self, rule: str, exc: BaseException) -> None:
        self.rule = rule
        self.exc = exc
        super().__init__(f"rule {rule} crashed: {type(exc).__name__}: {exc}")
