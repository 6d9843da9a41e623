from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ticketcheck.inspection import (
    FileInfo,
    InspectLimits,
    extension_matches,
    inspect_bytes,
    inspect_file,
    pdf_header_offset,
    sniff_format,
)


def _blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MINIMAL_PDF = _blank_pdf()


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"", "empty"),
        (b"%PDF-1.7\n", "pdf"),
        (b"leading junk\n%PDF-1.4\n", "pdf"),
        (b"PK\x03\x04" + b"\x00" * 1012 + b"%PDF-1.4", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"GIF89a\x01\x00", "gif"),
        (b"GIF87a\x01\x00", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"BM" + b"\x00" * 12 + b"\x28\x00\x00\x00", "bmp"),
        (b"BMW is a car maker", "text"),
        (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "jp2"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf", "avif"),
        (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00mif1avif", "avif"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        (b"<svg></svg>", "svg"),
        (b"<!DOCTYPE html><html></html>", "html"),
        (b"\xef\xbb\xbf<html><body>hi</body></html>", "html"),
        (b"PK\x03\x04\x14\x00", "zip"),
        (b"plain words\nand lines\n", "text"),
        ("caf\u00e9 ".encode() * 3 + "\u00e9".encode()[:1], "text"),
        (b"\x00\x01\x02\x03binary", "unknown"),
        (b"\xc3\x28 not utf-8 at all, long enough to matter", "unknown"),
    ],
)
def test_sniff_format(head: bytes, expected: str) -> None:
    assert sniff_format(head) == expected


@pytest.mark.parametrize(
    ("head", "offset"),
    [
        (b"%PDF-1.4", 0),
        (b"abc%PDF-1.4", 3),
        (b"x" * 1024 + b"%PDF-", 1024),
        (b"x" * 1025 + b"%PDF-", None),
    ],
)
def test_pdf_header_offset(head: bytes, offset: int | None) -> None:
    assert pdf_header_offset(head) == offset


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("photo.jpg", "jpeg", True),
        ("photo.JPEG", "jpeg", True),
        ("photo.jpe", "jpeg", True),
        ("scan.tif", "tiff", True),
        ("scan.tiff", "tiff", True),
        ("shot.heif", "heic", True),
        ("pod.pdf", "pdf", True),
        ("pod.pdf", "jpeg", False),
        ("photo.jpg", "png", False),
        ("dir.d/noext", "pdf", False),
        (".pdf", "pdf", False),
        ("letter.docx", "zip", True),
        ("empty.pdf", "empty", False),
    ],
)
def test_extension_matches(name: str, fmt: str, expected: bool) -> None:
    assert extension_matches(name, fmt) is expected


def test_to_dict_keys_in_design_order() -> None:
    info = inspect_bytes(MINIMAL_PDF, "pod.pdf")
    keys = list(info.to_dict())
    assert keys[:14] == [
        "path", "size", "format", "extension_matches", "opens", "encrypted",
        "needs_password", "corrupt", "bomb", "pages", "width", "height", "frames", "problems",
    ]  # fmt: skip
    assert keys[14:] == [
        "header_offset", "javascript", "launch_action", "embedded_files", "orientation", "truncated",
    ]  # fmt: skip
    # JSON-ready and deterministic: no timing inside.
    assert json.dumps(info.to_dict()) == json.dumps(inspect_bytes(MINIMAL_PDF, "pod.pdf").to_dict())


@pytest.mark.parametrize(
    ("data", "name", "fmt", "matches", "opens"),
    [
        (MINIMAL_PDF, "pod.pdf", "pdf", True, True),
        (MINIMAL_PDF, "pod.jpg", "pdf", False, True),
        (_png(), "photo.png", "png", True, True),
        (_png(), "photo.jpg", "png", False, True),
        (b"<html><body>POD</body></html>", "pod.pdf", "html", False, False),
        (b"just some words", "notes.txt", "text", True, False),
    ],
)
def test_inspect_bytes_format_and_opens(
    data: bytes, name: str, fmt: str, matches: bool, opens: bool
) -> None:
    info = inspect_bytes(data, name)
    assert (info.format, info.extension_matches, info.opens) == (fmt, matches, opens)
    assert info.size == len(data)
    assert info.path == name


