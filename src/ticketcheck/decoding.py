"""Turn the bytes of a case file into text, keeping line numbers right.

Templates come from Windows editors as often as from Unix ones. A byte-order mark tells us
UTF-8, UTF-16 or UTF-32 for certain; otherwise UTF-8 is tried strictly, and only when that
fails is the encoding *detected* (charset-normalizer) among the "ANSI" code pages Windows
editors save in for our users: GB18030 (a superset of GBK, Simplified Chinese), cp932
(Windows' Shift-JIS) and Windows-1252. The candidates are few on purpose: a short Chinese
note is equally valid Big5 or EUC-KR bytes, and a detector offered every code page picks a
wrong one; anything else is read by naming it (``encoding:`` in the config).

Line endings are normalized so that CRLF and lone CR each count as one line break, as an
editor shows them. None of the candidate encodings can hide a CR or LF byte inside a
multi-byte character, so counting ``\\n`` bytes still finds the right line of a bad byte.
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

#: What a file that is not UTF-8 may be, when nobody said: the Windows code pages of the
#: Chinese, Japanese and Western editors our users write templates in.
DETECTED_ENCODINGS = ("gb18030", "cp932", "cp1252")

#: Codecs that decode bytes to text but are not how a file is saved: escape-sequence and
#: domain-name codecs (which warn or fail on plain text), and Python's "undefined".
_NOT_FILE_ENCODINGS = frozenset(
    {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"}
)

#: Detection looks at this much of the file; beyond it the whole file is still decoded
#: strictly, so a wrong guess fails loudly instead of giving mojibake.
_DETECT_BYTES = 256 * 1024


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

    ``encoding`` forces one (from the config); otherwise a BOM decides, else strict UTF-8,
    else the detected one of ``DETECTED_ENCODINGS``. Raises ``DecodeError`` naming the
    encoding that was expected and the line of the first bad byte.
    """
    if encoding is not None:
        return _decode(data, encoding), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], name), name
    try:
        return _decode(data, "utf-8"), "utf-8"
    except DecodeError:
        detected = _detect(data)
        if detected is None:
            raise
    return _decode(data, detected), detected


def _decode(data: bytes, encoding: str) -> str:
    try:
        if codecs.lookup(encoding).name in _NOT_FILE_ENCODINGS:
            raise LookupError(encoding)
        text = data.decode(encoding)
    except (UnicodeError, LookupError, ValueError) as exc:  # ValueError: a NUL in the name
        line = data.count(b"\n", 0, exc.start) + 1 if isinstance(exc, UnicodeDecodeError) else 1
        raise DecodeError(_describe(exc, encoding), line) from None
    # A forced encoding keeps a BOM as U+FEFF; it would hide the front matter's first '---'.
    return normalize_newlines(text.removeprefix("\ufeff"))


def _detect(data: bytes) -> str | None:
    """The candidate encoding the bytes most plausibly are, or None (or no detector)."""
    try:
        # Imported here: most files are UTF-8 and must not pay for the detector's import.
        from charset_normalizer import from_bytes
    except ImportError:  # a dependency; if it is missing, say "not UTF-8" as without it
        return None
    best = from_bytes(data[:_DETECT_BYTES], cp_isolation=list(DETECTED_ENCODINGS)).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    known = {codecs.lookup(candidate).name: candidate for candidate in DETECTED_ENCODINGS}
    return known.get(name)


def normalize_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _describe(exc: Exception, encoding: str) -> str:
    shown = encoding if len(encoding) <= 40 else encoding[:40] + "..."
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid {shown} text at byte {exc.start:,}; save the file as UTF-8"
    if isinstance(exc, UnicodeError):  # a codec that fails without saying where
        return f"not valid {shown} text; save the file as UTF-8"
    return f"unknown text encoding {shown!r}; use a name such as utf-8, gb18030 or shift_jis"
