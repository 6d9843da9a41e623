from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import NOW, ruleset_of, run_rule
from ticketcheck.case import Attachment, Case
from ticketcheck.engine import check

RULE = {"id": "attachment-missing", "check": "attachment-missing"}


def test_present_file_passes(write_case):
    case = write_case({"category": "x", "attachments": ["pod.pdf"]}, files={"pod.pdf": b"%PDF-1.4"})
    assert run_rule(RULE, case) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("nope.pdf", "nope.pdf does not exist"),
        ("/etc/passwd", "/etc/passwd is an absolute path; it was not opened"),
        ("../../etc/passwd", "../../etc/passwd is outside the checked folder; it was not opened"),
        ("sub", "sub is a folder, not a file"),
    ],
)
def test_missing_and_unsafe_paths(write_case, tmp_path, name, message):
    (tmp_path / "sub").mkdir()
    case = write_case({"category": "x", "attachments": [name]})
    [finding] = run_rule(RULE, case)
    assert (finding.message, finding.location.attachment, finding.location.line) == (message, name, 4)


def test_symlink_pointing_outside_is_never_opened(write_case, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.pdf"
    outside.write_bytes(b"%PDF-1.4 secret")
    (tmp_path / "link.pdf").symlink_to(outside)
    case = write_case({"category": "x", "attachments": ["link.pdf"]})
    [finding] = run_rule(RULE, case)
    assert finding.message == "link.pdf is outside the checked folder; it was not opened"


def test_symlink_loop_and_fifo(write_case, tmp_path):
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop.pdf")
    os.mkfifo(tmp_path / "pipe.pdf")
    case = write_case({"category": "x", "attachments": ["loop.pdf", "pipe.pdf"]})
    messages = sorted(f.message for f in run_rule(RULE, case))
    assert messages[0].startswith("loop.pdf ")
    assert messages[1] == "pipe.pdf is not a regular file (a pipe or a device)"


def test_in_memory_attachments_are_never_missing():
    case = Case(category="x", body="b", attachments=(Attachment(name="pod.pdf", data=b"%PDF"),))
    assert check(case, ruleset_of(RULE), now=NOW).findings == ()


def test_nul_byte_in_a_name_is_a_finding_not_a_crash():
    case = Case(category="x", attachments=(Attachment(name="a\x00.pdf", path=Path("a\x00.pdf")),))
    [finding] = check(case, ruleset_of(RULE), now=NOW).findings
    assert finding.check == "attachment-missing"
    assert "NUL byte" in finding.message


def test_api_case_without_root_keeps_attachments_in_the_working_directory(tmp_path, monkeypatch):
    inside = tmp_path / "work"
    inside.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    monkeypatch.chdir(inside)
    case = Case(category="x", attachments=(Attachment(name="../secret.pdf", path=Path("../secret.pdf")),))
    [finding] = check(case, ruleset_of(RULE), now=NOW).findings
    assert finding.message == "../secret.pdf is outside the checked folder; it was not opened"
