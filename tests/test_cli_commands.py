"""The commands wired after the check core: rules test, record, cases, --exit-zero."""

from __future__ import annotations

import io
import json

from ticketcheck.cli import main

CASE = """---
category: a-to-z
order_id: 112-4829301-5738201
tracking_number: 1Z5R89390357567127
carrier: UPS
received_at: 2026-11-25T09:00:00Z
---
Hello, UPS tracking 1Z5R89390357567127 shows the parcel delivered on November 3, 2026, to
the buyer's front door. We ask you to close the claim for order 112-4829301-5738201.
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_rules_test_reports_a_misbehaving_example(tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "ruleset: mine\nrules:\n"
        "  - id: short\n    check: text-length\n    max-chars: 10\n"
        "    examples: {pass: [tiny], fail: [tiny too]}\n"
    )
    code, out, err = run("rules", "test", str(rules))
    assert (code, err) == (1, "")
    assert "short" in out.splitlines()[0]
    assert "fail example" in out.splitlines()[0]


def test_rules_test_on_every_builtin_rule_set():
    from ticketcheck.ruleset import builtin_dir

    files = sorted(str(p) for p in builtin_dir().glob("*.yaml"))
    code, out, err = run("rules", "test", *files)
    assert (code, err) == (0, "")
    assert out.strip().endswith("all behave as written")


def test_exit_zero_keeps_findings_but_not_the_exit_code(tmp_path):
    (tmp_path / "c.md").write_text(CASE.replace("Hello,", "Hello {{buyer_name}},"))
    code, out, _ = run("check", "--exit-zero", "--now", "2026-11-26T10:00:00Z", str(tmp_path / "c.md"))
    assert code == 0
    assert "[placeholder]" in out
    assert run("check", "--now", "2026-11-26T10:00:00Z", str(tmp_path / "c.md"))[0] == 1


def test_record_then_check_finds_the_duplicate_and_cases_lists_it(tmp_path):
    case = tmp_path / "c.md"
    case.write_text(CASE)
    ledger = str(tmp_path / "ledger.sqlite")
    code, out, err = run("record", str(case), "--case-id", "1234567890", "--ledger", ledger,
                         "--now", "2026-11-25T12:00:00Z")
    assert (code, err) == (0, "")
    assert "1234567890" in out
    code, out, _ = run("check", "--format", "json", "--ledger", ledger, "--now", "2026-11-26T10:00:00Z", str(case))
    findings = json.loads(out)["results"][0]["findings"]
    duplicate = [f for f in findings if f["check"] == "duplicate"]
    assert len(duplicate) == 1
    assert "1234567890" in duplicate[0]["message"]
    code, out, _ = run("cases", "--format", "json", "--ledger", ledger, "--now", "2026-11-26T10:00:00Z")
    assert code == 0
    [row] = json.loads(out)["cases"]
    assert row["case_id"] == "1234567890"


def test_record_rejects_a_bad_case_id(tmp_path):
    case = tmp_path / "c.md"
    case.write_text(CASE)
    code, out, err = run("record", str(case), "--case-id", "12", "--ledger", str(tmp_path / "l.sqlite"))
    assert code == 2
    assert out == ""
    assert err.startswith("ticketcheck: ")
    assert len(err.splitlines()) == 1
