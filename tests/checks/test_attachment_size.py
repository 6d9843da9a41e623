from __future__ import annotations

import os

from tests.conftest import run_rule

RULE = {"id": "attachment-size", "check": "attachment-size", "max-mb": 1}


def test_under_and_over_the_limit(write_case, tmp_path):
    case = write_case({"category": "x", "attachments": ["small.pdf", "big.pdf", "gone.pdf"]},
                      files={"small.pdf": b"%PDF" + b"0" * 999_000, "big.pdf": b"%PDF" + b"0" * 1_200_000})
    [finding] = run_rule(RULE, case)
    assert (finding.rule, finding.check, finding.location.attachment) == ("attachment-size", "attachment-size", "big.pdf")
    assert finding.message == "big.pdf is 1.2 MB; the limit is 1 MB"
    assert finding.hint.startswith("compress it")
    assert finding.location.line == 5


def test_total_limit(write_case):
    files = {f"p{i}.pdf": b"%PDF" + b"0" * 600_000 for i in range(3)}
    case = write_case({"category": "x", "attachments": sorted(files)}, files=files)
    findings = run_rule({**RULE, "max-total-mb": 1.5}, case)
    assert [f.message for f in findings] == ["the attachments total 1.8 MB; the limit is 1.5 MB"]
    assert findings[0].location.field == "attachments"


def test_huge_sparse_file_gets_its_verdict_without_being_read(write_case, tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(2 * 1024**3)  # 2 GB, sparse: nothing is written
    case = write_case({"category": "x", "attachments": ["huge.pdf"]})
    integrity = {"id": "integrity", "check": "attachment-integrity"}
    from tests.conftest import NOW, ruleset_of
    from ticketcheck.engine import check

    report = check(case, ruleset_of(RULE, integrity), now=NOW)
    assert [f.message for f in report.findings] == ["huge.pdf is 2147.5 MB; the limit is 1 MB"]
    assert os.path.getsize(path) == 2 * 1024**3
