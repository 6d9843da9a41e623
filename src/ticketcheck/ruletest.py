"""Running the examples of a rule set: does each rule do what its examples say?

Every rule may carry ``examples: {pass: [...], fail: [...]}``. ``run_examples(path)`` runs
each example written in that file against its rule *alone* (the rule as the file resolves
it: inherited options, patches and all) and says for each whether it behaved as written: a
``pass`` example must give no finding of the rule, a ``fail`` example at least one. A rule
switched off with ``enabled: false`` is still tested: its examples say what it does when on.
Only examples written in the file itself are run; those a parent wrote are the parent's to
test (a patch that tightens a rule gives its own examples).

An example is one of:

- a string: the body of a case of the rule set's category (its name);
- a mapping: a case document, its front-matter fields plus ``body``. ``category`` defaults
  to the rule set's name (write ``category: null`` for none). Besides the case's fields it
  may hold:

  - ``now``: the time of the check (default 2026-11-26T12:00:00Z), for deadlines and ages;
  - ``repeat: N``: the body is N copies of the text given, for length limits (a 1,001-word
    body need not be written out);
  - ``templates: true``: check it as a template (``check --templates``);
  - ``submitted``: case documents recorded as already submitted, each with its Amazon
    ``case_id`` (recorded one day before ``now``), for the ``duplicate`` and ``follow-up``
    checks;
  - ``attachments``: files made in memory, each ``{name: ..., proof: ...}`` plus one of

    ========================================  ==============================================
    ``text: "Delivered ... signed by ..."``   a PDF whose text layer shows it (a list: one
                                              string per page; ``""`` is a page without
                                              text, like a scan)
    ``image: [width, height]``                a JPEG (``format: PNG`` for another format)
    ``pdf: {pages: 1, password: x}``          a PDF of blank pages, locked with the password
                                              when one is given
    ``size: 12000000``                        that many bytes, starting like a PDF (for size
                                              limits: nothing opens it)
    ``data: "any text"``                      exactly these bytes (UTF-8)
    ``missing: true``                         a path to a file that does not exist
    ========================================  ==============================================

Nothing is read from disk but the rule-set file: a rule set's examples run the same on a
fresh checkout as in the repository they were written in. Checks that need a ledger get a
fresh one in a temporary folder, never the user's.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .case import Attachment, Case, parse_case
from .checks import Check
from .checks.deadline import event_time
from .engine import check
from .errors import RuleSetError
from .example_files import blank_pdf, image, padded, text_pdf
from .findings import Finding
from .ruleset import RuleSet, load_ruleset
from .yaml_source import YamlError, load_yaml

__all__ = [
    "DEFAULT_NOW",
    "ExampleError",
    "ExampleResult",
    "build_case",
    "check_example",
    "iter_failures",
    "run_examples",
    "summarize",
]

#: The time examples are checked at unless they say ``now:``: fixed, so a deadline example
#: gives the same answer on every day it is run.
DEFAULT_NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)

Expect = Literal["pass", "fail"]

_FILE_KINDS = ("text", "image", "pdf", "size", "data", "missing")
_LEDGERS = itertools.count(1)


class ExampleError(ValueError):
    """An example that cannot be turned into a case (a mistake in the rule-set file)."""


@dataclass(frozen=True)
class ExampleResult:
    """How one example behaved: ``ok`` when it did what it says."""

    file: str
    line: int | None
    index: int  # the rule's index in the file's ``rules`` list
    rule: str
    expect: Expect
    number: int  # 1-based, among the rule's examples of the same ``expect``
    ok: bool
    detail: str  # "gave no finding", "gave 1 finding: ...", "is not a valid example: ..."
    findings: tuple[Finding, ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: rules[{self.index}] ({self.rule}): {self.expect} example {self.number} {self.detail}"


def run_examples(path: str | Path, *, now: dt.datetime | None = None) -> list[ExampleResult]:
    """Run every example written in the rule-set file ``path``; one result per example.

    Raises ``RuleSetError`` when the file is not a valid rule set (nothing can be run).
    """
    file = Path(path)
    ruleset = load_ruleset(file)
    shown = str(path)
    try:
        raw, positions = load_yaml(file.read_text(encoding="utf-8-sig"))
    except (OSError, YamlError) as exc:  # load_ruleset read it a moment ago: a race
        raise RuleSetError([f"{shown}: cannot be read again: {exc}"]) from None
    entries = raw.get("rules") if isinstance(raw, dict) else None
    results: list[ExampleResult] = []
    with tempfile.TemporaryDirectory(prefix="ticketcheck-examples-") as scratch:
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or not isinstance(entry.get("examples"), dict):
                continue
            rule = ruleset.rule(str(entry.get("id")))
            if rule is None:  # pragma: no cover -- load_ruleset validated every entry
                continue
            rule = rule.model_copy(update={"enabled": True})
            for expect in ("pass", "fail"):
                for number, example in enumerate(entry["examples"].get(expect) or [], start=1):
                    line = positions.line_of(("rules", index, "examples", expect, number - 1))
                    result = _run_one(rule, ruleset, example, expect, now, Path(scratch))
                    results.append(
                        ExampleResult(shown, line, index, rule.id, expect, number, *result)
                    )
    return results


def check_example(
    rule: Check, ruleset: RuleSet, example: Any, expect: Expect, *, now: dt.datetime | None = None
) -> tuple[bool, str]:
    """Run one example against ``rule`` alone (as part of ``ruleset``): whether it behaved as
    ``expect`` says, and what happened. For examples that live outside a file, or to re-run
    inherited examples against a child's version of a rule."""
    with tempfile.TemporaryDirectory(prefix="ticketcheck-examples-") as scratch:
        enabled = rule.model_copy(update={"enabled": True})
        ok, detail, _ = _run_one(enabled, ruleset, example, expect, now, Path(scratch))
    return ok, detail


