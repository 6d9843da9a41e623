"""What every check shares: its rule fields, its options model and its ``run()``.

A check is a pydantic model whose fields are the rule's YAML keys: the common ones below,
plus the options of its kind. ``run()`` yields ``Problem``s (where and what); the engine
stamps the rule id, the check kind and the severity.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..attachments import AttachmentStore
from ..case import Case, LoadProblem
from ..findings import Problem, Severity

if TYPE_CHECKING:
    from ..ruleset import RuleSet


def kebab(name: str) -> str:
    """``max_chars`` -> ``max-chars``: YAML keys are kebab-case, Python names snake_case."""
    return name.replace("_", "-")


class Examples(BaseModel):
    """Pass and fail examples of a rule: text snippets (the body) or small case documents."""

    # Built with the first rule that is validated: a rule set from the cache needs none.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    pass_: list[str | dict[str, Any]] = Field(default_factory=list, alias="pass")
    fail: list[str | dict[str, Any]] = Field(default_factory=list)


@dataclass
class CheckContext:
    """What a check may use besides the case: shared attachment inspection, the time, the
    mode, and what the engine knows about the case file."""

    case: Case
    ruleset: RuleSet
    store: AttachmentStore
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    templates: bool = False
    placeholders: frozenset[str] = frozenset()
    ledger: str | None = None
    load_problems: list[LoadProblem] = field(default_factory=list)
    #: What several rules derive from the same case (the folded text of a field, say),
    #: computed by the first rule that needs it: three wording rules fold a body once.
    memo: dict[object, Any] = field(default_factory=dict)


class Check(BaseModel):
    """Base of every check kind. Subclasses set ``check: Literal["kind"]`` and add options."""

    # defer_build: a check's validator is built the first time a rule of its kind loads, so
    # a run pays only for the kinds its rule sets use (start-up time is user-visible).
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=kebab, populate_by_name=True,
        defer_build=True,
    )

    #: One line saying what the kind checks (``rules list`` and the docs show it).
    SUMMARY: ClassVar[str] = ""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)
    check: str
    severity: Severity = Severity.ERROR
    message: str | None = None
    hint: str = ""
    source: str = ""
    description: str = ""
    enabled: bool = True
    examples: Examples | None = None
    #: Options that differ by marketplace: ``{DE: {allowed: [de, en]}}``. A case's
    #: ``marketplace`` picks its entry; the others leave the rule as written.
    marketplaces: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _marketplaces_valid(self) -> Check:
        # Validate each override now, so a bad value is a rule-set error with its line,
        # not a surprise when the first German case arrives.
        for market, override in self.marketplaces.items():
            if not re.fullmatch(r"[A-Z]{2}", market):
                raise ValueError(f"marketplaces: {market!r} is not a two-letter marketplace code (US, DE, JP ...)")
            if {"id", "check", "marketplaces"} & set(override):
                raise ValueError(f"marketplaces.{market}: may not change id, check or marketplaces")
            self._with(override)
        return self

    def _with(self, override: dict[str, Any]) -> Check:
        data = {**self.model_dump(by_alias=True, exclude={"marketplaces"}), **override}
        return type(self).model_validate(data)

    def for_marketplace(self, marketplace: str) -> Check:
        """This rule as it applies to a case in ``marketplace``."""
        override = self.marketplaces.get(marketplace.upper())
        return self._with(override) if override else self

    def files_read(self) -> tuple[str, ...]:
        """Files besides its rule set that this rule read when it was validated, as written
        (a ``words-file``): a cached copy of the rule is stale when one of them changes."""
        return ()

    def read_limit(self) -> int | None:
        """The most bytes of one attachment this rule lets be read (None: no opinion).

        The engine opens no attachment larger than the largest limit any rule gives, so a
        file over the size limit gets its verdict from ``stat`` alone."""
        return None

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        """Yield a ``Problem`` for each thing wrong with ``case``. Never raises on content."""
        raise NotImplementedError
        yield  # pragma: no cover -- makes this a generator for type checkers
