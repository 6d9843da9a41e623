"""The engine: run every enabled rule of a rule set on a case and stamp what they find.

Checks yield ``Problem``s; the engine turns each into a ``Finding`` with the rule's id, the
check kind and the severity, points it at a line and column of the case file, drops what the
case suppresses, and sorts. A check that raises is a bug: the case gets an ``internal-error``
finding naming the rule, and ``Report.crashed`` is set, but every other rule still runs.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .attachments import AttachmentStore
from .case import Case, LoadProblem
from .checks import Check, CheckContext
from .errors import RuleSetError
from .findings import Finding, Location, Problem, Report, Severity

if TYPE_CHECKING:
    from .inspection import InspectLimits
from .ruleset import RuleSet, builtin_names, load_ruleset
from .suppressions import apply_suppressions

FALLBACK_RULESET = "common"


def check(
    case: Case,
    ruleset: RuleSet | str | os.PathLike[str] | None = None,
    *,
    now: dt.datetime | None = None,
    templates: bool = False,
    placeholders: Iterable[str] = (),
    ledger: str | None = None,
) -> Report:
    """Check a case against a rule set (by default the built-in one for its category).

    Never prints and never raises on bad content: every problem is a finding. Raises
    ``RuleSetError`` only when an explicitly named rule set is invalid.
    """
    load_problems = list(case.source.problems) if case.source else []
    resolved = _select(case, ruleset, load_problems)
    ctx = CheckContext(
        case=case,
        ruleset=resolved,
        # No limits to work out for a case without attachments (nor inspection to import).
        store=AttachmentStore(case.root, _limits(resolved) if case.attachments else None),
        now=_aware(now) if now else dt.datetime.now(dt.UTC),
        templates=templates,
        placeholders=frozenset(placeholders),
        ledger=ledger,
        load_problems=load_problems,
    )
    findings: list[Finding] = []
    crashed = False
    for written in resolved.enabled_rules:
        rule = written
        try:
            if written.marketplaces:
                rule = written.for_marketplace(case.marketplace)
            for problem in rule.run(case, ctx):
                findings.append(_stamp(rule, problem, case))
        except Exception as exc:
            crashed = True
            findings.append(
                Finding(
                    rule=rule.id,
                    check="internal-error",
                    severity=Severity.ERROR,
                    message=f"internal error in rule {rule.id} ({rule.check}): "
                    f"{type(exc).__name__}: {exc}",
                    hint="this is a bug in ticketcheck: please report it with this case file",
                    path=case.display_path,
                )
            )
    # Suppressions (front-matter ``ignore:`` and inline comments) live in suppressions.py,
    # which also reports the ones that are invalid or suppress nothing.
    findings = apply_suppressions(case, findings, resolved)
    findings.sort(key=Finding.sort_key)
    return Report(
        path=case.display_path,
        category=case.category,
        findings=tuple(findings),
        crashed=crashed,
        ruleset=str(resolved.path) if resolved.path else None,
    )


def _select(
    case: Case, ruleset: RuleSet | str | os.PathLike[str] | None, load_problems: list[LoadProblem]
) -> RuleSet:
    if isinstance(ruleset, RuleSet):
        return ruleset
    if ruleset is not None:
        return load_ruleset(ruleset)
    category = case.category
    line = case.source.key_line(("category",)) if case.source else None
    names = builtin_names()
    if category and category in names:
        return load_ruleset(category)
    if not category:
        if not any(p.field == "category" for p in load_problems) and not _unreadable(load_problems):
            load_problems.append(
                LoadProblem(
                    "category is missing",
                    line=line or 1,
                    field="category",
                    hint="add 'category: NAME' to the front matter; categories: "
                    + ", ".join(names),
                )
            )
    else:
        guess = difflib.get_close_matches(category, names, n=1)
        did = f" (did you mean '{guess[0]}'?)" if guess else ""
        load_problems.append(
            LoadProblem(
                f"unknown category '{category}'{did}",
                line=line,
                field="category",
                hint="categories: " + ", ".join(names),
            )
        )
    try:
        return load_ruleset(FALLBACK_RULESET)
    except RuleSetError:
        return RuleSet(name=FALLBACK_RULESET)


def _unreadable(problems: list[LoadProblem]) -> bool:
    # An empty, binary or undecodable file has one problem already; "category is missing"
    # on top of it would be noise.
    return any(p.severity is Severity.ERROR for p in problems)


def _limits(ruleset: RuleSet) -> InspectLimits | None:
    """Inspection caps from the rule set: no attachment over the size limit is read."""
    limits = [limit for rule in ruleset.enabled_rules if (limit := rule.read_limit()) is not None]
    if not limits:
        return None
    from .inspection import InspectLimits

    return InspectLimits(max_bytes=max(limits))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _stamp(rule: Check, problem: Problem, case: Case) -> Finding:
    message = problem.message
    if rule.message:
        message = rule.message.replace("{detail}", problem.message)
    return Finding(
        rule=rule.id,
        check=rule.check,
        severity=problem.severity or rule.severity,
        message=message,
        hint=problem.hint or rule.hint,
        source=rule.source,
        location=_locate(problem, case),
        path=case.display_path,
    )


def _locate(problem: Problem, case: Case) -> Location:
    source = case.source
    if problem.attachment is not None:
        line = None
        if source is not None:
            for index, attachment in enumerate(case.attachments):
                if attachment.name == problem.attachment:
                    line = source.key_line(("attachments", index))
                    break
        return Location(
            attachment=problem.attachment, page=problem.page, line=line, column=1 if line else None
        )
    if problem.line is not None:
        return Location(field=problem.field, line=problem.line, column=problem.column or 1)
    if problem.field is None or source is None:
        return Location(field=problem.field, start=problem.start, end=problem.end)
    text = case.text_field(problem.field)
    if text is None:
        line = source.key_line((problem.field,))
        return Location(field=problem.field, line=line, column=1 if line else None)
    start_pos = source.locate(problem.field, text, problem.start)
    end_pos = source.locate(problem.field, text, problem.end) if problem.end is not None else None
    return Location(
        field=problem.field,
        line=start_pos[0] if start_pos else None,
        column=start_pos[1] if start_pos else None,
        end_line=end_pos[0] if end_pos else None,
        end_column=end_pos[1] if end_pos else None,
        start=problem.start,
        end=problem.end,
    )
