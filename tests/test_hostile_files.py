"""Hostile and messy input: every limit holds with a clear problem, and no path escapes.

Nothing here may hang: FIFOs are never opened for reading, devices are never read, symlinks
out of the tree and symlink loops are refused before any open.
"""

from __future__ import annotations

import os
import threading

import pytest

from tests.conftest import NOW
from ticketcheck.attachments import resolve
from ticketcheck.case import Attachment, is_case_file, load_case, parse_case
from ticketcheck.engine import check
from ticketcheck.errors import CaseError
from ticketcheck.limits import CaseLimits, first_long_line
from ticketcheck.yaml_source import YamlError, load_yaml

HEAD = b"---\ncategory: a-to-z\n"


def _problems(case):
    assert case.source is not None
    return [(p.message, p.line) for p in case.source.problems]


# -- limits --------------------------------------------------------------------------


def test_a_ten_megabyte_line_is_refused_with_its_line(tmp_path):
    path = tmp_path / "long.md"
    path.write_bytes(HEAD + b"---\nfine\n" + b"x" * (10 * 1024 * 1024) + b"\n")
    case = load_case(path, max_bytes=20 * 1024 * 1024)
    assert _problems(case) == [
        (
            "line 5 is 10,485,760 characters long; case files with lines over 100,000 "
            "characters are not read",
            5,
        )
    ]


def test_the_default_size_limit_refuses_a_ten_megabyte_file_without_reading_it(tmp_path):
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)  # sparse: stat says 10 MB
    [(message, _)] = _problems(load_case(path))
    assert message == "the file is 10,485,760 bytes; case files over 1,048,576 bytes are not read"


def test_front_matter_size_limit():
    front = b"".join(b"k%d: value\n" % i for i in range(100))
    case = parse_case(HEAD + front + b"---\nbody\n", limits=CaseLimits(max_front_matter_chars=500))
    [(message, line)] = _problems(case)
    assert message.startswith("the front matter is 1,")
    assert message.endswith("characters; over 500 it is not read")
    assert line == 2
    assert case.body == "body\n"  # the text is still checked


def test_front_matter_depth_limit():
    case = parse_case(HEAD + b"x: " + b"[" * 20 + b"]" * 20 + b"\n---\n")
    assert _problems(case) == [("invalid front matter: nested deeper than 16 levels", 3)]


def test_deep_nesting_never_overflows_the_stack():
    with pytest.raises(YamlError, match="nested deeper than 64 levels"):
        load_yaml("[" * 100_000)
    with pytest.raises(YamlError, match="nested deeper"):
        load_yaml("a:\n" + "".join(" " * i + "- \n" for i in range(1, 2000)))


def test_json_nesting_is_a_problem():
    case = parse_case(b"[" * 100_000, name="x.case.json")
    assert case.source is not None and case.source.problems


def test_attachment_count_limit():
    items = b"".join(b"  - f%d.pdf\n" % i for i in range(150))
    case = parse_case(HEAD + b"attachments:\n" + items + b"---\n")
    assert _problems(case) == [
        ("attachments: 150 files are listed; only the first 100 are checked", 3)
    ]
    assert len(case.attachments) == 100


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (b"x: 1" + b":59" * 300 + b".5", "invalid value: int too large to convert to float"),
        (b"x: !!bool maybe", "invalid value: 'maybe'"),
        (
            b"x: " + b"9" * 5000,
            "invalid value: Exceeds the limit (4300 digits) for integer string conversion",
        ),
        (
            b"x: \x01",
            "invalid front matter: unacceptable character #x0001: special characters are not allowed",
        ),
        (b"<<: 3", "expected a mapping or list of mappings for merging"),
    ],
)
def test_odd_yaml_values_are_problems_not_crashes(front, message):
    case = parse_case(HEAD + front + b"\n---\n")
    [(found, line)] = _problems(case)
    assert message in found
    assert line == 3


def test_merge_key_bomb_stays_small():
    # Nine levels of `<<: [*a x 9]` are 9**9 pairs for a PyYAML that copies merged pairs
    # (before yaml/pyyaml#937); yaml_source counts them first and refuses, newer PyYAML dedupes.
    lines = ["a: &a {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8, k8: 9}"]
    for i in range(1, 9):
        aliases = ",".join([f"*{chr(96 + i)}"] * 9)
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} {{<<: [{aliases}]}}")
    try:
        value, _ = load_yaml("\n".join(lines))
        outcome = "same keys" if value["i"] == value["a"] else "wrong"
    except YamlError as exc:
        outcome = "refused" if "refusing to process it" in exc.message else exc.message
    assert outcome in ("same keys", "refused")


def test_merge_keys_over_the_node_limit_are_refused():
    text = "a: &a {x: 1, y: 2, z: 3}\nb: {<<: [" + ", ".join(["*a"] * 10) + "]}\n"
    with pytest.raises(YamlError, match="once merge keys are expanded"):
        load_yaml(text, max_nodes=20)


def test_first_long_line():
    assert first_long_line("ab\ncdef\ng", 3) == (2, 4)
    assert first_long_line("ab\ncd", 3) is None
    assert first_long_line("abcd", 3) == (1, 4)


def test_nul_in_an_attachment_path_is_a_problem_not_a_crash():
    case = parse_case(HEAD + b'attachments: ["a\\0b.pdf"]\n---\n')
    assert _problems(case) == [("attachments[0]: the path contains a NUL character", 3)]


# -- the case file itself ------------------------------------------------------------


def test_a_fifo_case_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "claim.md"
    os.mkfifo(fifo)
    with pytest.raises(CaseError, match="is not a regular file"):
        load_case(fifo)  # opening a FIFO for reading would wait for a writer forever
    assert is_case_file(fifo) is False


