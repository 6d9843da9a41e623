"""The command line. The only module that prints or exits.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage error or
invalid rule set/config; 3 internal error (a bug: said on stderr, the other cases still run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import CaseError, RuleSetError, TicketcheckError

if TYPE_CHECKING:
    from .checks import Check
    from .findings import Report

OK, FINDINGS, USAGE, INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # argparse declares NoReturn; we raise instead
        raise _UsageError(f"{self.prog}: {message}")


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ticketcheck", description="Check an Amazon Seller Central case before you submit it."
    )
    parser.add_argument("--version", action="version", version=f"ticketcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="check case files and folders of templates")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--rules", metavar="NAME|FILE", help="rule set for every case (default: by category)"
    )
    p.add_argument("--format", default="text", help="text, json (default: text)")
    p.add_argument("--fail-on", choices=["error", "warning"], default="error")
    p.add_argument("--templates", action="store_true", help="accept declared {{placeholders}}")
    p.add_argument("--now", metavar="TIME", help="check as of this ISO time (default: now)")

    p = sub.add_parser("inspect", help="say what an attachment really is")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")

    rules = sub.add_parser("rules", help="list, show and validate rule sets")
    rsub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    rsub.add_parser("list", help="the built-in rule sets and the check kinds")
    p = rsub.add_parser("show", help="the resolved rules of a rule set")
    p.add_argument("name", metavar="NAME|FILE")
    p = rsub.add_parser("validate", help="validate rule-set files")
    p.add_argument("files", nargs="+", metavar="FILE")
    rsub.add_parser("schema", help="JSON Schema of rule-set files, for editors")

    p = sub.add_parser("explain", help="what a rule checks, why, and how to fix it")
    p.add_argument("rule_id", metavar="RULE-ID")
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        print(exc, file=err)
        return USAGE
    except SystemExit as exc:  # --help and --version exit through argparse
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "inspect":
            return _inspect(args, out, err)
        if args.command == "rules":
            return _rules(args, out, err)
        return _explain(args, out, err)
    except RuleSetError as exc:
        for line in exc.problems:
            print(line, file=err)
        return USAGE
    except _UsageError as exc:
        print(f"ticketcheck: {exc}", file=err)
        return USAGE
    except KeyboardInterrupt:
        return 130


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .case import load_case
    from .discovery import discover
    from .engine import check
    from .findings import Severity
    from .output import Run, formats
    from .ruleset import load_ruleset

    fmts = formats()
    if args.format not in fmts:
        raise _UsageError(f"unknown format '{args.format}' (known: {', '.join(fmts)})")
    now = _parse_time(args.now) if args.now else None
    ruleset = load_ruleset(args.rules) if args.rules else None
    targets, missing = discover(args.paths)
    for line in missing:
        print(f"ticketcheck: {line}", file=err)
    reports: list[Report] = []
    code = OK
    for target in targets:
        try:
            case = load_case(target.path, root=target.root)
            report = check(case, ruleset, now=now, templates=args.templates)
        except CaseError as exc:
            print(f"ticketcheck: {exc}", file=err)
            code = max(code, USAGE)
            continue
        except RuleSetError as exc:
            for line in exc.problems:
                print(line, file=err)
            code = max(code, USAGE)
            continue
        except Exception as exc:
            print(
                f"ticketcheck: internal error while checking {target.path}: "
                f"{type(exc).__name__}: {exc} (please report this)",
                file=err,
            )
            code = INTERNAL
            continue
        if report.crashed:
            print(
                f"ticketcheck: internal error while checking {target.path} (see its "
                "internal-error finding; please report this)",
                file=err,
            )
            code = INTERNAL
        reports.append(report)
    color = out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    run = Run(tuple(reports), rules=_rules_used(reports), color=color)
    out.write(fmts[args.format](run))
    threshold = Severity.ERROR if args.fail_on == "error" else Severity.WARNING
    failed = any(f.severity.rank >= threshold.rank for r in reports for f in r.findings)
    if missing:
        code = max(code, USAGE)
    if code == OK and failed:
        code = FINDINGS
    return code


def _rules_used(reports: Sequence[Report]) -> dict[str, Check]:
    from .ruleset import load_ruleset

    rules: dict[str, Check] = {}
    for name in sorted({r.ruleset for r in reports if r.ruleset}):
        try:
            for rule in load_ruleset(name).rules:
                rules.setdefault(rule.id, rule)
        except RuleSetError:
            continue
    return rules


def _parse_time(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _UsageError(
            f"--now {text!r}: not an ISO time like 2026-11-26T17:00:00+00:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _inspect(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .inspection import inspect_file

    infos = []
    code = OK
    for name in args.files:
        if not os.path.lexists(name):
            print(f"ticketcheck: {name}: no such file", file=err)
            code = USAGE
            continue
        infos.append(inspect_file(name))
    if args.format == "json":
        out.write(
            json.dumps({"version": 1, "files": [i.to_dict() for i in infos]}, indent=2) + "\n"
        )
    else:
        for info in infos:
            data = info.to_dict()
            verdict = "opens" if data["opens"] else "does NOT open"
            out.write(f"{data['path']}: {data['format']}, {data['size']:,} bytes, {verdict}\n")
            for problem in data["problems"]:
                out.write(f"    {problem}\n")
    return code


def _rules(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .checks import CHECKS
    from .ruleset import builtin_names, load_ruleset, rule_set_schema

    if args.rules_command == "list":
        for name in builtin_names():
            rs = load_ruleset(name)
            out.write(f"{name:<20} {rs.title}\n")
        out.write("\ncheck kinds:\n")
        for kind, cls in sorted(CHECKS.items()):
            out.write(f"  {kind:<22} {cls.SUMMARY}\n")
        return OK
    if args.rules_command == "show":
        rs = load_ruleset(args.name)
        out.write(f"{rs.name}: {rs.title}\n")
        for rule in rs.rules:
            state = "" if rule.enabled else " (disabled)"
            out.write(f"  {rule.id:<28} {rule.check:<20} {rule.severity}{state}\n")
        return OK
    if args.rules_command == "validate":
        code = OK
        for name in args.files:
            try:
                rs = load_ruleset(name)
            except RuleSetError as exc:
                for line in exc.problems:
                    print(line, file=err)
                code = USAGE
                continue
            out.write(f"{name}: ok ({len(rs.rules)} rules)\n")
        return code
    out.write(json.dumps(rule_set_schema(), indent=2) + "\n")
    return OK


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .checks import CHECKS
    from .ruleset import builtin_names, load_ruleset

    found = []
    for name in builtin_names():
        rs = load_ruleset(name)
        rule = rs.rule(args.rule_id)
        if rule is not None:
            # Prefer the rule set whose own file writes the rule over those inheriting it.
            own = rs.origins.get(rule.id, ("", None))[0].endswith(f"{name}.yaml")
            found.append((not own, name, rule))
    if found:
        _, name, rule = min(found, key=lambda item: (item[0], item[1]))
        out.write(f"{rule.id}: {rule.check}, {rule.severity}, in rule set {name}\n")
        if rule.description:
            out.write(f"\n{rule.description.strip()}\n\n")
        if rule.message:
            out.write(f"message: {rule.message}\n")
        if rule.hint:
            out.write(f"how to fix: {rule.hint}\n")
        if rule.source:
            out.write(f"source: {rule.source}\n")
        out.write(f"check kind {rule.check}: {CHECKS[rule.check].SUMMARY}\n")
        return OK
    if args.rule_id in CHECKS:
        out.write((sys.modules[CHECKS[args.rule_id].__module__].__doc__ or "").strip() + "\n")
        return OK
    print(
        f"ticketcheck: no rule or check kind '{args.rule_id}'; see 'ticketcheck rules show NAME'",
        file=err,
    )
    return USAGE


__all__ = ["TicketcheckError", "main"]
