"""Minimal PDFs with a real text layer, written by hand (pypdf cannot easily write text).

``make_pdf(["page one text", "page two"])`` gives bytes of a valid PDF: one uncompressed
content stream per page showing each line with Helvetica, and an xref table with correct
offsets, so pypdf reads it without repairs. ``make_pdf([""])`` (or ``text=False``) gives
pages that draw a rectangle and hold no text: what a scan looks like to a text extractor.
"""

from __future__ import annotations


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _content(text: str) -> bytes:
    if not text:
        return b"0 0 0 rg 72 600 200 100 re f"
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"]
    for line in text.split("\n"):
        ops.append(f"({_escape(line)}) Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def make_pdf(pages: list[str] | str) -> bytes:
    """A PDF whose pages show ``pages`` (a string is one page; ``\\n`` starts a line)."""
    texts = [pages] if isinstance(pages, str) else pages
    n = len(texts)
    # Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for index, text in enumerate(texts):
        page_num = 4 + 2 * index
        kids.append(f"{page_num} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_num + 1} 0 R >>".encode()
        )
        stream = _content(text)
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
            + b"\nendstream"
        )  # fmt: skip
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode()
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
