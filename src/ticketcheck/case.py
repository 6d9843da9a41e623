"""The case model and ``load_case()``: Markdown with YAML front matter, or a YAML/JSON file.

A case file that is broken in some way still loads: what could not be read becomes a load
problem that the ``case-file`` check reports with its line, so one bad field never hides the
rest of the case. Only a file that cannot be opened at all raises ``CaseError``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .decoding import DecodeError, decode_text, looks_binary
from .errors import CaseError
from .findings import Severity
from .limits import MAX_CASE_BYTES as MAX_CASE_BYTES  # re-exported: callers import it here
from .limits import CaseLimits, first_long_line
from .yaml_source import KeyPath, Positions, YamlError, format_path, load_yaml

CASE_SUFFIXES = (".md", ".markdown", ".yaml", ".yml", ".json")


class Attachment(BaseModel):
    """A file attached to a case: a path (relative to the case file) or bytes in memory."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    path: Path | None = None
    data: bytes | None = None
    proof: str | None = None

    @property
    def in_memory(self) -> bool:
        return self.data is not None


class Case(BaseModel):
    """A support case: its front-matter fields, its text and its attachments."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    category: str | None = None
    marketplace: str = "US"
    subject: str = ""
    body: str = ""
    order_id: str | None = None
    tracking_number: str | None = None
    carrier: str | None = None
    case_id: str | None = None
    asin: str | None = None
    shipment_id: str | None = None
    received_at: dt.datetime | None = None
    attachments: tuple[Attachment, ...] = ()
    ignore: tuple[str, ...] = ()
    extra: dict[str, Any] = {}
    path: Path | None = None
    root: Path | None = None
    source: CaseSource | None = None

    @field_validator(
        "order_id", "tracking_number", "case_id", "asin", "shipment_id", "carrier", mode="before"
    )
    @classmethod
    def _number_to_text(cls, value: Any) -> Any:
        # YAML reads an unquoted 10-digit case ID as an int; an ID is text.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("received_at", mode="before")
    @classmethod
    def _date_to_datetime(cls, value: Any) -> Any:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
        return value

    @property
    def display_path(self) -> str:
        if self.source is not None:
            return self.source.display
        return str(self.path) if self.path else "<case>"

    def text_field(self, name: str) -> str | None:
        """The text of a field by name: ``subject``, ``body`` or a string front-matter key."""
        if name in ("subject", "body"):
            return str(getattr(self, name))
        value = getattr(self, name, None) if name in Case.model_fields else self.extra.get(name)
        return value if isinstance(value, str) else None


FIELDS: frozenset[str] = frozenset(
    name for name in Case.model_fields if name not in ("extra", "path", "root", "source")
)
#: Front-matter keys that are read by checks or by tools around ticketcheck, beyond the fields.
EXTRA_FIELDS: frozenset[str] = frozenset(
    {"title", "description", "tags", "follow_up", "claim_type", "order_value", "notification_date",
     "granted_at", "complaint_id", "transparency_code"}
)


class LoadProblem(NamedTuple):
    """Something wrong with the case file itself, reported by the ``case-file`` check."""

    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR
    hint: str = ""


@dataclass
class CaseSource:
    """Where each part of a case came from in its file, to point findings at lines."""

    display: str
    lines: list[str] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)
    body_line: int = 1
    body_key: bool = False  # the body is a YAML value (YAML/JSON case files)
    problems: list[LoadProblem] = field(default_factory=list)
    encoding: str | None = None  # what the file's bytes were decoded as
    #: top-level keys whose bare ``{{placeholder}}`` value ticketcheck quoted before parsing
    quoted: set[str] = field(default_factory=set)
    #: field name -> (its text, offsets where its lines start): ``locate`` runs once per
    #: finding, and counting newlines from the start each time is quadratic on a 2 MB body
    #: with ten thousand findings.
    _line_starts: dict[str, tuple[str, list[int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def key_line(self, path: KeyPath) -> int | None:
        return self.positions.line_of(path)

    def _starts_of(self, name: str, text: str) -> list[int]:
        cached = self._line_starts.get(name)
        if cached is not None and cached[0] is text:
            return cached[1]
        starts = [0]
        found = text.find("\n")
        while found >= 0:
            starts.append(found + 1)
            found = text.find("\n", found + 1)
        self._line_starts[name] = (text, starts)  # a race only computes it twice
        return starts

    def locate(self, name: str, text: str, start: int | None) -> tuple[int, int] | None:
        """1-based (line, column) in the file of offset ``start`` in field ``name``'s text."""
        start = max(start or 0, 0)
        starts = self._starts_of(name, text)
        line_in = bisect.bisect_right(starts, start) - 1
        col_in = start - starts[line_in]
        if name == "body" and not self.body_key:
            return self.body_line + line_in, col_in + 1
        value = self.positions.values.get((name,))
        if value is None:
            key = self.positions.keys.get((name,))
            return (key[0], 1) if key else None
        line, column, style = value
        if style in ("|", ">"):
            # Block scalar: the text starts on the next line, at the block's indentation.
            first = line + 1 + line_in
            raw = self.lines[first - 1] if 0 < first <= len(self.lines) else ""
            indent = len(raw) - len(raw.lstrip(" "))
            return first, indent + col_in + 1
        if line_in:
            return line + line_in, col_in + 1
        quote = 1 if style in ("'", '"') and name not in self.quoted else 0
        return line, column + quote + col_in