def summarize(results: Sequence[ExampleResult], files: int) -> str:
    """One line: how many examples ran, and how many did not behave as written."""
    failed = sum(not r.ok for r in results)
    rules = len({(r.file, r.index) for r in results})
    ran = f"{_plural(len(results), 'example')} of {_plural(rules, 'rule')} in {_plural(files, 'file')}"
    if failed:
        return f"{ran}: {failed} did not behave as written"
    return f"{ran}: all behave as written"


def _run_one(
    rule: Check, ruleset: RuleSet, example: Any, expect: Expect, now: dt.datetime | None,
    scratch: Path,
) -> tuple[bool, str, tuple[Finding, ...]]:  # fmt: skip
    ledger = scratch / "ledger" / f"{next(_LEDGERS)}.sqlite"  # one per example: no leaks
    try:
        case, options = build_case(example, ruleset.name, scratch=scratch)
        moment = options.pop("now", None) or now or DEFAULT_NOW
        for recorded in options.pop("submitted"):
            _record(recorded, ruleset.name, ledger, moment - dt.timedelta(days=1), scratch)
    except ExampleError as exc:
        return False, f"is not a valid example: {exc}", ()
    alone = RuleSet(
        name=ruleset.name,
        title=ruleset.title,
        path=ruleset.path,
        rules=(rule,),
        placeholders=ruleset.placeholders,
        files=ruleset.files,
    )
    report = check(case, alone, now=moment, ledger=str(ledger), **options)
    found = tuple(f for f in report.findings if f.rule == rule.id)
    crashed = [f for f in found if f.check == "internal-error"]
    if crashed:
        return False, f"crashed: {crashed[0].message}", found
    if expect == "pass":
        if not found:
            return True, "gave no finding", found
        first = found[0].message
        return False, f"gave {_count(found)}: {first}", found
    if found:
        return True, f"gave {_count(found)}", found
    return False, "gave no finding", found


def _count(found: Sequence[Finding]) -> str:
    return _plural(len(found), "finding")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def build_case(example: Any, category: str, *, scratch: Path) -> tuple[Case, dict[str, Any]]:
    """The case an example describes, and the check options it gives (``now``...).

    ``scratch`` is an empty folder: the root that ``missing: true`` attachments are looked
    for in. Raises ``ExampleError`` for an example that is not a string or a valid mapping.
    """
    if isinstance(example, str):
        document: dict[str, Any] = {"body": example}
    elif isinstance(example, Mapping):
        document = dict(example)
    else:
        raise ExampleError("an example is a body string or a case document (a mapping)")
    document.setdefault("category", category)
    options: dict[str, Any] = {}
    if "now" in document:
        moment = event_time(document.pop("now"))
        if moment is None:
            raise ExampleError("now: must be a time such as 2026-11-26T12:00:00Z")
        options["now"] = moment
    if "repeat" in document:
        times = document.pop("repeat")
        if not _positive(times) or times > 100_000 or not isinstance(document.get("body"), str):
            raise ExampleError("repeat: must be a number of copies (up to 100000) of a body text")
        document["body"] = document["body"] * times
    if "templates" in document:
        options["templates"] = bool(document.pop("templates"))
    submitted = document.pop("submitted", [])
    if not isinstance(submitted, list) or not all(isinstance(s, Mapping) for s in submitted):
        raise ExampleError("submitted: must be a list of case documents, each with case_id")
    options["submitted"] = submitted
    files = list(_attachments(document.pop("attachments", []), scratch / "files"))
    case = parse_case(
        _as_yaml(document), name="example.yaml", display="example", root=scratch / "files"
    )
    if files:
        case = case.model_copy(update={"attachments": (*case.attachments, *files)})
    return case, options


