"""Rule sets: YAML files of rules, one per case category, with ``extends``.

A rule set is validated in one pass, and every problem is one line
``file:line: key.path: what is wrong``, with a did-you-mean for unknown keys and check kinds.

Merging: the parents named in ``extends`` are loaded first (each resolved beside the file,
then among the built-in rule sets), in order. A child rule whose ``id`` matches an inherited
rule replaces it when it names a ``check``; without ``check`` it patches the inherited rule
(``{id: pod-required, enabled: false}`` switches it off; ``{id: body-length, max-chars:
1500}`` tightens one option).
"""

from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .checks import CHECKS, Check
from .errors import RuleSetError
from .yaml_source import KeyPath, Positions, YamlError, format_path, load_yaml

TOP_KEYS = ("ruleset", "title", "description", "extends", "rules", "placeholders")
#: Keys a patch (an entry without ``check``) may change besides options.
RULE_SUFFIXES = (".yaml", ".yml")


def builtin_dir() -> Path:
    """Where the built-in rule sets are: inside the installed package, or the checkout's
    top-level ``rules/`` when running from source."""
    # Beside this module rather than through importlib.resources, whose import alone costs
    # 17 ms of start-up; the wheel installs the package as plain files.
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


_BUILTIN = builtin_dir().resolve()


def builtin_names() -> list[str]:
    """The names of the built-in rule sets (the categories)."""
    return sorted(p.stem for p in builtin_dir().glob("*.yaml"))