Case.model_rebuild()


def load_case(
    path: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    display: str | None = None,
    max_bytes: int | None = None,
    encoding: str | None = None,
    limits: CaseLimits | None = None,
) -> Case:
    """Read a case file. Problems with its content load as ``case-file`` problems.

    ``root`` is the directory tree attachments must stay inside (default: the case file's
    directory). ``encoding`` overrides detection; ``limits`` (or just ``max_bytes``) bound
    what the file may hold. Raises ``CaseError`` only when the file cannot be opened at all:
    missing, unreadable, a directory, or a FIFO or device (which could block forever).
    """
    file = Path(path)
    shown = display or str(path)
    limits = limits or CaseLimits()
    if max_bytes is not None:
        limits = limits._replace(max_bytes=max_bytes)
    max_bytes = limits.max_bytes
    try:
        if file.is_dir():
            raise CaseError(f"{shown}: is a directory, not a case file")
        data = _read_regular(file, shown, max_bytes)
        if data is None or len(data) > max_bytes:
            size = file.stat().st_size if data is None else len(data)
            source = CaseSource(shown)
            source.problems.append(
                LoadProblem(
                    f"the file is {size:,} bytes; case files over {max_bytes:,} bytes are not read",
                    line=1,
                    hint="a case is a few KB of text: check that this is the right file",
                )
            )
            return Case(path=file, root=_root(file, root), source=source)
    except OSError as exc:
        raise CaseError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a NUL in the path
        raise CaseError(f"{shown}: cannot read: {exc}") from None
    return parse_case(
        data,
        name=file.name,
        path=file,
        root=_root(file, root),
        display=shown,
        encoding=encoding,
        limits=limits,
    )


def _read_regular(file: Path, shown: str, max_bytes: int, *, head: bool = False) -> bytes | None:
    """At most ``max_bytes + 1`` bytes of a regular file; None when it is larger than that
    (with ``head``, its first ``max_bytes`` bytes whatever its size).

    Opened with O_NONBLOCK and checked with fstat, so a FIFO (even one swapped in after a
    check) or a device is refused instead of blocking or streaming forever.
    """
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CaseError(f"{shown}: is a directory, not a case file")
        if not stat.S_ISREG(info.st_mode):
            raise CaseError(f"{shown}: is not a regular file (a pipe, socket or device)")
        if info.st_size > max_bytes and not head:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # Bounded even if the file grows while we read it.
            return handle.read(max_bytes if head else max_bytes + 1)
    finally:
        os.close(fd)


def _root(file: Path, root: str | os.PathLike[str] | None) -> Path:
    return Path(root) if root is not None else file.parent


def parse_case(
    data: bytes | str,
    *,
    name: str = "case.md",
    path: Path | None = None,
    root: Path | None = None,
    display: str | None = None,
    encoding: str | None = None,
    limits: CaseLimits | None = None,
) -> Case:
    """Parse case text (Markdown with front matter, or YAML/JSON when ``name`` says so)."""
    limits = limits or CaseLimits()
    if root is None:
        # Attachments must stay inside *some* tree: without one, "../../etc/passwd" would be
        # checked against its own parent folder and opened.
        root = path.parent if path is not None else Path()
    source = CaseSource(display or name)
    base: dict[str, Any] = {"path": path, "root": root, "source": source}
    if isinstance(data, bytes):
        if not data.strip():
            source.problems.append(
                LoadProblem("the file is empty", line=1, hint="write the case, or delete the file")
            )
            return Case(**base)
        if looks_binary(data):
            source.problems.append(
                LoadProblem(
                    "this is a binary file, not a case",
                    line=1,
                    hint="a case file is Markdown with front matter, or YAML/JSON text",
                )
            )
            return Case(**base)
        try:
            text, source.encoding = decode_text(data, encoding)
        except DecodeError as exc:
            source.problems.append(
                LoadProblem(
                    str(exc),
                    line=exc.line,
                    hint="or name the file's encoding with 'encoding:' in the config",
                )
            )
            return Case(**base)
    else:
        text = data.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        source.problems.append(
            LoadProblem("the file is empty", line=1, hint="write the case, or delete the file")
        )
        return Case(**base)
    long_line = first_long_line(text, limits.max_line_chars)
    if long_line is not None:
        source.problems.append(
            LoadProblem(
                f"line {long_line[0]:,} is {long_line[1]:,} characters long; case files with "
                f"lines over {limits.max_line_chars:,} characters are not read",
                line=long_line[0],
                hint="break the text into paragraphs; a pasted image belongs in an attachment",
            )
        )
        return Case(**base)
    source.lines = text.split("\n")
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        fields = _parse_document(text, source, limits, is_json=suffix == ".json")
        source.body_key = True
    else:
        fields = _parse_markdown(text, source, limits)
    return _build(fields, source, base, limits)


