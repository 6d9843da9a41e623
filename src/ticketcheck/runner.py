"""Running many cases: one at a time, or in worker processes with the same result.

``settings_for`` turns the config into the settings of one case file (overrides merged),
and ``apply_levels`` applies its ``rules:`` levels to a rule set, returning a new one. A ``Job`` is everything needed to check one file, in plain picklable values; ``run_one``
turns it into an ``Outcome`` (a report, the lines to say on stderr, an exit-code floor) and
never raises. ``run_all`` keeps the input order whatever the number of workers, so ``--jobs
2`` prints byte-for-byte what ``--jobs 1`` prints. Each worker resolves every rule set once
(``load_ruleset`` and ``_resolved`` are cached per process).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from .checks import Check
from .config import Config, named_rulesets, resolve_ruleset
from .discovery import matches, relative_to
from .errors import CaseError, RuleSetError
from .findings import Report, Severity
from .ruleset import RuleSet, builtin_names, load_ruleset
from .suppressions import META_RULES

#: Below this many cases, starting worker processes costs more than it saves.
POOL_THRESHOLD = 20

OK, USAGE, INTERNAL = 0, 2, 3


class CaseSettings(NamedTuple):
    """What the config says for one case file: hashable, so a worker process can cache the
    rule set it resolves from it."""

    ruleset: str | None = None
    #: extra rule sets by name -> file, for ``category:`` values that are not built in
    named: tuple[tuple[str, str], ...] = ()
    levels: tuple[tuple[str, str], ...] = ()
    placeholders: tuple[str, ...] = ()
    templates: bool = False
    encoding: str | None = None
    ledger: str | None = None


def settings_for(config: Config | None, path: Path) -> CaseSettings:
    """Merge the config's top level and every override matching ``path`` (later wins)."""
    if config is None:
        return CaseSettings()

    named = dict(named_rulesets(config))
    ruleset = resolve_ruleset(config.ruleset, config.folder, named) if config.ruleset else None
    levels = dict(config.rules)
    placeholders = list(config.placeholders)
    rel = relative_to(path, config.folder)
    for override in config.overrides:
        if rel is None or not matches(rel, override.paths):
            continue
        if override.ruleset:
            ruleset = resolve_ruleset(override.ruleset, config.folder, named)
        levels.update(override.rules)
        placeholders += [p for p in override.placeholders if p not in placeholders]
    return CaseSettings(
        ruleset=ruleset,
        named=tuple(sorted(named.items())),
        levels=tuple(sorted(levels.items())),
        placeholders=tuple(placeholders),
        templates=config.templates,
        encoding=config.encoding,
        ledger=str(config.folder / config.ledger) if config.ledger else None,
    )


def apply_levels(ruleset: RuleSet, levels: Iterable[tuple[str, str]]) -> RuleSet:
    """A copy of ``ruleset`` with rules switched off, on, or re-levelled by id. Ids the rule
    set does not hold are left alone (they belong to another category's rule set)."""
    wanted = dict(levels)
    if not any(rule.id in wanted for rule in ruleset.rules):
        return ruleset
    rules = []
    for rule in ruleset.rules:
        level = wanted.get(rule.id)
        if level is None:
            rules.append(rule)
        elif level == "off":
            rules.append(rule.model_copy(update={"enabled": False}))
        elif level == "on":
            rules.append(rule.model_copy(update={"enabled": True}))
        else:
            rules.append(rule.model_copy(update={"enabled": True, "severity": Severity(level)}))
    return dataclasses.replace(ruleset, rules=tuple(rules))


class Job(NamedTuple):
    """One case file to check, with the settings the config gives it."""

    path: str
    root: str
    settings: CaseSettings = CaseSettings()
    rules: str | None = None  # --rules: one rule set for every case
    templates: bool = False
    now: dt.datetime | None = None
    ledger: str | None = None  # --ledger: overrides the config's


class Outcome(NamedTuple):
    report: Report | None
    messages: tuple[str, ...] = ()
    code: int = OK


