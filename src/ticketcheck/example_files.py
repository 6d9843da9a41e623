"""Attachments for rule examples, made in memory: text PDFs, images, locked PDFs, big files.

A rule's examples must be runnable from the rule-set file alone (``ticketcheck rules test``
on a fresh checkout, or on a user's rule set with no fixtures beside it), so an example
describes its attachments and they are generated here instead of read from disk.

``text_pdf`` writes a PDF with a real text layer by hand: pypdf cannot easily write text,
and a proof check reads the text. One uncompressed content stream per page, Helvetica, and an
xref table with correct offsets, so pypdf reads it without repairs. An empty page draws a
rectangle and holds no text: what a scan looks like to a text extractor.
"""

from __future__ import annotations

import io

__all__ = ["assemble_pdf", "blank_pdf", "image", "padded", "text_pdf"]


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(text: str) -> bytes:
    if not text:
        return b"0 0 0 rg 72 600 200 100 re f"
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for line in text.split("\n"):
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    # WinAnsi is what the font declares; characters outside it become '?'.
    return "\n".join(ops).encode("cp1252", errors="replace")


def text_pdf(pages: list[str] | str) -> bytes:
    """A PDF whose pages show ``pages`` (a string is one page; ``\\n`` starts a line)."""
    texts = [pages] if isinstance(pages, str) else list(pages) or [""]
    # Objects: 1 catalog, 2 page tree, 3 font, then a (page, content) pair per page.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for index, text in enumerate(texts):
        page_number = 4 + 2 * index
        kids.append(f"{page_number} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_number + 1} 0 R >>".encode()
        )
        stream = _content(text)
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(texts)} >>".encode()
    return assemble_pdf(objects)


def assemble_pdf(objects: list[bytes]) -> bytes:
    """Serialize numbered objects (1 is the catalog) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def blank_pdf(pages: int = 1, *, password: str | None = None) -> bytes:
    """A PDF of blank pages from pypdf; with ``password``, locked by that user password."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(max(1, pages)):
        writer.add_blank_page(612, 792)
    if password is not None:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(width: int, height: int, fmt: str = "JPEG") -> bytes:
    """A plain image of ``width`` x ``height`` pixels in any format Pillow writes."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 180, 160)).save(out, fmt)
    return out.getvalue()


def padded(size: int) -> bytes:
    """``size`` bytes that start like a PDF: enough for size checks, which never open it."""
    head = b"%PDF-1.4\n%"
    return head + b"\0" * max(0, size - len(head)) if size > len(head) else head[:size]