def _parse_markdown(text: str, source: CaseSource, limits: CaseLimits) -> dict[str, Any]:
    lines = source.lines
    if not lines or lines[0].rstrip() != "---":
        source.problems.append(
            LoadProblem(
                "no front matter: the file must start with a '---' line",
                line=1,
                field="category",
                hint="start the file with '---', a 'category:' line and '---'",
            )
        )
        return {"body": text}
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        source.problems.append(
            LoadProblem(
                "the front matter is not closed: no second '---' line",
                line=1,
                hint="end the front matter with a line holding only '---'",
            )
        )
        return {}
    front = _quote_placeholders(lines[1:index], source)
    source.body_line = index + 2
    body = "\n".join(lines[index + 1 :])
    fields = _parse_mapping(front, source, limits, line_offset=1, what="front matter")
    fields["body"] = body
    return fields


# ``order_id: {{order_id}}`` is what template authors write, and to YAML it is a mapping
# inside a mapping (a syntax error). A value that is one bare placeholder is quoted first.
_BARE_PLACEHOLDER = re.compile(r"^([A-Za-z0-9_-]{1,80}:[ \t]+)(\{\{[^{}\n\"']{1,80}\}\})[ \t]*$")


def _quote_placeholders(lines: list[str], source: CaseSource) -> str:
    out = []
    for line in lines:
        match = _BARE_PLACEHOLDER.match(line)
        if match:
            source.quoted.add(match.group(1).split(":", 1)[0])
            line = f'{match.group(1)}"{match.group(2)}"'
        out.append(line)
    return "\n".join(out)


def _parse_document(
    text: str, source: CaseSource, limits: CaseLimits, *, is_json: bool
) -> dict[str, Any]:
    fields = _parse_mapping(text, source, limits, line_offset=0, what="case file")
    if is_json and not fields and not source.problems:
        import json  # here: most cases are Markdown

        try:  # PyYAML reads nearly all JSON; fall back to json for the rest (no positions)
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:  # RecursionError: [[[[... nested JSON
            source.problems.append(LoadProblem(f"invalid JSON: {str(exc)[:200]}", line=1))
            return {}
        return value if isinstance(value, dict) else {}
    return fields


def _parse_mapping(
    text: str, source: CaseSource, limits: CaseLimits, *, line_offset: int, what: str
) -> dict[str, Any]:
    if len(text) > limits.max_front_matter_chars:
        source.problems.append(
            LoadProblem(
                f"the {what} is {len(text):,} characters; over "
                f"{limits.max_front_matter_chars:,} it is not read",
                line=1 + line_offset,
                hint="keep the fields short and put the text in the body",
            )
        )
        return {}
    try:
        value, positions = load_yaml(text, line_offset=line_offset, max_depth=limits.max_depth)
    except YamlError as exc:
        source.problems.append(
            LoadProblem(
                f"invalid {what}: {exc.message}",
                line=exc.line or 1 + line_offset,
                column=exc.column,
                hint="fix the YAML syntax (quote values that contain ': ' or start with '{', '[', '@')",
            )
        )
        return {}
    source.positions = positions
    for key_path, line in positions.duplicates:
        source.problems.append(
            LoadProblem(
                f"{format_path(key_path)} is given twice; the last one wins",
                line=line,
                severity=Severity.WARNING,
                field=str(key_path[0]),
            )
        )
    if value is None:
        return {}
    if not isinstance(value, dict):
        source.problems.append(
            LoadProblem(
                f"the {what} must be a mapping of 'key: value' lines, not a {type(value).__name__}",
                line=1 + line_offset,
            )
        )
        return {}
    return value