def test_empty_file_is_corrupt() -> None:
    info = inspect_bytes(b"", "pod.pdf")
    assert (info.format, info.opens, info.corrupt) == ("empty", False, True)
    assert info.problems == ("empty: the file has no bytes",)


def test_not_a_document_says_what_it_is() -> None:
    info = inspect_bytes(b"PK\x05\x06" + b"\x00" * 18, "docs.zip")
    assert info.problems == ("not a PDF or an image: the content is a ZIP archive",)


def test_inspect_file_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "pod.pdf"
    path.write_bytes(MINIMAL_PDF)
    info = inspect_file(path)
    assert info.path == str(path)
    assert (info.format, info.opens, info.pages) == ("pdf", True, 1)


def test_too_large_file_is_sized_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as fh:
        fh.write(MINIMAL_PDF)
        fh.truncate(5 * 1024 * 1024)  # sparse: the size comes from stat
    info = inspect_file(path, InspectLimits(max_bytes=1024 * 1024))
    assert (info.format, info.size, info.opens, info.corrupt) == (
        "pdf",
        5 * 1024 * 1024,
        False,
        False,
    )
    assert info.problems == (
        "too large to open: 5.0 MB is over the 1 MB inspection limit; only its first bytes were read",
    )


def test_too_large_bytes_are_not_parsed() -> None:
    info = inspect_bytes(MINIMAL_PDF, "pod.pdf", InspectLimits(max_bytes=10))
    assert not info.opens
    assert info.problems[0].startswith("too large to open")


@pytest.mark.parametrize("kind", ["missing", "directory", "symlink", "fifo"])
def test_non_regular_paths_are_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "real.pdf"
    target.write_bytes(MINIMAL_PDF)
    path = tmp_path / "attachment.pdf"
    if kind == "directory":
        path.mkdir()
    elif kind == "symlink":
        path.symlink_to(target)
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(path)  # opening it for reading would block without O_NONBLOCK
    info = inspect_file(path)
    assert not info.opens
    expected = {
        "missing": "cannot be read: No such file or directory",
        "directory": "is not a regular file (a directory, FIFO, device or socket)",
        "symlink": "is a symbolic link: not followed",
        "fifo": "is not a regular file (a directory, FIFO, device or socket)",
    }[kind]
    assert info.problems == (expected,)


def test_file_info_is_frozen() -> None:
    info = FileInfo(path="a", size=0, format="empty", extension_matches=False)
    with pytest.raises(AttributeError):
        info.size = 3  # type: ignore[misc]


def test_import_does_not_load_pypdf_or_pillow() -> None:
    code = "import sys, ticketcheck.inspection; print(sorted(m for m in ('pypdf', 'PIL') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_a_parser_stuck_past_its_deadline_is_interrupted(monkeypatch):
    # One page of a hostile PDF can keep pypdf busy far past the cooperative deadline,
    # which is only checked between pages; the alarm stops it.
    import ticketcheck.pdf_probe as pdf_probe
    from ticketcheck.example_files import text_pdf

    def stuck(*args, **kwargs):
        while True:
            sum(range(1000))

    monkeypatch.setattr(pdf_probe, "probe_pdf", stuck)
    info = inspect_bytes(text_pdf("Delivered"), "pod.pdf", InspectLimits(max_seconds=0.2))
    assert not info.opens
    assert info.problems == ("too slow to check: gave up after 0.7 s (a damaged or hostile file?)",)


def test_the_alarm_leaves_a_program_s_own_sigalrm_handler_alone():
    import signal

    from ticketcheck.inspection import hard_deadline

    def theirs(signum, frame):
        return None

    previous = signal.signal(signal.SIGALRM, theirs)
    try:
        with hard_deadline(5):
            assert signal.getsignal(signal.SIGALRM) is theirs
            assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is theirs
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_alarm_is_disarmed_and_the_handler_restored_after_a_normal_run():
    import signal

    from ticketcheck.example_files import text_pdf

    assert inspect_bytes(text_pdf("Delivered"), "pod.pdf").opens
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
