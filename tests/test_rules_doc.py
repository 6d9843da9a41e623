"""docs/rules.md is generated from the rule sets, and must not fall behind them."""

from __future__ import annotations

from pathlib import Path

from ticketcheck.rules_doc import REGENERATE, render
from ticketcheck.ruleset import builtin_names, load_ruleset

PAGE = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    assert PAGE.is_file(), f"docs/rules.md is missing; write it with: {REGENERATE}"
    assert PAGE.read_text(encoding="utf-8") == render(), (
        f"docs/rules.md is out of date with rules/*.yaml; regenerate it with: {REGENERATE}"
    )


def test_every_category_and_rule_written_is_documented_with_its_source():
    page = render()
    for name in builtin_names():
        assert f"## {name}: " in page
        for rule in load_ruleset(name).rules:
            # Each rule appears in the table of the file that writes it; sources link out.
            assert f"| `{rule.id}` |" in page
            assert f"({rule.source})" in page


def test_inherited_rules_are_noted_not_repeated():
    page = render()
    section = page.split("## a-to-z: ", 1)[1].split("\n## ", 1)[0]
    assert "Extends [`common`](#common)" in section
    assert "| `attachment-size` |" not in section  # inherited unchanged: listed in common
    assert "| `order-id` |" in section  # patched here: listed, marked as a change
    assert "*(changes the inherited rule)*" in section
    assert "`AU: window-hours: 48`" in section


def test_render_is_deterministic():
    assert render() == render()
