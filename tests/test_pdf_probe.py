from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest

from ticketcheck.example_files import assemble_pdf
from ticketcheck.inspection import InspectLimits, inspect_bytes, inspect_file
from ticketcheck.pdf_probe import extract_pdf_text


def build_pdf(texts: list[str], *, compress: bool = False, corrupt_checksum: bool = False) -> bytes:
    """A small valid PDF with one page per text, xref offsets computed exactly."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(texts)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(texts)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, text in enumerate(texts):
        content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        objects.append(page.encode())
        if compress:
            packed = bytearray(zlib.compress(content))
            if corrupt_checksum:
                packed[-1] ^= 0xFF  # the Adler-32 checksum is the last 4 bytes
            stream = bytes(packed)
            head = f"<< /Length {len(stream)} /Filter /FlateDecode >>".encode()
        else:
            stream = content
            head = f"<< /Length {len(stream)} >>".encode()
        objects.append(head + b"\nstream\n" + stream + b"\nendstream")
    return assemble_pdf(objects)


def rewrite(data: bytes, **encrypt: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    if encrypt:
        writer.encrypt(**encrypt)  # type: ignore[arg-type]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


POD = build_pdf(["Proof of delivery 1Z999", "Signed by J. Doe"])


def test_valid_pdf_opens_clean() -> None:
    info = inspect_bytes(POD, "pod.pdf")
    assert (info.format, info.opens, info.corrupt, info.encrypted, info.pages) == (
        "pdf",
        True,
        False,
        False,
        2,
    )
    assert info.problems == ()


@pytest.mark.parametrize(
    ("encrypt", "needs_password", "opens"),
    [
        (
            {"user_password": "secret", "owner_password": "owner", "algorithm": "RC4-128"},
            True,
            False,
        ),
        ({"user_password": "", "owner_password": "owner", "algorithm": "RC4-128"}, False, True),
        (
            {"user_password": "secret", "owner_password": "owner", "algorithm": "AES-128"},
            True,
            False,
        ),
        (
            {"user_password": "secret", "owner_password": "owner", "algorithm": "AES-256"},
            True,
            False,
        ),
        ({"user_password": "", "owner_password": "owner", "algorithm": "AES-256"}, False, True),
    ],
)
def test_encryption(encrypt: dict[str, str], needs_password: bool, opens: bool) -> None:
    if encrypt["algorithm"].startswith("AES"):
        pytest.importorskip("cryptography")
    info = inspect_bytes(rewrite(POD, **encrypt), "pod.pdf")
    assert (info.encrypted, info.needs_password, info.opens) == (True, needs_password, opens)
    if needs_password:
        assert "password-protected: the empty password does not open it" in info.problems
    else:
        assert info.pages == 2


def test_header_after_leading_junk_opens_but_is_reported() -> None:
    info = inspect_bytes(b"junk!\n" + POD, "pod.pdf")
    assert (info.opens, info.corrupt, info.header_offset) == (True, False, 6)
    assert info.problems == (
        "the PDF header is at byte 6, not at the start; some readers reject it",
    )


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.9])
def test_truncated_pdf_is_corrupt(keep: float) -> None:
    info = inspect_bytes(POD[: int(len(POD) * keep)], "pod.pdf")
    assert info.corrupt and info.truncated
    assert "truncated: the file does not end with %%EOF; it was cut off" in info.problems


def test_wrong_startxref_is_repaired_and_reported() -> None:
    data = POD.replace(b"startxref\n", b"startxref\n1").replace(b"\n1", b"\n1", 1)
    info = inspect_bytes(data, "pod.pdf")
    assert info.opens and info.corrupt
    assert any(p.startswith("damaged: the reader had to repair it") for p in info.problems)


def test_missing_trailer_size_is_damage() -> None:
    info = inspect_bytes(POD.replace(b"/Size 8 ", b""), "pod.pdf")
    assert info.corrupt
    assert "damaged: the trailer has no /Size entry" in info.problems


def test_bad_zlib_checksum_is_damage_pypdf_does_not_see() -> None:
    info = inspect_bytes(build_pdf(["hello"], compress=True, corrupt_checksum=True), "pod.pdf")
    assert info.opens and info.corrupt
    assert info.problems[0].startswith("damaged: the content stream of page 1 does not decompress")


def test_content_inflating_past_the_budget_is_a_bomb() -> None:
    data = build_pdf(["x" * 5000], compress=True)
    info = inspect_bytes(data, "pod.pdf", InspectLimits(max_decompressed_bytes=1000))
    assert info.bomb and not info.opens


def test_page_cap() -> None:
    info = inspect_bytes(build_pdf(["a", "b", "c", "d"]), "pod.pdf", InspectLimits(max_pages=2))
    assert (info.opens, info.pages) == (True, 4)
    assert info.problems == ("has 4 pages; only the first 2 were checked",)


def test_time_cap_gives_up_without_raising() -> None:
    info = inspect_bytes(POD, "pod.pdf", InspectLimits(max_seconds=-1))
    assert not info.opens
    assert info.problems[0].startswith("too slow to check: gave up after -1 s at page 1 of 2")


def _with_catalog_entry(entry: str) -> bytes:
    return rewrite(POD.replace(b"/Pages 2 0 R >>", f"/Pages 2 0 R {entry} >>".encode(), 1))


@pytest.mark.parametrize(
    ("entry", "flag"),
    [
        ("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "javascript"),
        ("/AA << /WC << /S /JavaScript /JS (x) >> >>", "javascript"),
        (
            "/OpenAction << /S /GoTo /D [4 0 R /Fit] /Next << /S /JavaScript /JS (x) >> >>",
            "javascript",
        ),
        ("/OpenAction << /S /Launch /F (calc.exe) >>", "launch_action"),
    ],
)
def test_active_content(entry: str, flag: str) -> None:
    info = inspect_bytes(_with_catalog_entry(entry), "pod.pdf")
    assert getattr(info, flag)
    assert info.opens


def test_javascript_name_tree() -> None:
    entry = "/Names << /JavaScript << /Names [(go) << /S /JavaScript /JS (app.alert(1)) >>] >> >>"
    info = inspect_bytes(_with_catalog_entry(entry), "pod.pdf")
    assert (info.javascript, info.embedded_files, info.launch_action) == (True, False, False)
    assert info.problems == ("contains JavaScript, which upload checks and viewers may block",)


def test_embedded_files() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(POD)))
    writer.add_attachment("invoice.txt", b"total 12.00")
    out = io.BytesIO()
    writer.write(out)
    info = inspect_bytes(out.getvalue(), "pod.pdf")
    assert (info.javascript, info.embedded_files, info.opens) == (False, True, True)
    assert info.problems == ("has files embedded in it",)


def test_file_attachment_annotation() -> None:
    annot = b"/Annots [<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] >>] /Contents"
    info = inspect_bytes(rewrite(POD.replace(b"/Contents", annot, 1)), "pod.pdf")
    assert info.embedded_files and not info.corrupt


def test_view_only_open_action_is_not_active_content() -> None:
    info = inspect_bytes(_with_catalog_entry("/OpenAction [4 0 R /Fit]"), "pod.pdf")
    assert not info.javascript and not info.launch_action


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n",
        b"%PDF-1.4\n" + bytes(range(256)) * 20,
        b"%PDF-1.4\n1 0 obj\n" + b"[" * 20000 + b"\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF",
        b"%PDF-1.4\n1 0 obj\n" + b"<<" * 5000 + b"\nendobj\nstartxref\n9\n%%EOF",
        b"%PDF-1.4\ntrailer<</Root 1 0 R/Size 2>>\nstartxref\n99999999\n%%EOF",
        POD.replace(b"/Type /Pages", b"/Type /Pages /Kids 7", 1),
        POD.replace(b"/Count 2", b"/Count 99999999"),
        POD.replace(b"/Kids [4 0 R 6 0 R]", b"/Kids [2 0 R]"),
    ],
)
def test_hostile_input_never_raises(data: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    info = inspect_bytes(data, "x.pdf")
    assert info.format == "pdf"
    assert not info.opens or info.corrupt or info.pages is not None
    assert info.corrupt or info.opens
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")  # the library never prints


def test_extract_text_of_first_pages() -> None:
    text = extract_pdf_text(POD)
    assert "Proof of delivery 1Z999" in text.text and "Signed by J. Doe" in text.text
    assert (text.pages_read, text.page_count, text.no_text_layer, text.truncated) == (
        2,
        2,
        False,
        False,
    )


@pytest.mark.parametrize(
    ("kwargs", "pages_read", "truncated"),
    [({"max_pages": 1}, 1, True), ({"max_chars": 5}, 1, True), ({}, 2, False)],
)
def test_extract_text_caps(kwargs: dict[str, int], pages_read: int, truncated: bool) -> None:
    text = extract_pdf_text(POD, **kwargs)
    assert (text.pages_read, text.truncated) == (pages_read, truncated)
    if "max_chars" in kwargs:
        assert len(text.text) == 5


def test_extract_text_flags_missing_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(build_pdf(["", ""]))
    text = extract_pdf_text(path)
    assert text.no_text_layer and text.text == ""
    assert text.problems == ("no text layer: the pages read hold no text (a scan or a photo?)",)


def test_extract_text_of_password_protected_pdf() -> None:
    data = rewrite(POD, user_password="s", owner_password="o", algorithm="RC4-128")
    text = extract_pdf_text(data)
    assert text.text == "" and text.page_count is None
    assert text.problems == ("password-protected: the empty password does not open it",)


@pytest.mark.parametrize("source", [b"%PDF-1.4\nnothing here", "missing.pdf"])
def test_extract_text_never_raises(source: bytes | str, tmp_path: Path) -> None:
    arg = source if isinstance(source, bytes) else tmp_path / source
    text = extract_pdf_text(arg)
    assert text.text == "" and text.problems


def test_inspect_file_on_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "pod.jpg"
    path.write_bytes(POD)
    info = inspect_file(path)
    assert (info.format, info.extension_matches, info.opens) == ("pdf", False, True)
