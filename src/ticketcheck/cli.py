"""The command line. The only module that prints or exits.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 usage error or
invalid rule set/config; 3 internal error (a bug: said on stderr, the other cases still run).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from . import __version__
from .errors import RuleSetError, TicketcheckError

if TYPE_CHECKING:
    from .discovery import Target
    from .runner import Job

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
    p.add_argument(
        "--format",
        action="append",
        metavar="NAME[:FILE]",
        help="text, json, sarif, junit, github; repeat for several, NAME:FILE writes a file "
        "(default: text on stdout)",
    )
    p.add_argument("--fail-on", choices=["error", "warning", "info"], default="error")
    p.add_argument("--templates", action="store_true", help="accept declared {{placeholders}}")
    p.add_argument("--now", metavar="TIME", help="check as of this ISO time (default: now)")
    p.add_argument(
        "--config", metavar="FILE", help="config file (default: .ticketcheck.yaml or "
        "pyproject.toml [tool.ticketcheck], found by walking up from each PATH)"
    )
    p.add_argument("--no-config", action="store_true", help="ignore config files")
    p.add_argument(
        "--jobs", type=_positive, metavar="N", help="check N cases at once (default: one per CPU)"
    )
    p.add_argument(
        "--ledger", metavar="PATH", help="the ledger of submitted cases, for the duplicate and "
        "follow-up checks (default: .ticketcheck/ledger.sqlite in the project)"
    )
    p.add_argument(
        "--exit-zero", action="store_true",
        help="exit 0 even when there are findings (errors in the input still exit 2 or 3)",
    )
    p.add_argument(
        "--only-cases",
        action="store_true",
        help="filter named files like a folder walk: skip files that are not cases, or that "
        "the config excludes (for pre-commit, which names every matching file)",
    )

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
    p = rsub.add_parser("test", help="run the pass/fail examples of rule-set files")
    p.add_argument("files", nargs="+", metavar="FILE")
    rsub.add_parser("schema", help="JSON Schema of rule-set files, for editors")

    p = sub.add_parser("explain", help="what a rule checks, why, and how to fix it")
    p.add_argument("rule_id", metavar="RULE-ID")

    ledger_help = "the ledger file (default: .ticketcheck/ledger.sqlite in the project)"
    p = sub.add_parser("record", help="remember a submitted case in the ledger")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--case-id", required=True, metavar="ID", help="the ID Amazon gave the case (10 digits)")
    p.add_argument("--ledger", metavar="PATH", help=ledger_help)
    p.add_argument("--now", metavar="TIME", help="record it as submitted at this ISO time (default: now)")

    p = sub.add_parser("cases", help="recorded cases, open ones first")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--ledger", metavar="PATH", help=ledger_help)
    p.add_argument("--now", metavar="TIME", help="measure ages as of this ISO time (default: now)")
    return parser


_START_UP_GC = (100_000, 50, 100)
_usual_gc: tuple[int, int, int] | None = None  # the thresholds run() found


def _end_start_up() -> None:
    """Start-up is over: what ``run()`` made is frozen and the collector's usual pace is
    back. Nothing when the thresholds are not run()'s (``main()`` called by a program)."""
    if _usual_gc is not None and gc.get_threshold() == _START_UP_GC:
        gc.freeze()
        gc.set_threshold(*_usual_gc)


def run() -> NoReturn:
    """The ``ticketcheck`` script and ``python -m ticketcheck``: ``sys.exit(main())``, made
    for a command that a pre-commit hook starts for every commit.

    Two costs of a short process are skipped. The cyclic garbage collector runs every 700
    allocations, and start-up (pydantic, the modules, the checks) makes a few hundred
    thousand objects that live until exit: 76 passes that find nothing, 13 ms of a one-case
    run. Until the first case is checked (or the workers fork) it runs every 100,000
    allocations; then ``_end_start_up`` freezes the start-up objects (never scanned again)
    and the usual pace returns, so a run of thousands of cases holds no more garbage than
    before. And interpreter teardown frees every module and object one by one (about 30 ms)
    just before the operating system frees the whole process: once the output is flushed
    and every file closed (each is, by ``with``), ``os._exit`` ends it. ``main()`` itself
    does neither, so a program that imports it is not affected.
    """
    global _usual_gc
    _usual_gc = gc.get_threshold()
    gc.set_threshold(*_START_UP_GC)
    try:
        code = main()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (``| head``): no traceback, as grep does
        code = FINDINGS
    os._exit(code)


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    # pydantic scans every installed package's entry points for plug-ins on its first model;
    # the command line uses none, and the scan is start-up time on every pre-commit run.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
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
        if args.command == "record":
            return _record(args, out, err)
        if args.command == "cases":
            return _cases(args, out, err)
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
    from . import ruleset_cache

    previous = ruleset_cache.enable(ruleset_cache.default_directory())
    try:
        return _check_cases(args, out, err)
    finally:
        ruleset_cache.enable(previous)


