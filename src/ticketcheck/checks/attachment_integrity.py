"""``attachment-integrity``: each attachment opens, has no password, and is no trap.

Reports, for PDFs and images (other formats are ``attachment-format``'s business):
``password`` (Amazon cannot open a password-protected file: appeal replies say to upload it
again without the password), ``encrypted`` (an owner password or encryption that opens
without a password: some upload forms still refuse it), ``damage`` (corrupt or truncated;
damage a reader repaired is reported at warning level), ``bomb`` (a decompression bomb or a
frame flood, refused by its header before decoding), ``active-content`` (JavaScript, launch
actions, embedded files: reviewers' scanners treat them as suspicious), and ``small`` (an
image whose shorter side is under ``min-short-side`` pixels is hard to read).

```yaml
- id: attachment-integrity
  check: attachment-integrity
  report: [password, encrypted, damage, bomb, active-content]
- id: attachment-legible
  check: attachment-integrity
  severity: warning
  report: [small]
  min-short-side: 1000
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from pydantic import Field, PositiveInt

from ..case import Case
from ..findings import Problem, Severity
from .base import Check, CheckContext

if TYPE_CHECKING:
    from ..inspection import FileInfo

Aspect = Literal["password", "encrypted", "damage", "bomb", "active-content", "small"]
DEFAULT_REPORT: tuple[Aspect, ...] = ("password", "encrypted", "damage", "bomb", "active-content")
_OPENABLE = frozenset({"pdf", "jpeg", "png", "gif", "webp", "tiff", "bmp", "jp2", "heic", "avif"})

_HINTS = {
    "password": "export the PDF again without a password (or print it to a new PDF); never send the password",
    "encrypted": "print it to a new PDF, which removes the encryption",
    "damage": "download or scan the file again, and check that it opens before you attach it",
    "bomb": "save the image again at its normal size, as a JPEG",
    "active-content": "print it to a new PDF, which drops scripts, actions and embedded files",
    "small": "scan or photograph it again at a higher resolution (300 dpi for documents)",
}


class AttachmentIntegrity(Check):
    """The file opens: not corrupt or truncated, not password-protected, not a bomb."""

    SUMMARY = "the file opens: not corrupt or truncated, not password-protected, not a decompression bomb"

    check: Literal["attachment-integrity"]
    report: list[Aspect] = Field(default_factory=lambda: list(DEFAULT_REPORT))
    min_short_side: PositiveInt | None = None

    def run(self, case: Case, ctx: CheckContext) -> Iterator[Problem]:
        wanted = set(self.report)
        for attachment in case.attachments:
            info = ctx.store.info(attachment)
            if info is None:
                continue  # attachment-missing says why
            name = attachment.name
            if info.format == "empty":
                if "damage" in wanted:
                    yield Problem(f"{name} is empty (0 bytes)", attachment=name,
                                  hint=_HINTS["damage"])
                continue
            if info.format not in _OPENABLE or _too_large(info, ctx):
                continue
            for aspect, message, lowered in _verdicts(info, name, self.min_short_side):
                if aspect in wanted:
                    yield Problem(message, attachment=name, hint=_HINTS[aspect],
                                  severity=Severity.WARNING if lowered else None)


def _too_large(info: FileInfo, ctx: CheckContext) -> bool:
    # A file over the read limit was not opened; attachment-size reports it.
    return bool(ctx.store.limits and info.size > ctx.store.limits.max_bytes)


def _verdicts(info: FileInfo, name: str, min_short_side: int | None) -> Iterator[tuple[str, str, bool]]:
    problems = info.problems

    def detail(*prefixes: str) -> str:
        for problem in problems:
            if problem.startswith(prefixes):
                return problem.split(": ", 1)[1] if ": " in problem else problem
        return ""

    if info.needs_password:
        yield "password", f"{name} is password-protected: {detail('password-protected') or 'it does not open without the password'}", False
    elif info.encrypted:
        yield "encrypted", f"{name} is encrypted, though it opens without a password", False
    if info.bomb:
        what = detail("decompression bomb", "frame flood")
        yield "bomb", f"{name} is a decompression bomb{': ' + what if what else ''}", False
    elif problems and problems[-1].startswith("not checked:"):
        # Other attachments used up the case's time: nothing is known against this one.
        yield "damage", f"{name} was not checked: {problems[-1].split(': ', 1)[1]}", True
    elif info.corrupt or info.truncated or (not info.opens and not info.needs_password):
        kind = "truncated" if info.truncated else "damaged"
        what = detail("truncated", "damaged", "too slow") or (problems[0] if problems else "it does not open")
        if info.opens:
            yield "damage", f"{name} is {kind} but readers can repair it: {what}", True
        else:
            yield "damage", f"{name} is {kind} and does not open: {what}", False
    if info.javascript:
        yield "active-content", f"{name} contains JavaScript", False
    if info.launch_action:
        yield "active-content", f"{name} has a launch action that starts another program", False
    if info.embedded_files:
        yield "active-content", f"{name} has files embedded in it", False
    if min_short_side and info.width and info.height and min(info.width, info.height) < min_short_side:
        yield ("small", f"{name} is {info.width}×{info.height} pixels; the shorter side should be "
               f"at least {min_short_side} to be legible", False)
