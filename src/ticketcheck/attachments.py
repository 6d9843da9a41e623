"""Where an attachment is, whether it may be opened, and what it really is (inspected once).

An attachment path comes from a case file somebody else wrote, so it is never trusted: an
absolute path, a path that climbs out of the checked tree, or a symlink that points outside
it is never opened. Every check that needs an attachment asks the ``AttachmentStore`` of
its case, which resolves and inspects each file at most once.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .case import Attachment

if TYPE_CHECKING:
    from .inspection import FileInfo, InspectLimits


class Resolved(NamedTuple):
    """An attachment's verdict before it is opened: its real path and size, or why not."""

    path: Path | None = None
    size: int | None = None
    problem: str | None = None
    hint: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


def resolve(attachment: Attachment, root: Path | None) -> Resolved:
    """Decide whether an attachment may be read, without opening it."""
    if attachment.data is not None:
        return Resolved(size=len(attachment.data))
    if attachment.path is None:
        return Resolved(problem=f"{attachment.name} has neither a path nor data")
    if "\x00" in attachment.name or "\x00" in str(attachment.path):
        return Resolved(problem=f"{attachment.name!r} is not a valid file name (it holds a NUL byte)",
                        hint="write the file's real name")
    if Path(attachment.name).is_absolute() or attachment.name.startswith("~"):
        return Resolved(
            problem=f"{attachment.name} is an absolute path; it was not opened",
            hint="write the path relative to the case file, inside the checked folder",
        )
    candidate = attachment.path
    # Without a root (a Case built through the API), the tree is the working directory:
    # never the attachment's own folder, which "../x" would make anything.
    base = (root if root is not None else Path.cwd()).resolve()
    try:
        real = candidate.resolve(strict=False)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on older Pythons
        return Resolved(
            problem=f"{attachment.name} is a symlink loop; it was not opened",
            hint="point the path at the real file",
        )
    if not real.is_relative_to(base):
        return Resolved(
            problem=f"{attachment.name} is outside the checked folder; it was not opened",
            hint="copy the file next to the case and attach that copy",
        )
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return Resolved(
            problem=f"{attachment.name} does not exist",
            hint="check the file name and its folder, relative to the case file",
        )
    except OSError as exc:
        return Resolved(
            problem=f"{attachment.name} cannot be read: {exc.strerror or exc}",
            hint="check the file's permissions",
        )
    if stat.S_ISDIR(info.st_mode):
        return Resolved(
            problem=f"{attachment.name} is a folder, not a file",
            hint="attach the files inside it one by one",
        )
    if not stat.S_ISREG(info.st_mode):
        return Resolved(
            problem=f"{attachment.name} is not a regular file (a pipe or a device)",
            hint="attach a saved PDF or image file",
        )
    if not os.access(real, os.R_OK):
        return Resolved(
            problem=f"{attachment.name} cannot be read: permission denied",
            hint="check the file's permissions",
        )
    return Resolved(path=real, size=info.st_size)


class AttachmentStore:
    """Per-case cache: each attachment is resolved and inspected at most once."""

    #: Seconds all of one case's attachments may take to inspect and read, together: each
    #: file has its own cap, but a case with three hostile files must still finish in 5 s.
    CASE_SECONDS = 3.5

    def __init__(self, root: Path | None, limits: InspectLimits | None = None) -> None:
        self.root = root
        self.limits = limits
        self._resolved: dict[int, Resolved] = {}
        self._info: dict[int, FileInfo | None] = {}
        self._data: dict[int, bytes | None] = {}
        self._started: float | None = None

    def budget(self) -> InspectLimits:
        """The limits for the next file, its time cap cut to what the case has left (a
        spent budget leaves 0 seconds: the parsers stop at their first deadline check)."""
        import dataclasses
        import time

        from .inspection import InspectLimits

        limits = self.limits or InspectLimits()
        now = time.monotonic()
        if self._started is None:
            self._started = now
        left = self.CASE_SECONDS - (now - self._started)
        return dataclasses.replace(limits, max_seconds=max(0.0, min(limits.max_seconds, left)))

    def resolve(self, attachment: Attachment) -> Resolved:
        key = id(attachment)
        if key not in self._resolved:
            self._resolved[key] = resolve(attachment, self.root)
        return self._resolved[key]

    def data(self, attachment: Attachment) -> bytes | None:
        """The attachment's bytes, read once per case and shared by inspection and the proof
        check's text reading; None when it may not be read, or is over the read limit (its
        verdict then comes from ``stat``)."""
        key = id(attachment)
        if key not in self._data:
            self._data[key] = self._read(attachment)
        return self._data[key]

    def _read(self, attachment: Attachment) -> bytes | None:
        from .inspection import InspectLimits, _read_capped

        if attachment.data is not None:
            return attachment.data
        resolved = self.resolve(attachment)
        if resolved.path is None:
            return None
        read = _read_capped(str(resolved.path), self.limits or InspectLimits())
        return None if read.problem is not None or read.too_large else read.data

    def info(self, attachment: Attachment) -> FileInfo | None:
        """What the file really is, or None when it may not be opened (see ``resolve``)."""
        key = id(attachment)
        if key not in self._info:
            self._info[key] = self._inspect(attachment)
        return self._info[key]

    def _inspect(self, attachment: Attachment) -> FileInfo | None:
        from .inspection import inspect_bytes, inspect_file

        limits = self.budget()
        resolved = self.resolve(attachment)
        if attachment.data is None and resolved.path is None:
            return None
        if limits.max_seconds <= 0:
            return _not_inspected(attachment, resolved.path, self.CASE_SECONDS)
        data = self.data(attachment)
        if data is not None:
            return inspect_bytes(data, attachment.name, limits)
        assert resolved.path is not None  # checked above; for the type checker
        return inspect_file(resolved.path, limits)  # too large or unreadable: says which


def _not_inspected(attachment: Attachment, path: Path | None, seconds: float) -> FileInfo:
    """What is known without parsing: the real format, from the first bytes."""
    from .inspection import HEAD_BYTES, FileInfo, extension_matches, sniff_format

    head = attachment.data[:HEAD_BYTES] if attachment.data is not None else b""
    if path is not None:
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD_BYTES)
        except OSError:
            head = b""
    fmt = sniff_format(head)
    return FileInfo(
        path=attachment.name, size=len(attachment.data or b""), format=fmt,
        extension_matches=extension_matches(attachment.name, fmt),
        problems=(f"not checked: the case's attachments used up their {seconds:g} s",),
    )