def _build(
    fields: dict[str, Any], source: CaseSource, base: dict[str, Any], limits: CaseLimits
) -> Case:
    known: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in fields.items():
        if key in FIELDS:
            known[key] = value
        else:
            extra[key] = value
            if key not in EXTRA_FIELDS:
                guess = difflib.get_close_matches(key, sorted(FIELDS | EXTRA_FIELDS), n=1)
                source.problems.append(
                    LoadProblem(
                        f"unknown field '{key}'"
                        + (f" (did you mean '{guess[0]}'?)" if guess else ""),
                        line=source.key_line((key,)),
                        field=key,
                        severity=Severity.WARNING,
                        hint="known fields: " + ", ".join(sorted(FIELDS - {"body"})),
                    )
                )
    if "attachments" in known:
        known["attachments"] = _attachments(
            known["attachments"], source, base.get("path"), limits.max_attachments
        )
    if isinstance(known.get("ignore"), str):
        known["ignore"] = [known["ignore"]]
    for _ in range(len(known) + 1):
        try:
            return Case(**known, extra=extra, **base)
        except ValidationError as exc:
            bad = set()
            for error in exc.errors():
                key = str(error["loc"][0]) if error["loc"] else ""
                if key not in known or key in bad:
                    continue
                bad.add(key)
                source.problems.append(
                    LoadProblem(
                        f"{key}: {error['msg'][0].lower()}{error['msg'][1:]}",
                        line=source.key_line((key,)),
                        field=key,
                    )
                )
            if not bad:
                raise
            for key in bad:
                known.pop(key)
    raise AssertionError("unreachable: every round removes a field")  # pragma: no cover


def _attachments(
    value: Any, source: CaseSource, case_path: Path | None, limit: int
) -> list[Attachment]:
    if not isinstance(value, list):
        source.problems.append(
            LoadProblem(
                "attachments: must be a list of file paths",
                line=source.key_line(("attachments",)),
                field="attachments",
                hint="write one '- path' line per file",
            )
        )
        return []
    if len(value) > limit:
        source.problems.append(
            LoadProblem(
                f"attachments: {len(value):,} files are listed; only the first {limit:,} "
                "are checked",
                line=source.key_line(("attachments",)),
                field="attachments",
                hint="attach only the files this case needs",
            )
        )
        value = value[:limit]
    folder = case_path.parent if case_path is not None else Path()
    result = []
    for index, item in enumerate(value):
        line = source.key_line(("attachments", index))
        proof = None
        if isinstance(item, dict):
            unknown = sorted(set(item) - {"path", "proof"})
            if unknown:
                source.problems.append(
                    LoadProblem(
                        f"attachments[{index}]: unknown key '{unknown[0]}' (known: path, proof)",
                        line=line,
                        field="attachments",
                    )
                )
            proof = item.get("proof")
            item = item.get("path")
        if not isinstance(item, str) or not item.strip():
            source.problems.append(
                LoadProblem(
                    f"attachments[{index}]: needs a file path", line=line, field="attachments"
                )
            )
            continue
        if "\x00" in item:  # no file system accepts it, and os calls raise ValueError on it
            source.problems.append(
                LoadProblem(
                    f"attachments[{index}]: the path contains a NUL character",
                    line=line,
                    field="attachments",
                )
            )
            continue
        result.append(
            Attachment(
                name=item, path=folder / item, proof=str(proof) if proof is not None else None
            )
        )
    return result


def is_case_file(path: Path) -> bool:
    """Whether a file found under a directory is a case.

    ``*.case.yaml``/``*.case.json`` always are. A Markdown file is when its front matter has
    a ``category`` key, and also when it is clearly a broken case: empty, binary, or front
    matter that never closes. Markdown without front matter (a README) or with front matter
    but no ``category`` (a docs page) is not. Reads only the first 8 KB.
    """
    name = path.name.lower()
    if name.endswith((".case.yaml", ".case.yml", ".case.json")):
        return True
    if not name.endswith((".md", ".markdown")):
        return False
    try:
        head = _read_regular(path, str(path), 8192, head=True) or b""
    except CaseError:
        return False  # a FIFO, device or folder named *.md: never a case, never opened
    except (OSError, ValueError):
        return True  # unreadable: let the check say so rather than skip it silently
    if not head.strip() or b"\x00" in head:
        return True  # empty or binary: a case file gone wrong, reported as such
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"---"):
        return False
    for raw in head.splitlines()[1:]:
        line = raw.strip()
        if line in (b"---", b"..."):
            return False
        if line.startswith((b"category:", b'"category":', b"'category':")):
            return True
    return len(head) < 8192  # front matter that never closes is a broken case