def _check_cases(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .discovery import discover
    from .findings import Severity
    from .output import Run, formatter, parse_spec
    from .runner import default_jobs, rules_used, run_all

    outputs = _outputs(args.format or ["text"], parse_spec)
    now = _parse_time(args.now) if args.now else dt.datetime.now(dt.UTC)
    if args.rules:
        from .ruleset import load_ruleset

        load_ruleset(args.rules)  # an invalid --rules is a usage error before any case runs
    targets, missing = discover(
        args.paths, config_file=args.config, use_config=not args.no_config,
        only_cases=args.only_cases,
    )
    for line in missing:
        print(f"ticketcheck: {line}", file=err)
    jobs = [_job(target, args, now) for target in targets]
    workers = args.jobs or default_jobs()
    outcomes = run_all(
        jobs, workers=workers, progress=_progress(err, len(jobs)), started=_end_start_up
    )
    code = USAGE if missing else OK
    for outcome in outcomes:
        for line in outcome.messages:
            print(line, file=err)
        code = max(code, outcome.code)
    reports = tuple(o.report for o in outcomes if o.report is not None)
    threshold = Severity(args.fail_on)
    color = out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    base = Run(reports, rules=rules_used(jobs, outcomes), fail_on=threshold, srcroot=_srcroot())
    for name, path in outputs:
        run = dataclasses.replace(base, color=color and name == "text" and path is None)
        text = formatter(name)(run)
        if path is None:
            out.write(text)
            continue
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            print(f"ticketcheck: cannot write {path}: {exc.strerror or exc}", file=err)
            code = max(code, USAGE)
    failed = any(f.severity.rank >= threshold.rank for r in reports for f in r.findings)
    if code == OK and failed and not args.exit_zero:
        code = FINDINGS
    return code


def _outputs(
    specs: list[str], parse: Callable[[str], tuple[str, str | None]]
) -> list[tuple[str, str | None]]:
    outputs = []
    for spec in specs:
        try:
            outputs.append(parse(spec))
        except ValueError as exc:
            raise _UsageError(str(exc)) from None
    if sum(1 for _, path in outputs if path is None) > 1:
        raise _UsageError(
            "at most one --format may go to stdout; write the others to files (NAME:FILE)"
        )
    return outputs


def _job(target: Target, args: argparse.Namespace, now: dt.datetime) -> Job:
    from .runner import Job, settings_for

    return Job(
        path=str(target.path),
        root=str(target.root),
        settings=settings_for(target.config, target.path),
        rules=args.rules,
        templates=args.templates,
        now=now,
        ledger=args.ledger,
    )


def _progress(err: TextIO, total: int) -> Callable[[int, int], None] | None:
    """A progress line on a terminal for long runs; nothing in CI or in a log."""
    from .runner import POOL_THRESHOLD

    if total <= POOL_THRESHOLD or not err.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        if done == total:
            err.write("\r\033[K")
        elif done % 10 == 0:
            err.write(f"\rchecking: {done}/{total} cases")
        err.flush()

    return show


def _srcroot() -> Path:
    """The repository root CI tools resolve paths against: the git checkout holding the
    working directory, else the working directory."""
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / ".git").exists():
            return folder
    return cwd


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


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
            _json({"version": 1, "files": [i.to_dict() for i in infos]})
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
    if args.rules_command == "test":
        return _rules_test(args.files, out, err)
    out.write(_json(rule_set_schema()))
    return OK


def _rules_test(files: list[str], out: TextIO, err: TextIO) -> int:
    from .ruletest import ExampleResult, run_examples, summarize

    code, tested = OK, 0
    results: list[ExampleResult] = []
    for name in files:
        try:
            found = run_examples(name)
        except RuleSetError as exc:
            for line in exc.problems:
                print(line, file=err)
            code = USAGE
            continue
        tested += 1
        results.extend(found)
        for result in found:
            if not result.ok:
                out.write(f"{result}\n")
    out.write(summarize(results, tested) + "\n")
    if code == OK and not all(r.ok for r in results):
        code = FINDINGS
    return code


def _record(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .case_log import describe_record, record_file
    from .errors import CaseError
    from .ledger import LedgerError

    now = _parse_time(args.now) if args.now else None
    try:
        entry, ledger = record_file(args.case, args.case_id, args.ledger, now=now)
    except (CaseError, LedgerError) as exc:
        print(f"ticketcheck: {exc}", file=err)
        return USAGE
    print(describe_record(entry, ledger), file=out)
    return OK


def _cases(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .case_log import case_rows, cases_json, cases_text
    from .ledger import LedgerError

    now = _parse_time(args.now) if args.now else None
    try:
        rows = case_rows(args.ledger, now=now)
    except LedgerError as exc:
        print(f"ticketcheck: {exc}", file=err)
        return USAGE
    if args.format == "json":
        out.write(_json(cases_json(rows)))
    else:
        out.write(cases_text(rows, args.ledger))
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


def _json(value: object) -> str:
    import json  # here: ``check`` has its own JSON format module

    return json.dumps(value, indent=2) + "\n"


__all__ = ["TicketcheckError", "main", "run"]

