"""``docs/rules.md``: the reference of the built-in rule sets, generated from their files.

One section per category: its description, what it inherits, and a table of the rules its
file writes (id, severity, check kind, what it checks, the options that differ from the
kind's defaults, and the source). "What it checks" is the rule's ``description``, else its
``message``, else the kind's one-line summary. The page is regenerated, never edited:

    python -m ticketcheck.rules_doc > docs/rules.md

and ``tests/test_rules_doc.py`` fails when the committed page is out of date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .checks import CHECKS, Check
from .ruleset import RuleSet, builtin_dir, builtin_names, load_ruleset
from .yaml_source import load_yaml

__all__ = ["REGENERATE", "render"]

#: The command that writes the page; the docs test names it when the page is stale.
REGENERATE = "python -m ticketcheck.rules_doc > docs/rules.md"

#: Keys every rule has; the options column shows the others (the kind's own options).
_COMMON = frozenset(Check.model_fields) | {"check"}
_FIRST = "common"


def render() -> str:
    """The whole page, as Markdown."""
    names = sorted(builtin_names(), key=lambda name: (name != _FIRST, name))
    out = [
        "# Built-in rule sets",
        "",
        "<!-- Generated from rules/*.yaml; do not edit. Regenerate with:",
        f"     {REGENERATE} -->",
        "",
        "One rule set per case category; a case's `category` picks it. Every category",
        "extends `common`. Severity follows the source: what Amazon requires is an **error**;",
        "community advice and our own inference are **warnings**, and their numbers are",
        "options you can change in your own rule set (see [the README](../README.md#your-own-rule-set)).",
        "Rules marked *off* are switched off by default: switch them on with",
        "`{id: RULE, enabled: true}` where your policy needs them.",
        "",
        "Categories: " + ", ".join(f"[`{name}`](#{name})" for name in names) + ".",
        "",
    ]
    for name in names:
        out.extend(_section(name, load_ruleset(name)))
    return "\n".join(out).rstrip("\n") + "\n"


def _section(name: str, ruleset: RuleSet) -> list[str]:
    path = builtin_dir() / f"{name}.yaml"
    written, parents = _written(path)
    lines = [f'<a id="{name}"></a>', "", f"## {name}: {ruleset.title}", ""]
    if ruleset.description:
        lines += [_clean(ruleset.description), ""]
    if parents:
        inherited = [r for r in ruleset.rules if r.id not in written]
        patched = [rid for rid, entry in written.items() if "check" not in entry]
        note = (
            f"Extends {', '.join(f'[`{p}`](#{p})' for p in parents)}: its "
            f"{len(inherited)} other rules apply unchanged"
        )
        if patched:
            note += "; " + ", ".join(f"`{rid}`" for rid in patched) + " changed here"
        lines += [note + ".", ""]
    lines += [
        "| id | severity | kind | what it checks | options | source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in ruleset.rules:
        if rule.id in written:
            lines.append(_row(rule, written[rule.id]))
    lines.append("")
    return lines


def _written(path: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The rule entries a file writes, by id (with ``check``: a whole rule; without: a
    patch of an inherited one), and the rule sets it extends."""
    value, _ = load_yaml(path.read_text(encoding="utf-8-sig"))
    rules = value.get("rules") or []
    written = {
        str(entry["id"]): entry for entry in rules if isinstance(entry, dict) and "id" in entry
    }
    parents = value.get("extends") or []
    return written, [parents] if isinstance(parents, str) else [str(p) for p in parents]


def _row(rule: Check, entry: dict[str, Any]) -> str:
    severity = str(rule.severity) + ("" if rule.enabled else " (off)")
    what = rule.description or rule.message or CHECKS[rule.check].SUMMARY
    if "check" not in entry:
        what = f"{_clean(what)} *(changes the inherited rule)*"
    cells = [
        f"`{rule.id}`",
        severity,
        f"`{rule.check}`",
        _clean(what),
        _options(rule, entry),
        _link(rule.source),
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _options(rule: Check, entry: dict[str, Any]) -> str:
    """The kind's options the file writes for this rule, with their values, and the
    per-marketplace overrides: the numbers a user may want to change."""
    data = rule.model_dump(by_alias=True, mode="json")
    shown = [
        f"{key}: {_value(data.get(key))}" for key in entry if key.replace("-", "_") not in _COMMON
    ]
    for market, override in sorted(rule.marketplaces.items()):
        changes = ", ".join(f"{key}: {_value(value)}" for key, value in override.items())
        shown.append(f"{market}: {changes}")
    return "; ".join(f"`{item}`" for item in shown)


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(str(key) for key in value) + "}"  # a kind's details: too long
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).lower() if isinstance(value, bool) else str(value)


def _link(url: str) -> str:
    if not url:
        return ""
    host = urlsplit(url).netloc.removeprefix("www.") or url
    return f"[{host}]({url})"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


if __name__ == "__main__":
    # The regeneration entry point (``python -m``); the command line proper is cli.py's.
    import sys

    sys.stdout.write(render())
