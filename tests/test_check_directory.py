"""Issue 2's promise: broken case files in a folder are each reported, and never stop the
valid cases beside them from being checked."""

from __future__ import annotations

import io
import json

from ticketcheck.cli import main

GOOD = """---
category: a-to-z
order_id: 112-4829301-5738201
tracking_number: 1Z5R89390357567127
carrier: UPS
---
Hello, the parcel was delivered on November 3 and the carrier's proof of delivery is attached.
"""


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_each_broken_file_gets_one_case_file_finding(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "invalid.md").write_text("---\ncategory: a-to-z\nsubject: [unclosed\n---\nbody\n")
    (tmp_path / "unknown.md").write_text(GOOD.replace("a-to-z", "a-to-zz"))
    (tmp_path / "good.md").write_text(GOOD)
    (tmp_path / "README.md").write_text("# Templates\n")
    code, out, err = run("check", "--format", "json", str(tmp_path))
    assert (code, err) == (1, "")
    results = {r["path"].rsplit("/", 1)[-1]: r for r in json.loads(out)["results"]}
    assert sorted(results) == ["binary.md", "empty.md", "good.md", "invalid.md", "unknown.md"]
    for name in ("binary.md", "empty.md", "invalid.md", "unknown.md"):
        case_file = [f for f in results[name]["findings"] if f["check"] == "case-file"]
        assert len(case_file) == 1, (name, results[name]["findings"])
    assert results["good.md"]["ok"] is True
    assert results["unknown.md"]["findings"][0]["message"] == "unknown category 'a-to-zz' (did you mean 'a-to-z'?)"
    assert results["invalid.md"]["findings"][0]["location"]["line"] == 3


def test_text_output_is_path_line_col(tmp_path):
    (tmp_path / "c.md").write_text(GOOD.replace("order_id: 112-4829301-5738201", "order_id: 112-48"))
    code, out, _ = run("check", str(tmp_path / "c.md"))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'c.md'}:3:11: error: order_id 112-48 is not valid")
    assert first.endswith("[order-id]")
    assert out.splitlines()[1].startswith("    hint: ")


def test_two_runs_give_byte_identical_json(tmp_path):
    (tmp_path / "a.md").write_text(GOOD.replace("UPS", "{{carrier}}"))
    (tmp_path / "b.md").write_bytes(b"")
    first = run("check", "--format", "json", str(tmp_path))[1]
    second = run("check", "--format", "json", str(tmp_path))[1]
    assert first == second
    assert json.loads(first)["summary"]["errors"] >= 2


def test_missing_path_is_a_usage_error_but_others_are_checked(tmp_path):
    (tmp_path / "good.md").write_text(GOOD)
    code, out, err = run("check", str(tmp_path / "nope.md"), str(tmp_path / "good.md"))
    assert code == 2
    assert err == f"ticketcheck: {tmp_path / 'nope.md'}: no such file or directory\n"
    assert "1 case checked" in out


def test_bad_rule_file_is_exit_2_with_one_line_per_problem(tmp_path):
    rules = tmp_path / "r.yaml"
    rules.write_text("ruleset: r\nrules:\n  - {id: a, check: text-lenght}\n  - {id: b, check: text-length, max-chars: x}\n")
    (tmp_path / "good.md").write_text(GOOD)
    code, out, err = run("check", "--rules", str(rules), str(tmp_path / "good.md"))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(":3: rules[0].check: unknown check kind 'text-lenght' (did you mean 'text-length'?)")
    assert lines[1].endswith(":4: rules[1].max-chars: input should be a valid number, unable to parse string as a number") or "max-chars" in lines[1]