@dataclass(frozen=True)
class RuleSet:
    """A resolved rule set: inherited rules merged, every rule validated."""

    name: str
    title: str = ""
    description: str = ""
    path: Path | None = None
    rules: tuple[Check, ...] = ()
    placeholders: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    #: rule id -> (file, line) where the rule was last written, for ``explain`` and SARIF.
    origins: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def enabled_rules(self) -> tuple[Check, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def rule(self, rule_id: str) -> Check | None:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        return None


@dataclass
class _Entry:
    raw: dict[str, Any]
    #: key -> (file shown, positions, key path of the rule entry) for each key's last writer
    origin: dict[str, tuple[str, Positions, KeyPath]]
    here: tuple[str, Positions, KeyPath]


@dataclass
class _Parsed:
    name: str
    title: str
    description: str
    placeholders: list[str]
    entries: list[_Entry]
    files: list[Path]


_RULE_ADAPTER: TypeAdapter[Check] | None = None


def rule_adapter() -> TypeAdapter[Check]:
    """The discriminated union of every check kind, keyed on ``check``."""
    global _RULE_ADAPTER
    if _RULE_ADAPTER is None:
        import functools as ft
        import operator
        from typing import Annotated

        from pydantic import Field

        # The union is built from the registry at run time, so mypy cannot see its members.
        union = ft.reduce(operator.or_, CHECKS.values())
        _RULE_ADAPTER = TypeAdapter(Annotated[union, Field(discriminator="check")])  # type: ignore[arg-type]  # the union is built from the registry at run time
    return _RULE_ADAPTER


def resolve_ref(ref: str, relative_to: Path | None = None) -> Path | None:
    """Find the file of rule set ``ref``: a path, a sibling ``<ref>.yaml``, or a built-in."""
    candidates: list[Path] = []
    looks_like_path = ref.endswith(RULE_SUFFIXES) or os.sep in ref or "/" in ref
    if looks_like_path:
        base = relative_to if relative_to is not None else Path()
        candidates.append(base / ref)
    else:
        if relative_to is not None:
            candidates.append(relative_to / f"{ref}.yaml")
        candidates.append(builtin_dir() / f"{ref}.yaml")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_ruleset(ref: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set by built-in name (``a-to-z``) or file path, resolving ``extends``.

    Raises ``RuleSetError`` listing every problem, one line each.
    """
    text = os.fspath(ref)
    path = resolve_ref(text, Path.cwd() if text.endswith(RULE_SUFFIXES) else None)
    if path is None:
        names = builtin_names()
        guess = difflib.get_close_matches(text, names, n=1)
        did = f" (did you mean '{guess[0]}'?)" if guess else ""
        raise RuleSetError([f"{text}: no such rule set{did}; built-in: {', '.join(names)}"])
    return _load_cached(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime: int) -> RuleSet:
    # Keyed on mtime so a rule file edited between two API calls is read again.
    del mtime
    from . import ruleset_cache  # off unless the command line turned it on

    return ruleset_cache.load(Path(path), lambda file: _Resolver().resolve(file))


class _Resolver:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def resolve(self, path: Path) -> RuleSet:
        parsed = self._parse(path, ())
        rules: list[Check] = []
        origins: dict[str, tuple[str, int | None]] = {}
        if parsed is not None:
            seen: set[str] = set()
            for entry in parsed.entries:
                rule = self._validate(entry)
                if rule is None:
                    continue
                if rule.id in seen:
                    continue
                seen.add(rule.id)
                rules.append(rule)
                shown, positions, key = entry.here
                origins[rule.id] = (shown, positions.line_of(key))
        if self.problems or parsed is None:
            raise RuleSetError(sorted(self.problems, key=_problem_order) or [f"{path}: cannot be loaded"])
        return RuleSet(
            name=parsed.name,
            title=parsed.title,
            description=parsed.description,
            path=path,
            rules=tuple(rules),
            placeholders=tuple(parsed.placeholders),
            files=tuple(parsed.files),
            origins=origins,
        )

    def _problem(self, shown: str, line: int | None, where: str, what: str) -> None:
        prefix = f"{shown}:{line}" if line else shown
        self.problems.append(f"{prefix}: {where}: {what}" if where else f"{prefix}: {what}")

    def _parse(self, path: Path, stack: tuple[Path, ...]) -> _Parsed | None:
        shown = _shown(path)
        real = path.resolve()
        if real in stack:
            cycle = " -> ".join(_shown(p) for p in (*stack, real))
            self._problem(shown, None, "extends", f"cycle: {cycle}")
            return None
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self._problem(shown, None, "", f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            return None
        try:
            value, positions = load_yaml(text, trusted=path.parent.resolve() == _BUILTIN)
        except YamlError as exc:
            self._problem(shown, exc.line, "", f"invalid YAML: {exc.message}")
            return None
        if not isinstance(value, dict):
            self._problem(shown, 1, "", "a rule set must be a mapping with 'ruleset' and 'rules'")
            return None
        for key in value:
            if key not in TOP_KEYS:
                self._problem(shown, positions.line_of((key,)), str(key), _unknown(key, TOP_KEYS))
        for key_path, dup_line in positions.duplicates:
            self._problem(shown, dup_line, format_path(key_path), "given twice")
        name = value.get("ruleset")
        if not isinstance(name, str) or not name:
            self._problem(
                shown,
                positions.line_of(("ruleset",)) or 1,
                "ruleset",
                "required: the rule set's name (its file name without .yaml)",
            )
            name = path.stem
        elif name != path.stem:
            self._problem(
                shown,
                positions.line_of(("ruleset",)),
                "ruleset",
                f"'{name}' must equal the file name without .yaml ('{path.stem}')",
            )
        parents = value.get("extends", [])
        if isinstance(parents, str):
            parents = [parents]
        entries: list[_Entry] = []
        files = [path]
        placeholders: list[str] = []
        if not isinstance(parents, list):
            self._problem(
                shown,
                positions.line_of(("extends",)),
                "extends",
                "must be a list of rule-set names",
            )
            parents = []
        for index, parent in enumerate(parents):
            line = positions.line_of(("extends", index))
            if not isinstance(parent, str):
                self._problem(shown, line, f"extends[{index}]", "must be a rule-set name or path")
                continue
            parent_path = resolve_ref(parent, path.parent)
            if parent_path is None:
                guess = difflib.get_close_matches(parent, builtin_names(), n=1)
                did = f" (did you mean '{guess[0]}'?)" if guess else ""
                self._problem(shown, line, f"extends[{index}]", f"no rule set '{parent}'{did}")
                continue
            parsed = self._parse(parent_path, (*stack, real))
            if parsed is None:
                continue
            files.extend(parsed.files)
            placeholders.extend(p for p in parsed.placeholders if p not in placeholders)
            entries = self._merge(entries, parsed.entries, None)
        own = value.get("placeholders", [])
        if not isinstance(own, list) or not all(isinstance(p, str) for p in own):
            self._problem(
                shown,
                positions.line_of(("placeholders",)),
                "placeholders",
                "must be a list of placeholder names",
            )
        else:
            placeholders.extend(p for p in own if p not in placeholders)
        rules = value.get("rules", [])
        if not isinstance(rules, list):
            self._problem(shown, positions.line_of(("rules",)), "rules", "must be a list of rules")
            rules = []
        mine: list[_Entry] = []
        ids: dict[str, int] = {}
        for index, raw in enumerate(rules):
            entry_key: KeyPath = ("rules", index)
            rule_line = positions.line_of(entry_key)
            if not isinstance(raw, dict):
                self._problem(
                    shown, rule_line, format_path(entry_key), "a rule must be a mapping with 'id' and 'check'"
                )
                continue
            rule_id = raw.get("id")
            if not isinstance(rule_id, str) or not rule_id:
                self._problem(shown, rule_line, format_path(entry_key) + ".id", "required: a unique rule id")
                continue
            if rule_id in ids:
                self._problem(
                    shown,
                    rule_line,
                    format_path((*entry_key, "id")),
                    f"'{rule_id}' is already used by rules[{ids[rule_id]}]",
                )
                continue
            ids[rule_id] = index
            here = (shown, positions, entry_key)
            mine.append(_Entry(dict(raw), dict.fromkeys(raw, here), here))
        entries = self._merge(entries, mine, shown)
        return _Parsed(
            name,
            str(value.get("title") or ""),
            str(value.get("description") or ""),
            placeholders,
            entries,
            files,
        )

    def _merge(self, base: list[_Entry], new: list[_Entry], shown: str | None) -> list[_Entry]:
        by_id = {entry.raw["id"]: i for i, entry in enumerate(base)}
        result = list(base)
        for entry in new:
            index = by_id.get(entry.raw["id"])
            if index is None:
                if "check" not in entry.raw and shown is not None:
                    here = entry.here
                    self._problem(
                        here[0],
                        here[1].line_of(here[2]),
                        format_path(here[2]),
                        f"rule '{entry.raw['id']}' needs 'check' (no inherited rule has this id)",
                    )
                    continue
                by_id[entry.raw["id"]] = len(result)
                result.append(entry)
            elif "check" in entry.raw:
                result[index] = entry  # full replacement
            else:
                parent = result[index]
                raw = {**parent.raw, **entry.raw}
                origin = {**parent.origin, **entry.origin}
                result[index] = _Entry(raw, origin, entry.here)
        return result

    def _validate(self, entry: _Entry) -> Check | None:
        raw = entry.raw
        kind = raw.get("check")
        if kind not in CHECKS:
            shown, positions, key = entry.origin.get("check", entry.here)
            what = (
                "required: the check kind"
                if kind is None
                else _unknown(str(kind), sorted(CHECKS), "check kind")
            )
            self._problem(
                shown, positions.line_of((*key, "check")), format_path((*key, "check")), what
            )
            return None
        try:
            # The registry is the discriminator: validating with the kind's own class
            # builds only that class (rule_adapter() builds them all, for the schema).
            return CHECKS[str(kind)].model_validate(raw)
        except ValidationError as exc:
            cls = CHECKS[str(kind)]
            for error in exc.errors():
                loc = list(error["loc"])
                if loc and loc[0] == kind:
                    loc = loc[1:]
                top = str(loc[0]) if loc else ""
                shown, positions, key = entry.origin.get(top, entry.here)
                path = (*key, *loc)
                if error["type"] == "extra_forbidden":
                    known = sorted(f.alias or n for n, f in cls.model_fields.items())
                    what = _unknown(str(loc[-1]), known)
                else:
                    what = _lower(error["msg"])
                self._problem(shown, positions.line_of(path), format_path(path), what)
            return None


def _problem_order(line: str) -> tuple[str, int]:
    # "file:line: ..." sorts by file, then by line number (not as text: 10 after 9).
    head, _, rest = line.partition(":")
    number = rest.split(":", 1)[0]
    return head, int(number) if number.isdigit() else 0


def _unknown(key: str, known: Any, noun: str = "key") -> str:
    guess = difflib.get_close_matches(key, list(known), n=1)
    if guess:
        return f"unknown {noun} '{key}' (did you mean '{guess[0]}'?)"
    return f"unknown {noun} '{key}' (known: {', '.join(known)})"


def _lower(message: str) -> str:
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[:1].lower() + message[1:]


def _shown(path: Path) -> str:
    """A path as a user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def rule_set_schema() -> dict[str, Any]:
    """A JSON Schema for rule-set files, generated from the check models, for YAML editors."""
    rule_schema = rule_adapter().json_schema(by_alias=True)
    defs = rule_schema.pop("$defs", {})
    common = {"type": "string"}
    patch = {
        "type": "object",
        "title": "Patch of an inherited rule (no 'check')",
        "required": ["id"],
        "properties": {
            "id": common,
            "enabled": {"type": "boolean"},
            "severity": {"enum": ["error", "warning", "info"]},
            "message": common,
            "hint": common,
            "source": common,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ticketcheck rule set",
        "type": "object",
        "additionalProperties": False,
        "required": ["ruleset"],
        "properties": {
            "ruleset": {"type": "string", "description": "the file name without .yaml"},
            "title": common,
            "description": common,
            "extends": {"type": "array", "items": common},
            "placeholders": {"type": "array", "items": common},
            "rules": {"type": "array", "items": {"anyOf": [rule_schema, patch]}},
        },
        "$defs": defs,
    }
