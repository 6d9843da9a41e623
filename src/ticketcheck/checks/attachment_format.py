"""``attachment-format``: each attachment's real format is allowed, and its name agrees.

The format comes from the file's bytes, never from its name: a phone photo saved as
``pod.jpg`` is often really HEIC, and a screenshot named ``invoice.pdf`` a PNG. Amazon
accepts PDF and JPEG everywhere (PNG and GIF for invoices and some appeals), and its
identity-verification page asks for file names without ``$``, ``&`` or ``#``.

Options: ``allowed`` (real formats: pdf, jpeg, png, gif, webp, tiff, bmp, jp2, heic, avif,
svg, html, text, zip; omit it to accept any), ``extension`` (the name's extension must agree
with the real format, default true), ``forbidden-name-chars`` (characters a file name must
not contain, default none).

```yaml
- id: attachment-format
  check: attachment-format
  allowed: [pdf, jpeg]
- id: attachment-file-name
  check: attachment-format
  severity: warning
  extension: false
  forbidden-name-chars: "$&#"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath
from typing import Literal

from pydantic import Field, field_validator

from ..case import Case
from ..findings import Problem
from .base import Check, CheckContext

REAL_FORMATS = ("pdf", "jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif",
                "svg", "html", "text", "zip")

_NAMES = {
    "pdf": "a PDF", "jpeg": "a JPEG image", "png": "a PNG image", "gif": "a GIF image",
    "webp": "a WebP image", "tiff": "a TIFF image", "bmp": "a BMP image",
    "jp2": "a JPEG 2000 image", "heic": "a HEIC photo", "avif": "an AVIF image",
    "svg": "an SVG drawing", "html": "an HTML page", "text": "a text file",
    "zip": "a ZIP archive or Office document", "empty": "an empty file",
    "unknown": "a file of unknown type",
}
_SUFFIX = {"pdf": "pdf", "jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp",
           "tiff": "tif", "bmp": "bmp", "jp2": "jp2", "heic": "heic", "avif": "avif",
           "svg": "svg", "html": "html", "text": "txt", "zip": "zip"}


def describe_format(fmt: str) -> str:
    return _NAMES.get(fmt, f"a {fmt} file")


class AttachmentFormat(Check):
    """The real format (from the bytes) is allowed, and the extension matches it."""

    SUMMARY = "the real format (from the bytes) is allowed, and the file name's extension matches it"

    check: Literal["attachment-format"]
    allowed: list[str] | None = Field(default_factory=lambda: ["pdf", "jpeg"])
    extension: bool = True
    forbidden_name_chars: str = ""

    @field_validator("allowed")
    @classmethod
    def _known(cls, value: list[str] | None) -> list[str] | None:
        for fmt in value or []:
            if fmt not in REAL_FORMATS:
                raise ValueError(f"unknown format {fmt!r} (known: {', '.join(REAL_FORMATS)})")
        return value

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        for attachment in case.attachments:
            name = attachment.name
            bad = sorted({c for c in self.forbidden_name_chars if c in PurePath(name).name})
            if bad:
                yield Problem(
                    f"{name}: the file name contains {' '.join(bad)}",
                    attachment=name, hint="rename the file with letters, digits, - and _ only")
            if self.allowed is None and not self.extension:
                continue
            info = ctx.store.info(attachment)
            if info is None or info.format == "empty":
                continue  # attachment-missing reports it; an empty file, attachment-integrity
            fmt = info.format
            allowed = self.allowed
            if allowed is not None and fmt not in allowed:
                yield Problem(
                    f"{name} is {describe_format(fmt)}; allowed: {_list(allowed)}",
                    attachment=name, hint=_convert_hint(allowed))
            elif self.extension and not info.extension_matches and fmt in _SUFFIX:
                suffix = PurePath(name).suffix
                stem = PurePath(name).stem if suffix else PurePath(name).name
                said = f"its name says {suffix}" if suffix else "its name has no extension"
                yield Problem(
                    f"{name} is really {describe_format(fmt)}, but {said}",
                    attachment=name,
                    hint=f"rename it {stem}.{_SUFFIX[fmt]} (upload forms and reviewers trust the name)")


def _list(formats: list[str]) -> str:
    return ", ".join(f.upper() if f != "jpeg" else "JPEG" for f in formats)


def _convert_hint(allowed: list[str]) -> str:
    if "pdf" in allowed and "jpeg" in allowed:
        return "save it as PDF, or a photo as JPEG"
    return f"save it as {_list(allowed)}"
