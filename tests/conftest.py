"""Shared factories: write a case file (and its attachments) in tmp_path, run one rule."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from ticketcheck.case import Case, load_case
from ticketcheck.engine import check
from ticketcheck.findings import Finding
from ticketcheck.ruleset import RuleSet, rule_adapter
from ticketcheck.ruletest import check_example

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


def case_text(front: dict[str, Any], body: str = "") -> str:
    """Markdown with front matter, as a template repo holds it."""
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body


@pytest.fixture
def write_case(tmp_path: Path) -> Callable[..., Case]:
    """``write_case({"category": "a-to-z"}, "body", files={"pod.pdf": b"..."})`` -> loaded Case."""

    def make(front: dict[str, Any], body: str = "", *, name: str = "case.md",
             files: dict[str, bytes] | None = None) -> Case:
        for file_name, data in (files or {}).items():
            target = tmp_path / file_name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        path = tmp_path / name
        path.write_text(case_text(front, body), encoding="utf-8")
        return load_case(path, root=tmp_path)

    return make


def ruleset_of(*rules: dict[str, Any], placeholders: tuple[str, ...] = ()) -> RuleSet:
    """A rule set holding exactly these rules (validated like a rule-set file's entries)."""
    adapter = rule_adapter()
    return RuleSet(name="test", rules=tuple(adapter.validate_python(r) for r in rules),
                   placeholders=placeholders)


def run_rule(rule: dict[str, Any], case: Case, **options: Any) -> list[Finding]:
    """Run one rule on a case; the findings it yields (load problems excluded)."""
    options.setdefault("now", NOW)
    return list(check(case, ruleset_of(rule), **options).findings)


def make_pdf(pages: int = 1, *, user_password: str | None = None,
             owner_password: str | None = None) -> bytes:
    """A blank PDF from pypdf, optionally encrypted."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    if user_password is not None or owner_password is not None:
        writer.encrypt(user_password or "", owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_image(fmt: str = "JPEG", size: tuple[int, int] = (1200, 1600)) -> bytes:
    """An image in any format Pillow writes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(out, fmt)
    return out.getvalue()


@pytest.fixture(autouse=True, scope="session")
def _rule_set_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """``ticketcheck check`` caches resolved rule sets on disk; the tests (and the
    subprocesses they start) use a throwaway directory, never the user's."""
    os.environ["TICKETCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("rule-set-cache"))


def examples_that_fail(ruleset: RuleSet) -> list[str]:
    """Every pass/fail example of every rule in ``ruleset``, re-run against the rule as the
    set has it; one line per example that does not behave as written."""
    wrong = []
    for rule in ruleset.rules:
        if rule.examples is None:
            continue
        for expect, examples in (("pass", rule.examples.pass_), ("fail", rule.examples.fail)):
            for number, example in enumerate(examples, start=1):
                ok, detail = check_example(rule, ruleset, example, expect)
                if not ok:
                    wrong.append(f"{ruleset.name}: {rule.id}: {expect} example {number} {detail}")
    return wrong
