"""Turn the bytes of a case file into text, keeping line numbers right.

Templates come from Windows editors as often as from Unix ones: a byte-order mark tells us
UTF-8 or UTF-16 for certain; otherwise UTF-8 is tried strictly. Line endings are normalized
so that CRLF and lone CR each count as one line break, as an editor shows them.
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(Exception):
    """The bytes are not text in the expected encoding; ``line`` is where decoding failed."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 BOM file mean binary (an image or archive saved as .md)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    return b"\x00" in head


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode ``data``; return ``(text, encoding_used)`` with line endings normalized to LF.

    ``encoding`` forces one (from the config); otherwise a BOM decides, else strict UTF-8.
    """
    if encoding is None:
        for bom, name in _BOMS:
            if data.startswith(bom):
                encoding, data = name, data[len(bom) :]
                break
    if encoding is None:
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data.count(b"\n", 0, exc.start) + 1 if isinstance(exc, UnicodeDecodeError) else 1
        raise DecodeError(_describe(exc, encoding), line) from None
    return normalize_newlines(text), encoding


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _describe(exc: Exception, encoding: str) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid {encoding} text at byte {exc.start:,}; save the file as UTF-8"
    return f"unknown encoding {encoding!r}"
