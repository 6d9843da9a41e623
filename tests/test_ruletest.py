"""ruletest: a rule set's examples run against their rules alone, and what is reported."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest

from ticketcheck.case import Case
from ticketcheck.engine import check
from ticketcheck.errors import RuleSetError
from ticketcheck.example_files import text_pdf
from ticketcheck.findings import Severity
from ticketcheck.ruleset import load_ruleset
from ticketcheck.ruletest import DEFAULT_NOW, build_case, run_examples, summarize


@pytest.fixture
def write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def make(name: str, text: str) -> str:
        (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return name

    return make


def failures(path: str) -> list[str]:
    return [str(r) for r in run_examples(path) if not r.ok]


def test_reports_each_example_that_does_not_behave_as_written(write):
    write("mine.yaml", """\
        ruleset: mine
        rules:
          - id: short
            check: text-length
            max-chars: 20
            examples:
              pass:
                - "short"
                - "this one is much longer than twenty characters"
              fail:
                - "this one is much longer than twenty characters"
                - "tiny"
        """)
    results = run_examples("mine.yaml")
    assert [(r.expect, r.number, r.ok) for r in results] == [
        ("pass", 1, True), ("pass", 2, False), ("fail", 1, True), ("fail", 2, False),
    ]  # fmt: skip
    assert failures("mine.yaml") == [
        "mine.yaml:9: rules[0] (short): pass example 2 gave 1 finding: "
        "the body is 46 characters; the limit is 20",
        "mine.yaml:12: rules[0] (short): fail example 2 gave no finding",
    ]
    assert summarize(results, 1) == "4 examples of 1 rule in 1 file: 2 did not behave as written"


def test_an_invalid_example_is_a_failure_that_says_why(write):
    write("mine.yaml", """\
        ruleset: mine
        rules:
          - id: pod
            check: required-proof
            proof: proof-of-delivery
            examples:
              pass: [{body: "x", attachments: [{name: pod.pdf, txt: "Delivered"}]}]
              fail: [{body: "x", now: "next Tuesday"}]
        """)
    assert failures("mine.yaml") == [
        "mine.yaml:7: rules[0] (pod): pass example 1 is not a valid example: attachments[0]: "
        "unknown key 'txt' (known: name, proof, format, text, image, pdf, size, data, missing)",
        "mine.yaml:8: rules[0] (pod): fail example 1 is not a valid example: "
        "now: must be a time such as 2026-11-26T12:00:00Z",
    ]


def test_an_invalid_rule_set_raises_with_its_line(write):
    write("bad.yaml", """\
        ruleset: bad
        rules:
          - id: short
            check: text-length
            max-chras: 20
        """)
    with pytest.raises(RuleSetError) as info:
        run_examples("bad.yaml")
    assert info.value.problems == [
        "bad.yaml:5: rules[0].max-chras: unknown key 'max-chras' (did you mean 'max-chars'?)"
    ]


def test_attachments_are_made_in_memory(tmp_path):
    case, _ = build_case(
        {
            "body": "files",
            "attachments": [
                {"name": "pod.pdf", "proof": "proof-of-delivery", "text": "Delivered\nSigned by: J"},
                {"name": "photo.jpg", "image": [640, 480]},
                {"name": "shot.png", "image": [10, 20], "format": "PNG"},
                {"name": "locked.pdf", "pdf": {"pages": 2, "password": "x"}},
                {"name": "big.pdf", "size": 12_000_000},
                {"name": "notes.txt", "data": "hello"},
                {"name": "gone.pdf", "missing": True},
            ],
        },
        "a-to-z",
        scratch=tmp_path,
    )
    files = {a.name: a for a in case.attachments}
    assert case.category == "a-to-z"
    assert files["pod.pdf"].proof == "proof-of-delivery"
    from PIL import Image
    from pypdf import PdfReader

    assert "Signed by: J" in PdfReader(io.BytesIO(files["pod.pdf"].data or b"")).pages[0].extract_text()
    assert Image.open(io.BytesIO(files["photo.jpg"].data or b"")).size == (640, 480)
    assert Image.open(io.BytesIO(files["shot.png"].data or b"")).format == "PNG"
    locked = PdfReader(io.BytesIO(files["locked.pdf"].data or b""))
    assert locked.is_encrypted and locked.decrypt("x") and len(locked.pages) == 2
    assert len(files["big.pdf"].data or b"") == 12_000_000
    assert files["notes.txt"].data == b"hello"
    assert files["gone.pdf"].data is None and not (tmp_path / "files" / "gone.pdf").exists()
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_text_pdf_pages_and_scans():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(text_pdf(["page one (a)", ""])))
    assert [p.extract_text().strip() for p in reader.pages] == ["page one (a)", ""]


def test_now_repeat_templates_and_ledger_are_example_options(write, tmp_path):
    write("mine.yaml", """\
        ruleset: mine
        rules:
          - id: window
            check: deadline
            window-hours: 24
            examples:
              pass: [{received_at: "2026-01-01T00:00:00Z", now: "2026-01-01T10:00:00Z", body: x}]
              fail: [{received_at: "2026-01-01T00:00:00Z", body: x}]
          - id: long
            check: text-length
            max-words: 100
            examples:
              pass: [{repeat: 50, body: "two words "}]
              fail: [{repeat: 51, body: "two words "}]
          - id: placeholder
            check: placeholder
            declared: [order_id]
            examples:
              pass: [{templates: true, body: "{{order_id}}"}]
              fail: ["{{order_id}}"]
          - id: duplicate
            check: duplicate
            examples:
              pass: ["Order 112-4829301-5738201 was delivered and signed for by the buyer on Nov 3."]
              fail:
                - body: "Order 112-4829301-5738201 was delivered and signed for by the buyer on Nov 3."
                  submitted: [{case_id: "1234567890", body: "Order 112-4829301-5738201 was delivered and signed for by the buyer on Nov 3."}]
        """)
    assert failures("mine.yaml") == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["mine.yaml"]  # no ledger left here


def test_only_the_files_own_examples_run(write):
    write("base.yaml", """\
        ruleset: base
        rules:
          - id: short
            check: text-length
            max-chars: 40
            examples:
              pass: ["thirty characters of body text"]
              fail: ["this one is much longer than forty characters, surely"]
        """)
    write("child.yaml", """\
        ruleset: child
        extends: [base.yaml]
        rules:
          - id: short
            max-chars: 20
        """)
    write("tested.yaml", """\
        ruleset: tested
        extends: [base.yaml]
        rules:
          - id: short
            max-chars: 20
            examples:
              fail: ["thirty characters of body text"]
        """)
    # The parent's pass example would now fail, but it is the parent's: not re-run.
    assert run_examples("child.yaml") == []
    assert failures("tested.yaml") == []
    assert [r.rule for r in run_examples("tested.yaml")] == ["short"]


def test_a_disabled_rule_is_still_tested(write):
    write("mine.yaml", """\
        ruleset: mine
        rules:
          - id: short
            check: text-length
            enabled: false
            max-chars: 5
            examples:
              fail: ["too long"]
        """)
    assert failures("mine.yaml") == []


USER_RULES = """\
    ruleset: our-a-to-z
    title: Our A-to-Z responses (we always attach a signed POD)
    extends: [a-to-z]
    rules:
      - id: carrier-named
        enabled: false
      - id: response-deadline
        window-hours: 48           # our own policy: answer within two days
        examples:
          pass: [{received_at: "2026-11-25T00:00:00Z", body: "The signed POD is attached."}]
          fail: [{received_at: "2026-11-23T12:00:00Z", body: "The signed POD is attached."}]
    """


def test_a_users_rule_set_extends_switches_off_tightens_and_tests(write):
    write("our-a-to-z.yaml", USER_RULES)
    ruleset = load_ruleset("our-a-to-z.yaml")
    carrier = ruleset.rule("carrier-named")
    deadline = ruleset.rule("response-deadline")
    assert carrier is not None and not carrier.enabled
    assert deadline is not None and deadline.window_hours == 48  # type: ignore[attr-defined]
    # Inherited: the marketplace override and everything else is as a-to-z wrote it.
    assert deadline.marketplaces == {"AU": {"window-hours": 48}}
    assert ruleset.rule("pod-required") is not None

    results = run_examples("our-a-to-z.yaml")
    assert [(r.rule, r.expect, r.ok) for r in results] == [
        ("response-deadline", "pass", True), ("response-deadline", "fail", True),
    ]  # fmt: skip

    case = Case(
        category="a-to-z",
        body="Shipped on Nov 1; the parcel was delivered on Nov 3.",
        received_at=DEFAULT_NOW - dt.timedelta(hours=60),
    )
    found = check(case, ruleset, now=DEFAULT_NOW).findings
    rules = {f.rule: f for f in found}
    assert "carrier-named" not in rules  # switched off (the case names no carrier)
    assert rules["response-deadline"].severity is Severity.ERROR
    assert rules["response-deadline"].message.endswith("the window is 48 hours")
    assert check(case, "a-to-z", now=DEFAULT_NOW).findings != found  # the original differs
    assert "carrier-named" in {f.rule for f in check(case, "a-to-z", now=DEFAULT_NOW).findings}


def test_a_mistake_in_a_users_rule_set_names_file_line_and_key_path(write):
    write("our-a-to-z.yaml", USER_RULES.replace("window-hours: 48", "window-hourz: 48"))
    with pytest.raises(RuleSetError) as info:
        run_examples("our-a-to-z.yaml")
    assert info.value.problems == [
        "our-a-to-z.yaml:8: rules[1].window-hourz: unknown key 'window-hourz' "
        "(did you mean 'window-hours'?)"
    ]


def test_builtin_files_have_no_failures_summary():
    from ticketcheck.ruleset import builtin_dir, builtin_names

    results = [r for name in builtin_names() for r in run_examples(builtin_dir() / f"{name}.yaml")]
    line = summarize(results, len(builtin_names()))
    assert line.endswith(": all behave as written"), line


def test_example_paths_as_given(write):
    write("mine.yaml", "ruleset: mine\nrules:\n  - {id: a, check: text-length, max-chars: 1, examples: {fail: [xx]}}\n")
    (result,) = run_examples(Path("mine.yaml"))
    assert (result.file, result.line, result.index, result.ok) == ("mine.yaml", 3, 0, True)
