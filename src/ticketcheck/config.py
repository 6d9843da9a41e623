"""Project configuration: ``.ticketcheck.yaml`` or ``[tool.ticketcheck]`` in ``pyproject.toml``.

Found by walking up from the checked path to the repository root (the folder holding
``.git``), so a stray config above the repository never applies; ``--config FILE`` names one
explicitly. Paths and globs in it are relative to the config file's folder.

```yaml
ruleset: my-rules.yaml          # one rule set for every case (default: by category)
rulesets: [rules/buyer-message.yaml]   # extra rule-set files, usable by name in
                                       # 'category:' and in overrides
rules:                          # switch rules off or re-level them, by id
  pod-required: off             # off | on | info | warning | error
  body-length: warning
include: ["**/*.md"]            # which files a folder walk covers (default: every case file)
exclude: [drafts/**, archive]   # never checked in a folder walk (nor with --only-cases)
overrides:                      # by path; later entries win
  - paths: [buyer-messages/**]
    ruleset: buyer-message
    rules: {body-empty: warning}
    placeholders: [buyer_first_name]
templates: true                 # these are templates: as if --templates were given
placeholders: [order_id, buyer_name]   # names a template may use
encoding: utf-8                 # of case files (default: detected)
ledger: .ticketcheck/cases.json # where 'record' remembers submitted cases
words: {...}                    # kept as data for word-list checks
```

Every problem is one line ``file:line: key.path: what is wrong``, all found in one pass, and
raised as ``RuleSetError`` (the CLI exits 2).
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .errors import RuleSetError
from .ruleset import builtin_names, load_ruleset
from .yaml_source import KeyPath, YamlError, format_path, load_yaml

CONFIG_NAMES = (".ticketcheck.yaml", ".ticketcheck.yml", "pyproject.toml")

Level = Literal["off", "on", "info", "warning", "error"]
LEVELS = ("off", "on", "info", "warning", "error")
LineOf = Callable[[KeyPath], "int | None"]
#: Rule ids the engine itself reports (not in any rule set) whose level the config may set.
META_RULES = ("invalid-suppression", "unused-suppression")


def _level_words(value: Any) -> Any:
    # YAML 1.1 reads a bare off/on/no/yes as a boolean; the user meant the word.
    if not isinstance(value, dict):
        return value
    words = {False: "off", True: "on"}
    return {k: words[v] if isinstance(v, bool) else v for k, v in value.items()}


class _Model(BaseModel):
    # Built on first use: most runs find no config file.
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=lambda n: n.replace("_", "-"),
        populate_by_name=True, defer_build=True,
    )


class Override(_Model):
    """Settings for the files matching ``paths``."""

    paths: list[str] = Field(min_length=1)
    ruleset: str | None = None
    rules: dict[str, Level] = Field(default_factory=dict)
    placeholders: list[str] = Field(default_factory=list)

    @field_validator("rules", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        return _level_words(value)


class Config(_Model):
    """A validated config file. ``folder`` is where its relative paths start."""

    ruleset: str | None = None
    rulesets: list[str] = Field(default_factory=list)
    rules: dict[str, Level] = Field(default_factory=dict)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    overrides: list[Override] = Field(default_factory=list)
    placeholders: list[str] = Field(default_factory=list)
    templates: bool = False
    encoding: str | None = None
    ledger: str | None = None
    words: Any = None

    _file: Path | None = PrivateAttr(default=None)

    @field_validator("rules", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        return _level_words(value)

    @property
    def file(self) -> Path | None:
        return self._file

    @property
    def folder(self) -> Path:
        return self._file.parent if self._file is not None else Path()


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a folder or a file), up to the
    repository root."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return path
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "[tool.ticketcheck" in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def load_config(path: str | os.PathLike[str]) -> Config:
    """Read and validate a config file. Raises ``RuleSetError`` with one line per problem."""
    file = Path(path)
    try:
        mtime = file.stat().st_mtime_ns
    except OSError as exc:
        raise RuleSetError([f"{_shown(file)}: cannot read: {exc.strerror or exc}"]) from None
    return _load_cached(file, mtime)


@functools.lru_cache(maxsize=32)
def _load_cached(path: Path, mtime: int) -> Config:
    # Keyed on mtime, like rule sets, so an edited config is read again by a long-lived caller.
    del mtime
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise RuleSetError([f"{shown}: cannot read: {reason}"]) from None
    if path.name == "pyproject.toml":
        raw, line_of = _from_toml(text, shown)
    else:
        raw, line_of = _from_yaml(text, shown)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RuleSetError([f"{shown}:1: the config must be a mapping of 'key: value' lines"])
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        raise RuleSetError(_problems(exc, shown, line_of)) from None
    config._file = path
    _check_references(config, shown, line_of)
    return config


def _from_yaml(text: str, shown: str) -> tuple[Any, LineOf]:
    try:
        value, positions = load_yaml(text)
    except YamlError as exc:
        raise RuleSetError([f"{shown}:{exc.line or 1}: invalid YAML: {exc.message}"]) from None
    dupes = [f"{shown}:{line}: {format_path(p)}: given twice" for p, line in positions.duplicates]
    if dupes:
        raise RuleSetError(dupes)
    return value, positions.line_of


def _from_toml(text: str, shown: str) -> tuple[Any, LineOf]:
    import tomllib  # here: most runs read no pyproject.toml

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError([f"{shown}: invalid TOML: {exc}"]) from None
    lines = text.splitlines()
    header = next(
        (i + 1 for i, line in enumerate(lines) if line.strip().startswith("[tool.ticketcheck")),
        None,
    )

    def line_of(path: KeyPath) -> int | None:
        # tomllib keeps no positions: point at the key's first line in the table, or the table.
        keys = [p for p in path if isinstance(p, str)]
        if header is not None and keys:
            for index in range(header, len(lines)):
                if lines[index].split("=")[0].strip().strip('"') == keys[-1]:
                    return index + 1
        return header

    return data.get("tool", {}).get("ticketcheck", {}), line_of


def _problems(exc: ValidationError, shown: str, line_of: LineOf) -> list[str]:
    problems: list[tuple[int, str]] = []
    for error in exc.errors():
        loc: KeyPath = tuple(error["loc"])
        where = format_path(loc)
        if error["type"] == "extra_forbidden":
            model: type[BaseModel] = Override if "overrides" in loc else Config
            known = sorted(f.alias or n for n, f in model.model_fields.items())
            what = _unknown(str(loc[-1]), known)
        elif error["type"] == "literal_error":
            guess = difflib.get_close_matches(str(error["input"]), LEVELS, n=1)
            did = f" (did you mean '{guess[0]}'?)" if guess else ""
            what = f"{error['input']!r} is not a level{did}: use {', '.join(LEVELS)}"
        else:
            what = error["msg"][:1].lower() + error["msg"][1:]
        line = line_of(loc)
        text = f"{shown}:{line}: {where}: {what}" if line else f"{shown}: {where}: {what}"
        problems.append((line or 0, text))
    return [text for _, text in sorted(problems, key=lambda item: item[0])]


def _check_references(config: Config, shown: str, line_of: LineOf) -> None:
    """Rule sets named in the config exist and are valid; rule ids in ``rules`` exist."""
    problems: list[str] = []

    def say(path: KeyPath, what: str) -> None:
        line = line_of(path)
        where = format_path(path)
        problems.append(f"{shown}:{line}: {where}: {what}" if line else f"{shown}: {where}: {what}")

    named = dict(named_rulesets(config))
    known_ids: set[str] = set(META_RULES)
    refs: list[tuple[KeyPath, str]] = [
        (("rulesets", i), str(config.folder / ref)) for i, ref in enumerate(config.rulesets)
    ]
    refs += [((), name) for name in builtin_names()]
    if config.ruleset:
        refs.append((("ruleset",), resolve_ruleset(config.ruleset, config.folder, named)))
    refs += [
        (("overrides", i, "ruleset"), resolve_ruleset(o.ruleset, config.folder, named))
        for i, o in enumerate(config.overrides)
        if o.ruleset
    ]
    for path, ref in refs:
        try:
            known_ids.update(rule.id for rule in load_ruleset(ref).rules)
        except RuleSetError as exc:
            if len(exc.problems) == 1 and "no such rule set" in exc.problems[0]:
                say(path, exc.problems[0])
            else:  # an invalid rule-set file: its own lines name its file and keys
                problems.extend(exc.problems)
    levels: list[tuple[KeyPath, str]] = [(("rules", k), k) for k in config.rules]
    levels += [
        (("overrides", i, "rules", k), k) for i, o in enumerate(config.overrides) for k in o.rules
    ]
    for path, rule_id in levels:
        if rule_id not in known_ids:
            say(path, _unknown(rule_id, sorted(known_ids), "rule id"))
    if problems:
        raise RuleSetError(problems)


def named_rulesets(config: Config) -> Iterable[tuple[str, str]]:
    for ref in config.rulesets:
        path = config.folder / ref
        yield (path.stem, str(path))


def resolve_ruleset(ref: str, folder: Path, named: dict[str, str]) -> str:
    """A rule-set reference from a config: a name it declares, a file beside it, or a
    built-in name."""
    if ref in named:
        return named[ref]
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        return str(folder / ref)
    return ref


def _unknown(key: str, known: list[str], noun: str = "key") -> str:
    guess = difflib.get_close_matches(key, known, n=1)
    if guess:
        return f"unknown {noun} '{key}' (did you mean '{guess[0]}'?)"
    return f"unknown {noun} '{key}' (known: {', '.join(known)})"


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = ["Config", "Override", "find_config", "load_config", "named_rulesets", "resolve_ruleset"]
