from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from ticketcheck.case import Case, is_case_file, load_case, parse_case
from ticketcheck.errors import CaseError
from ticketcheck.findings import Severity

CLAIM = b"""---
category: a-to-z
order_id: 112-4829301-5738201
case_id: 1234567890
attachments:
  - path: pod.pdf
    proof: proof-of-delivery
  - photo.jpg
received_at: 2026-11-20T10:00:00Z
---
Hello team,
The parcel was delivered.
"""


def test_markdown_front_matter_and_body():
    case = parse_case(CLAIM, name="claim.md", path=Path("cases/claim.md"))
    assert case.category == "a-to-z"
    assert case.case_id == "1234567890"  # an unquoted number is still an ID
    assert [a.name for a in case.attachments] == ["pod.pdf", "photo.jpg"]
    assert case.attachments[0].proof == "proof-of-delivery"
    assert case.attachments[0].path == Path("cases/pod.pdf")
    assert case.received_at == dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    assert case.body == "Hello team,\nThe parcel was delivered.\n"
    assert case.source is not None
    assert case.source.problems == []


def test_body_offsets_map_to_file_lines():
    case = parse_case(CLAIM)
    assert case.source is not None
    offset = case.body.index("delivered")
    assert case.source.locate("body", case.body, offset) == (12, 16)
    assert case.source.key_line(("attachments", 1)) == 8


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_windows_and_old_mac_line_endings_keep_line_numbers(newline):
    case = parse_case(CLAIM.replace(b"\n", newline))
    assert case.source is not None
    assert case.source.locate("body", case.body, case.body.index("delivered")) == (12, 16)


def test_utf16_with_bom_is_read():
    data = codecs.BOM_UTF16_LE + CLAIM.decode().encode("utf-16-le")
    case = parse_case(data)
    assert case.category == "a-to-z"
    assert case.source is not None and case.source.problems == []


def test_yaml_case_file_with_block_body():
    text = b"category: a-to-z\nsubject: Hi there\nbody: |\n  Hello\n  the parcel\n"
    case = parse_case(text, name="x.case.yaml")
    assert case.body == "Hello\nthe parcel\n"
    assert case.source is not None
    assert case.source.locate("body", case.body, case.body.index("parcel")) == (5, 7)
    assert case.source.locate("subject", case.subject, 3) == (2, 13)


def test_json_case_file():
    case = parse_case(b'{"category": "a-to-z", "body": "Hello", "order_id": "112-4829301-5738201"}',
                      name="x.case.json")
    assert (case.category, case.body, case.order_id) == ("a-to-z", "Hello", "112-4829301-5738201")


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "the file is empty", 1),
        (b"  \n\n", "the file is empty", 1),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "this is a binary file, not a case", 1),
        (b"---\ncategory: [a-to-z\n---\nbody", "invalid front matter: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'", 2),
        (b"---\ncategory: a-to-z\nbody", "the front matter is not closed: no second '---' line", 1),
        (b"---\n- a\n- b\n---\nbody", "the front matter must be a mapping of 'key: value' lines, not a list", 2),
        (b"---\ncategory: a-to-z\n---\ncaf\xe9 \x81", "not valid utf-8 text at byte 28; save the file as UTF-8", 4),
    ],
)
def test_broken_case_files_load_with_a_problem(data, message, line):
    case = parse_case(data)
    assert case.source is not None
    assert [(p.message, p.line) for p in case.source.problems] == [(message, line)]


def test_unknown_field_is_a_warning_with_did_you_mean():
    case = parse_case(b"---\ncategory: a-to-z\nordr_id: 1\n---\nbody")
    assert case.source is not None
    [problem] = case.source.problems
    assert problem.message == "unknown field 'ordr_id' (did you mean 'order_id'?)"
    assert (problem.line, problem.severity) == (3, Severity.WARNING)
    assert case.extra == {"ordr_id": 1}


def test_field_of_wrong_type_is_dropped_with_a_problem():
    case = parse_case(b"---\ncategory: a-to-z\nreceived_at: soon\nsubject: [1, 2]\n---\nbody")
    assert case.source is not None
    messages = sorted((p.line, p.message.split(":")[0]) for p in case.source.problems)
    assert messages == [(3, "received_at"), (4, "subject")]
    assert case.received_at is None and case.subject == ""
    assert case.category == "a-to-z"


def test_attachment_entries_are_validated():
    case = parse_case(b"---\ncategory: x\nattachments:\n  - {path: a.pdf, prof: pod}\n  - 3\n---\n")
    assert case.source is not None
    assert [p.message for p in case.source.problems] == [
        "attachments[0]: unknown key 'prof' (known: path, proof)",
        "attachments[1]: needs a file path",
    ]
    assert [a.name for a in case.attachments] == ["a.pdf"]


def test_load_case_errors_only_when_unopenable(tmp_path):
    with pytest.raises(CaseError, match="cannot read"):
        load_case(tmp_path / "missing.md")
    with pytest.raises(CaseError, match="is a directory"):
        load_case(tmp_path)


def test_oversized_case_file_is_not_read(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"---\ncategory: a-to-z\n---\n" + b"x" * 5000)
    case = load_case(path, max_bytes=1000)
    assert case.source is not None
    assert "case files over 1,000 bytes are not read" in case.source.problems[0].message


def test_api_case_with_in_memory_attachment():
    from ticketcheck.case import Attachment

    case = Case(category="a-to-z", body="x", attachments=(Attachment(name="pod.pdf", data=b"%PDF"),))
    assert case.attachments[0].in_memory


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("claim.md", "---\ncategory: a-to-z\n---\n", True),
        ("claim.md", "---\ntitle: x\ncategory: a-to-z\n---\n", True),
        ("README.md", "# Hello\ncategory: no\n", False),
        ("notes.md", "---\ntitle: x\n---\ncategory: a\n", False),
        ("x.case.yaml", "anything", True),
        ("x.case.json", "{}", True),
        ("x.yaml", "category: a-to-z", False),
        ("empty.md", "", True),
        ("blank.md", "  \n", True),
        ("unclosed.md", "---\ntitle: x\n", True),
        ("docs.md", "---\ntitle: x\n---\nText\n", False),
    ],
)
def test_is_case_file(tmp_path, name, content, expected):
    # A directory's broken case files are reported rather than skipped; docs are skipped.
    path = tmp_path / name
    path.write_text(content)
    assert is_case_file(path) is expected


def test_binary_markdown_is_a_case(tmp_path):
    path = tmp_path / "photo.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert is_case_file(path)


def test_bare_placeholder_values_in_front_matter_are_read_as_text():
    # What template authors write; to YAML it is a mapping inside a mapping.
    case = parse_case(b"---\ncategory: a-to-z\norder_id: {{order_id}}\ncarrier:  {{ carrier }}\n---\nBody\n")
    assert case.source is not None
    assert case.source.problems == []
    assert (case.order_id, case.carrier) == ("{{order_id}}", "{{ carrier }}")
    assert case.source.locate("order_id", case.order_id, 2) == (3, 13)
    assert case.source.locate("carrier", case.carrier, 0) == (4, 11)
