"""Suppressions: how a template says "this finding is known and accepted here".

In the text of a case (Markdown, or the YAML/JSON file), a comment switches rules off::

    <!-- ticketcheck: disable=rule-id reason="why this is fine" -->
    the next line, which the rule would flag

    <!-- ticketcheck: disable=rule-a,rule-b reason="why" -->
    a block of lines ...
    <!-- ticketcheck: enable=rule-a,rule-b -->

A ``disable`` applies to the next line, or, when a later ``enable`` names the same rule, to
every line up to that ``enable``. ``disable-next-line=`` says "next line" explicitly. In YAML
(front matter, ``.case.yaml``) the same directive may be written as a ``#`` comment. The
front matter's ``ignore: [rule-id, ...]`` suppresses a rule for the whole case.

Suppressions are checked like everything else, so they cannot rot silently:
``invalid-suppression`` (an error) is a directive without a reason, one that cannot be read,
or an ``enable`` without its ``disable``; ``unused-suppression`` (a warning) is one that
suppresses nothing: the rule found nothing there, is switched off, or is not in the case's
rule set. Both are reported under the ``case-file`` check kind; internal errors are never
suppressed, and neither are these two.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .case import Case
from .findings import Finding, Location, Severity
from .lazy_pattern import LazyPattern
from .ruleset import RuleSet

INVALID = "invalid-suppression"
UNUSED = "unused-suppression"
META_RULES = (INVALID, UNUSED)
_SOURCE = "https://github.com/ticketcheck/ticketcheck/blob/main/README.md#suppressions"

_HTML = LazyPattern(r"<!--\s*ticketcheck\s*:(?P<body>.*?)-->")
_YAML = LazyPattern(r"(?:^|\s)#\s*ticketcheck\s*:(?P<body>.*)$")
_BODY = LazyPattern(
    r"""\s*(?P<action>disable-next-line|disable|enable)\s*=\s*(?P<ids>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)
        (?:\s+reason\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'))?\s*$""",
    re.VERBOSE,
)


@dataclass
class _Directive:
    rule: str
    line: int
    column: int
    first: int  # first and last suppressed lines
    last: int
    reason: str
    kind: str  # "line", "block" or "case"
    used: bool = False


@dataclass
class _Parsed:
    directives: list[_Directive] = field(default_factory=list)
    problems: list[tuple[int, int, str, str]] = field(default_factory=list)  # line, col, msg, hint


def apply_suppressions(case: Case, findings: Iterable[Finding], ruleset: RuleSet) -> list[Finding]:
    """Drop the findings that the case suppresses; add a finding for each suppression that is
    invalid or suppresses nothing."""
    parsed = _parse(case)
    kept: list[Finding] = []
    for finding in findings:
        if finding.check == "internal-error" or not _suppressed(finding, parsed.directives):
            kept.append(finding)
    meta = [
        _meta(case, INVALID, Severity.ERROR, message, line, column, hint)
        for line, column, message, hint in parsed.problems
    ]
    enabled = {rule.id for rule in ruleset.enabled_rules}
    known = sorted(rule.id for rule in ruleset.rules)
    for directive in parsed.directives:
        if directive.used:
            continue
        if directive.rule in enabled:
            why = "the rule found nothing there" if directive.kind != "case" else (
                "the rule found nothing in this case"
            )
            hint = "remove the suppression"
        elif directive.rule in known:
            why = "the rule is switched off"
            hint = "remove the suppression"
        else:
            guess = difflib.get_close_matches(directive.rule, known, n=1)
            did = f" (did you mean '{guess[0]}'?)" if guess else ""
            why = f"rule set {ruleset.name} has no rule '{directive.rule}'{did}"
            hint = "fix the rule id, or remove the suppression; 'ticketcheck rules show NAME' lists the ids"
        meta.append(
            _meta(
                case,
                UNUSED,
                Severity.WARNING,
                f"suppression of {directive.rule} suppresses nothing: {why}",
                directive.line,
                directive.column,
                hint,
            )
        )
    return kept + meta


