"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning (and any other SARIF reader).

What GitHub needs and shows: ``tool.driver.rules`` with short/full descriptions, help text
and markdown, the rule's ``source`` as ``helpUri`` and its configured level; each result's
``ruleId``/``ruleIndex``, level, message and one location whose ``uri`` is relative to the
repository root (``uriBaseId: %SRCROOT%``), with a region (line 1 when the finding has no
line: an attachment or the case as a whole).

``partialFingerprints.primaryLocationLineHash`` is a hash of rule, path, field or attachment
and message, and deliberately not of the line: an edit above a finding must not close its
alert and open a new one. Identical findings in one file are told apart by a counter, as
GitHub's own line hash does.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..checks import CHECKS, Check
from ..findings import Finding, Severity
from . import Run

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://github.com/ticketcheck/ticketcheck"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_PROBLEM = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}

#: Rules the engine reports itself; they are in no rule set, so they are described here.
_BUILTIN: dict[str, tuple[str, Severity, str]] = {
    "invalid-suppression": (
        "A ticketcheck suppression comment has no reason or cannot be read",
        Severity.ERROR,
        'write <!-- ticketcheck: disable=rule-id reason="why" -->',
    ),
    "unused-suppression": (
        "A ticketcheck suppression suppresses nothing",
        Severity.WARNING,
        "remove the suppression",
    ),
}


def format_sarif(run: Run) -> str:
    return json.dumps(sarif_log(run), indent=2, ensure_ascii=False) + "\n"


def sarif_log(run: Run) -> dict[str, Any]:
    findings = [f for report in run.reports for f in report.findings]
    descriptors = _descriptors(run, findings)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    seen: dict[str, int] = {}
    results = []
    for finding in findings:
        key = _fingerprint(run, finding)
        seen[key] = seen.get(key, 0) + 1
        results.append(_result(run, finding, index[finding.rule], f"{key}:{seen[key]}"))
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ticketcheck",
                        "semanticVersion": __version__,
                        "informationUri": TOOL_URI,
                        "rules": descriptors,
                    }
                },
                "invocations": [
                    {"executionSuccessful": not any(r.crashed for r in run.reports)}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _descriptors(run: Run, findings: list[Finding]) -> list[dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = {
        rule_id: _describe(rule) for rule_id, rule in run.rules.items()
    }
    for finding in findings:
        if finding.rule not in rules:
            rules[finding.rule] = _describe_finding(finding)
    return [rules[rule_id] for rule_id in sorted(rules)]


def _describe(rule: Check) -> dict[str, Any]:
    summary = CHECKS[rule.check].SUMMARY if rule.check in CHECKS else rule.check
    description = " ".join(rule.description.split()) or summary
    return _descriptor(
        rule.id, rule.check, summary, description, rule.hint, rule.source, rule.severity,
        rule.enabled,
    )


def _describe_finding(finding: Finding) -> dict[str, Any]:
    text, severity, hint = _BUILTIN.get(
        finding.rule, (finding.message, finding.severity, finding.hint)
    )
    return _descriptor(
        finding.rule, finding.check, text, text, hint, finding.source, severity, True
    )


def _descriptor(
    rule_id: str, check: str, short: str, full: str, hint: str, source: str,
    severity: Severity, enabled: bool,
) -> dict[str, Any]:
    help_text = f"{full}\n\nHow to fix: {hint}" if hint else full
    help_md = f"**{rule_id}** ({check}): {full}"
    if hint:
        help_md += f"\n\n**How to fix:** {hint}"
    if source:
        help_text += f"\n\nSource: {source}"
        help_md += f"\n\nSource: <{source}>" if _is_url(source) else f"\n\nSource: {source}"
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": short or rule_id},
        "fullDescription": {"text": full or rule_id},
        "help": {"text": help_text, "markdown": help_md},
    }
    if _is_url(source):
        descriptor["helpUri"] = source
    descriptor["defaultConfiguration"] = {"level": _LEVEL[severity], "enabled": enabled}
    descriptor["properties"] = {
        "tags": ["ticketcheck", check],
        "precision": "very-high",
        "problem.severity": _PROBLEM[severity],
    }
    return descriptor


def _result(run: Run, finding: Finding, rule_index: int, fingerprint: str) -> dict[str, Any]:
    message = finding.message
    if finding.hint:
        message += f"\nHow to fix: {finding.hint}"
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": _physical(run, finding)}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
        "properties": {"check": finding.check},
    }


def _physical(run: Run, finding: Finding) -> dict[str, Any]:
    rel = run.repo_path(finding.path)
    artifact: dict[str, Any]
    if rel is not None:
        artifact = {"uri": quote(rel, safe="/"), "uriBaseId": "%SRCROOT%"}
    else:
        artifact = {"uri": Path(finding.path).resolve().as_uri()}
    loc = finding.location
    region: dict[str, int] = {"startLine": loc.line or 1}
    if loc.column:
        region["startColumn"] = loc.column
    if loc.end_line and loc.end_line >= region["startLine"]:
        region["endLine"] = loc.end_line
        if loc.end_column and (
            loc.end_line > region["startLine"] or loc.end_column > region.get("startColumn", 1)
        ):
            region["endColumn"] = loc.end_column
    return {"artifactLocation": artifact, "region": region}


def _fingerprint(run: Run, finding: Finding) -> str:
    loc = finding.location
    parts = (
        finding.rule,
        run.repo_path(finding.path) or finding.path,
        loc.field or "",
        loc.attachment or "",
        finding.message,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _is_url(text: str) -> bool:
    return text.startswith(("https://", "http://"))