def test_a_device_case_file_is_refused(tmp_path):
    with pytest.raises(CaseError, match="is not a regular file"):
        load_case("/dev/zero")
    os.symlink("/dev/zero", tmp_path / "zero.md")
    assert is_case_file(tmp_path / "zero.md") is False


def test_a_directory_case_file_is_refused(tmp_path):
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(CaseError, match="is a directory"):
        load_case(tmp_path / "dir.md")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_case_file_is_a_case_error(tmp_path):
    path = tmp_path / "claim.md"
    path.write_bytes(HEAD + b"---\n")
    path.chmod(0)
    with pytest.raises(CaseError, match="cannot read"):
        load_case(path)


def test_a_case_file_growing_while_read_stays_bounded(tmp_path):
    path = tmp_path / "grow.md"
    path.write_bytes(HEAD + b"---\nbody\n")
    stop = threading.Event()

    def grow():
        with path.open("ab") as handle:
            while not stop.is_set() and handle.tell() < 8 * 1024 * 1024:
                handle.write(b"more text\n" * 1000)

    writer = threading.Thread(target=grow)
    writer.start()
    try:
        case = load_case(path, max_bytes=64 * 1024)
    finally:
        stop.set()
        writer.join()
    assert case.source is not None  # read in full, or refused as oversized: never unbounded
    assert len(case.body) <= 64 * 1024


# -- attachments ---------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (root / "ok.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    os.mkfifo(root / "fifo.pdf")
    os.symlink("loop.pdf", root / "loop.pdf")
    os.symlink("a.pdf", root / "b.pdf")
    os.symlink("b.pdf", root / "a.pdf")
    os.symlink("../secret.pdf", root / "outside.pdf")
    os.symlink("../../../../../../../../dev/zero", root / "zero.pdf")
    os.symlink("ok.pdf", root / "inside.pdf")
    (root / "folder.pdf").mkdir()
    return root


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("ok.pdf", None),
        ("inside.pdf", None),
        ("fifo.pdf", "fifo.pdf is not a regular file (a pipe or a device)"),
        ("loop.pdf", "loop.pdf is a symlink loop; it was not opened"),
        ("a.pdf", "a.pdf is a symlink loop; it was not opened"),
        ("outside.pdf", "outside.pdf is outside the checked folder; it was not opened"),
        ("zero.pdf", "zero.pdf is outside the checked folder; it was not opened"),
        ("../secret.pdf", "../secret.pdf is outside the checked folder; it was not opened"),
        ("/etc/passwd", "/etc/passwd is an absolute path; it was not opened"),
        ("folder.pdf", "folder.pdf is a folder, not a file"),
        ("missing.pdf", "missing.pdf does not exist"),
    ],
)
def test_attachment_paths_never_escape_or_block(tree, name, problem):
    verdict = resolve(Attachment(name=name, path=tree / name), tree)
    assert verdict.problem == problem


def test_checking_a_case_full_of_hostile_attachments_opens_nothing_outside(tree, monkeypatch):
    import sys

    opened: list[str] = []

    def audit(event, args):
        if event == "open" and args and isinstance(args[0], str | bytes):
            opened.append(os.path.realpath(os.fsdecode(args[0])))

    sys.addaudithook(audit)  # hooks cannot be removed; this one only appends to a list
    names = [
        "ok.pdf",
        "fifo.pdf",
        "loop.pdf",
        "outside.pdf",
        "zero.pdf",
        "folder.pdf",
        "../secret.pdf",
    ]
    text = (
        HEAD
        + b"attachments:\n"
        + b"".join(b"  - '%s'\n" % n.encode() for n in names)
        + b"---\nHi\n"
    )
    (tree / "claim.md").write_bytes(text)
    case = load_case(tree / "claim.md")
    opened.clear()
    report = check(case, now=NOW)
    audit_off = list(opened)
    assert not report.crashed
    outside = [
        p for p in audit_off if p.startswith(str(tree.parent)) and not p.startswith(str(tree))
    ]
    assert outside == []
    assert "/dev/zero" not in audit_off
    assert str(tree / "fifo.pdf") not in audit_off


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_attachment(tree):
    (tree / "ok.pdf").chmod(0)
    verdict = resolve(Attachment(name="ok.pdf", path=tree / "ok.pdf"), tree)
    assert verdict.problem == "ok.pdf cannot be read: permission denied"


def test_attachment_changing_size_while_read_is_bounded(tree):
    from ticketcheck.inspection import InspectLimits, inspect_file

    path = tree / "grow.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    stop = threading.Event()

    def grow():
        with path.open("ab") as handle:
            while not stop.is_set() and handle.tell() < 16 * 1024 * 1024:
                handle.write(b"0" * 65536)

    writer = threading.Thread(target=grow)
    writer.start()
    try:
        info = inspect_file(path, InspectLimits(max_bytes=1024 * 1024))
    finally:
        stop.set()
        writer.join()
    assert info.size <= 16 * 1024 * 1024


def test_parse_case_without_a_root_still_keeps_attachments_in_a_tree(tmp_path, monkeypatch):
    # Found by the fuzz run: with no root, "../x" was checked against its own parent folder.
    monkeypatch.chdir(tmp_path)
    (tmp_path.parent / "secret-for-test.pdf").write_bytes(b"%PDF-1.4 secret")
    case = parse_case(HEAD + b"attachments: [../secret-for-test.pdf]\n---\nHi\n")
    [attachment] = case.attachments
    assert resolve(attachment, case.root).problem == (
        "../secret-for-test.pdf is outside the checked folder; it was not opened"
    )
