"""The text of an attachment that is meant as a proof, read once per case and capped.

A PDF's text comes from ``pdf_probe.extract_pdf_text`` (the first pages only, at most so
many characters); a plain-text file is read up to the same character cap. Images, scans and
other formats have no text to read here (there is no OCR): the result says why, so the
check can say the content could not be verified. The format is sniffed from the first
bytes rather than taken from the full inspection, so reading a 500-page PDF's first pages
does not wait for all 500 to be inspected.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import NamedTuple

from .attachments import AttachmentStore
from .case import Attachment

__all__ = ["ProofText", "read_text"]

_IMAGES = frozenset({"jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif"})


class ProofText(NamedTuple):
    """What could be read of an attachment: its text, or why it could not be verified."""

    format: str = "unknown"
    text: str = ""
    #: Why the content cannot be verified ("is an image"), as a message fragment.
    unverified: str | None = None
    #: The file is absent or may not be opened: ``attachment-missing`` reports it.
    skip: bool = False
    #: Pages or characters beyond the caps were not read.
    truncated: bool = False


# Per case (the store lives as long as one check() call): every required-proof rule that
# looks at the same attachment reuses the text read by the first.
_CACHE: weakref.WeakKeyDictionary[AttachmentStore, dict[tuple[int, int, int], ProofText]] = (
    weakref.WeakKeyDictionary()
)


def read_text(
    attachment: Attachment, store: AttachmentStore, max_pages: int, max_chars: int
) -> ProofText:
    """The text of ``attachment`` (first ``max_pages`` pages, ``max_chars`` characters)."""
    cache = _CACHE.setdefault(store, {})
    key = (id(attachment), max_pages, max_chars)
    if key not in cache:
        cache[key] = _read(attachment, store, max_pages, max_chars)
    return cache[key]


def _read(
    attachment: Attachment, store: AttachmentStore, max_pages: int, max_chars: int
) -> ProofText:
    resolved = store.resolve(attachment)
    if not resolved.ok:
        return ProofText(skip=True)
    # The bytes inspection already read: each attachment is read once per case.
    source = store.data(attachment)
    if source is None:
        return ProofText(skip=True)  # unreadable or over the size limit: other rules say so
    from .inspection import HEAD_BYTES, sniff_format  # here: a case without files needs none

    fmt = sniff_format(source[:HEAD_BYTES])
    if fmt == "pdf":
        return _pdf(source, fmt, store, max_pages, max_chars)
    if fmt == "text":
        return _plain(source, fmt, max_chars)
    if fmt in _IMAGES:
        return ProofText(fmt, unverified="is an image (a photo or a scan)")
    if fmt == "empty":
        return ProofText(fmt, unverified="is empty")
    return ProofText(fmt, unverified=f"is {fmt} content, which is not read here")


def _pdf(
    source: bytes | Path, fmt: str, store: AttachmentStore, max_pages: int, max_chars: int
) -> ProofText:
    from .pdf_probe import extract_pdf_text  # imports pypdf: only when a PDF is read

    extracted = extract_pdf_text(source, max_pages=max_pages, max_chars=max_chars,
                                 limits=store.budget())  # fmt: skip
    if extracted.text.strip():
        return ProofText(fmt, extracted.text, truncated=extracted.truncated)
    if extracted.pages_read and extracted.no_text_layer:
        return ProofText(fmt, unverified="has no text layer (a scan?)")
    reason = extracted.problems[0] if extracted.problems else "has no readable text"
    return ProofText(fmt, unverified=f"could not be read ({reason})")


def _plain(source: bytes | Path, fmt: str, max_chars: int) -> ProofText:
    # UTF-8 uses at most 4 bytes a character: this many bytes hold max_chars characters.
    budget = max_chars * 4
    if isinstance(source, bytes):
        data = source[:budget]
    else:
        try:
            with source.open("rb") as handle:
                data = handle.read(budget + 1)
        except OSError:
            return ProofText(skip=True)
    text = data[:budget].decode("utf-8", errors="replace")
    return ProofText(fmt, text[:max_chars], truncated=len(data) > budget or len(text) > max_chars)