def default_jobs() -> int:
    """The CPUs this process may use."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return int(count() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_all(
    jobs: Sequence[Job],
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    started: Callable[[], None] | None = None,
) -> list[Outcome]:
    """Check every job; outcomes in the order of ``jobs``. ``started`` is called once, when
    what every case needs is loaded: after the first case, or before the workers fork."""
    total = len(jobs)
    outcomes: list[Outcome] = []
    if workers <= 1 or total <= POOL_THRESHOLD:
        for job in jobs:
            outcomes.append(run_one(job))
            if started and len(outcomes) == 1:
                started()
            if progress:
                progress(len(outcomes), total)
        return outcomes
    if started:
        started()
    from concurrent.futures import ProcessPoolExecutor

    workers = min(workers, total)
    # Chunks amortise the pickling round trip; several per worker keep them evenly busy.
    chunk = max(1, min(64, total // (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for outcome in pool.map(run_one, jobs, chunksize=chunk):  # map keeps input order
            outcomes.append(outcome)
            if progress:
                progress(len(outcomes), total)
    return outcomes


def run_one(job: Job) -> Outcome:
    """Load and check one case file. Never raises: every failure is an ``Outcome``."""
    from .case import load_case
    from .engine import check

    try:
        case = load_case(job.path, root=job.root, encoding=job.settings.encoding)
        ruleset = ruleset_for(job.settings, job.rules, case.category)
        report = check(
            case,
            ruleset,
            now=job.now,
            templates=job.templates or job.settings.templates,
            placeholders=job.settings.placeholders,
            ledger=job.ledger or job.settings.ledger,
        )
    except CaseError as exc:
        return Outcome(None, (f"ticketcheck: {exc}",), USAGE)
    except RuleSetError as exc:
        return Outcome(None, tuple(exc.problems), USAGE)
    except Exception as exc:
        return Outcome(
            None,
            (
                f"ticketcheck: internal error while checking {job.path}: "
                f"{type(exc).__name__}: {exc} (please report this)",
            ),
            INTERNAL,
        )
    report = _meta_levels(report, job.settings.levels)
    if report.crashed:
        return Outcome(
            report,
            (
                f"ticketcheck: internal error while checking {job.path} (see its "
                "internal-error finding; please report this)",
            ),
            INTERNAL,
        )
    return Outcome(report)


def ruleset_for(
    settings: CaseSettings, rules: str | None, category: str | None
) -> RuleSet | None:
    """The rule set for a case, with the config's levels applied; None leaves the choice
    (and the "unknown category" finding) to the engine."""
    return _resolved(rules or settings.ruleset, category, settings.named, settings.levels)


@functools.lru_cache(maxsize=128)
def _resolved(
    ref: str | None,
    category: str | None,
    named: tuple[tuple[str, str], ...],
    levels: tuple[tuple[str, str], ...],
) -> RuleSet | None:
    if ref is None:
        extra = dict(named)
        if category in extra:
            ref = extra[category]
        elif category in builtin_names():
            ref = category
        else:
            return None
    return apply_levels(load_ruleset(ref), levels)


def _meta_levels(report: Report, levels: tuple[tuple[str, str], ...]) -> Report:
    """Apply the config's levels to the findings suppressions.py adds (they are in no rule
    set, so ``apply_levels`` cannot reach them)."""
    wanted = {rule: level for rule, level in levels if rule in META_RULES and level != "on"}
    if not wanted or not any(f.rule in wanted for f in report.findings):
        return report
    findings = []
    for finding in report.findings:
        level = wanted.get(finding.rule)
        if level == "off":
            continue
        if level is not None:
            finding = dataclasses.replace(finding, severity=Severity(level))
        findings.append(finding)
    return dataclasses.replace(report, findings=tuple(findings))


def rules_used(jobs: Sequence[Job], outcomes: Sequence[Outcome]) -> dict[str, Check]:
    """Every rule that applied to some case, by id, as configured (for SARIF's rule list)."""
    rules: dict[str, Check] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        report = outcome.report
        if report is None:
            continue
        try:
            ruleset = ruleset_for(job.settings, job.rules, report.category)
            if ruleset is None and report.ruleset:
                ruleset = load_ruleset(report.ruleset)
        except RuleSetError:
            continue
        for rule in ruleset.rules if ruleset else ():
            rules.setdefault(rule.id, rule)
    return dict(sorted(rules.items()))