def _as_yaml(document: dict[str, Any]) -> str:
    import yaml

    # Through YAML text, so a case-file example is read exactly as a case file would be
    # (unknown fields, bad types and all).
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _attachments(specs: Any, root: Path) -> Iterator[Attachment]:
    if not isinstance(specs, list):
        raise ExampleError(
            "attachments: must be a list of {name: ..., text|image|pdf|size|data|missing: ...}"
        )
    for index, spec in enumerate(specs):
        where = f"attachments[{index}]"
        if not isinstance(spec, Mapping) or not isinstance(spec.get("name"), str):
            raise ExampleError(
                f"{where}: must be a mapping with a name, such as {{name: pod.pdf, text: ...}}"
            )
        unknown = sorted(set(spec) - {"name", "proof", "format", *_FILE_KINDS})
        if unknown:
            raise ExampleError(
                f"{where}: unknown key '{unknown[0]}' (known: name, proof, format, {', '.join(_FILE_KINDS)})"
            )
        given = [kind for kind in _FILE_KINDS if kind in spec]
        if len(given) != 1:
            raise ExampleError(f"{where}: give exactly one of {', '.join(_FILE_KINDS)}")
        name, proof = spec["name"], spec.get("proof")
        if proof is not None and not isinstance(proof, str):
            raise ExampleError(f"{where}.proof: must be a proof name")
        if given[0] == "missing":
            yield Attachment(name=name, path=root / name, proof=proof)
        else:
            yield Attachment(name=name, data=_bytes(given[0], spec, where), proof=proof)


def _bytes(kind: str, spec: Mapping[str, Any], where: str) -> bytes:
    value = spec[kind]
    if kind == "text":
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return text_pdf(value)
        raise ExampleError(f"{where}.text: must be the text of the PDF, or a list of page texts")
    if kind == "image":
        if isinstance(value, list) and len(value) == 2 and all(_positive(v) for v in value):
            return image(value[0], value[1], str(spec.get("format") or "JPEG").upper())
        raise ExampleError(f"{where}.image: must be [width, height] in pixels")
    if kind == "pdf":
        if not isinstance(value, Mapping) or set(value) - {"pages", "password"}:
            raise ExampleError(f"{where}.pdf: must be {{pages: N, password: TEXT}} (both optional)")
        pages = value.get("pages", 1)
        password = value.get("password")
        if not _positive(pages) or not (password is None or isinstance(password, str | int)):
            raise ExampleError(f"{where}.pdf: pages is a number, password a text")
        return blank_pdf(pages, password=None if password is None else str(password))
    if kind == "size":
        if _positive(value) and value <= 64_000_000:  # enough for any limit; bounded memory
            return padded(value)
        raise ExampleError(f"{where}.size: must be a number of bytes up to 64000000")
    if kind == "data":
        if isinstance(value, str):
            return value.encode("utf-8")
        raise ExampleError(f"{where}.data: must be text")
    raise ExampleError(f"{where}: unknown file kind {kind!r}")  # pragma: no cover


def _positive(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _record(
    document: Mapping[str, Any], category: str, ledger: Path, when: dt.datetime, scratch: Path
) -> None:
    from .ledger import LedgerError, record

    fields = dict(document)
    case_id = fields.pop("case_id", None)
    if case_id is None:
        raise ExampleError("submitted: each case needs the case_id it was submitted as")
    case, _ = build_case(fields, category, scratch=scratch)
    ledger.parent.mkdir(parents=True, exist_ok=True)
    try:
        record(case, str(case_id), ledger, now=when)
    except LedgerError as exc:
        raise ExampleError(f"submitted: {exc}") from None


def iter_failures(results: Iterable[ExampleResult]) -> Iterator[ExampleResult]:
    """The examples that did not behave as written."""
    return (r for r in results if not r.ok)