def _suppressed(finding: Finding, directives: list[_Directive]) -> bool:
    line = finding.location.line
    hit = False
    for directive in directives:
        if directive.rule != finding.rule:
            continue
        if directive.kind == "case" or (line is not None and directive.first <= line <= directive.last):
            directive.used = True  # every directive that covers it counts as used
            hit = True
    return hit


def _meta(
    case: Case, rule: str, severity: Severity, message: str, line: int | None, column: int | None,
    hint: str,
) -> Finding:
    return Finding(
        rule=rule,
        check="case-file",
        severity=severity,
        message=message,
        hint=hint,
        source=_SOURCE,
        location=Location(line=line, column=column or (1 if line else None)),
        path=case.display_path,
    )


def _parse(case: Case) -> _Parsed:
    parsed = _Parsed()
    source = case.source
    for index, rule in enumerate(case.ignore):
        line = source.key_line(("ignore", index)) if source else None
        parsed.directives.append(_Directive(rule, line or 1, 1, 0, 0, "ignore:", "case"))
    if source is None or not source.lines:
        return parsed
    # Front matter (or a whole YAML/JSON case) may use '#' comments; a Markdown body may not,
    # since '# ...' there is a heading.
    yaml_until = len(source.lines) if source.body_key else source.body_line - 1
    pending: list[_Directive] = []
    for number, text in enumerate(source.lines, start=1):
        found = [(m.start(), m.group("body")) for m in _HTML.finditer(text)]
        if number <= yaml_until and not found:
            match = _YAML.search(text)
            if match:
                found.append((match.start(), match.group("body")))
        for start, body in found:
            _directive(parsed, number, start + 1, body, source.lines, pending)
    for directive in pending:  # a disable with no later enable covers the next line
        parsed.directives.append(directive)
    return parsed


def _directive(
    parsed: _Parsed, line: int, column: int, body: str, lines: list[str],
    pending: list[_Directive],
) -> None:
    match = _BODY.match(body)
    if match is None:
        parsed.problems.append(
            (line, column, f"cannot read this suppression: '{body.strip()}'",
             'write <!-- ticketcheck: disable=rule-id reason="why" -->')
        )
        return
    action = match.group("action")
    ids = [part.strip() for part in match.group("ids").split(",")]
    reason = match.group("dq") if match.group("dq") is not None else match.group("sq")
    if action == "enable":
        for rule in ids:
            opened = next((d for d in pending if d.rule == rule), None)
            if opened is None:
                parsed.problems.append(
                    (line, column, f"enable={rule} has no disable={rule} before it",
                     "remove it, or add the disable comment above the block")
                )
                continue
            pending.remove(opened)
            opened.kind, opened.first, opened.last = "block", opened.line, line
            parsed.directives.append(opened)
        return
    if not (reason or "").strip():
        parsed.problems.append(
            (line, column, f"suppression of {', '.join(ids)} has no reason",
             'say why the finding is acceptable: reason="..."')
        )
    target = _target_line(lines, line)
    for rule in ids:
        directive = _Directive(rule, line, column, target, target, reason or "", "line")
        if action == "disable-next-line":
            parsed.directives.append(directive)
        else:
            pending.append(directive)


def _target_line(lines: list[str], line: int) -> int:
    """After text, a directive covers its own line; alone on its line, the next line that
    holds something (a blank line between the comment and its text is common)."""
    if not _blank(lines[line - 1]):
        return line
    for number in range(line + 1, len(lines) + 1):
        if not _blank(lines[number - 1]):
            return number
    return line + 1


def _blank(text: str) -> bool:
    text = _HTML.sub("", text)
    match = _YAML.search(text)
    if match:
        text = text[: match.start()]
    return not text.strip()
