"""Project config: discovery, validation messages, levels and per-path overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ruleset_of
from ticketcheck.config import find_config, load_config
from ticketcheck.discovery import discover, matches
from ticketcheck.errors import RuleSetError
from ticketcheck.runner import apply_levels, ruleset_for, settings_for


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, name: str = ".ticketcheck.yaml") -> list[str]:
    path = write(tmp_path / name, text)
    with pytest.raises(RuleSetError) as info:
        load_config(path)
    return [line.replace(str(path), "CFG") for line in info.value.problems]


def test_found_by_walking_up_to_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / ".ticketcheck.yaml", "placeholders: [outer]\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    case = write(repo / "a" / "b" / "case.md", "")
    assert find_config(case) is None  # the config above the repository never applies
    config = write(repo / ".ticketcheck.yaml", "placeholders: [inner]\n")
    assert find_config(case) == config.resolve()
    assert find_config(repo / "a") == config.resolve()


def test_pyproject_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path) is None  # a pyproject without the table is not a config
    path = write(
        tmp_path / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.ticketcheck]\nplaceholders = ["order_id"]\n'
        'rules = { carrier-named = "warning" }\n',
    )
    assert find_config(tmp_path) == path.resolve()
    config = load_config(path)
    assert config.placeholders == ["order_id"]
    assert config.rules == {"carrier-named": "warning"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "placeholder: [x]\n",
            ["CFG:1: placeholder: unknown key 'placeholder' (did you mean 'placeholders'?)"],
            id="unknown-key",
        ),
        pytest.param(
            "rules:\n  carrier-named: warn\n",
            ["CFG:2: rules.carrier-named: 'warn' is not a level (did you mean 'warning'?): "
             "use off, on, info, warning, error"],
            id="bad-level",
        ),
        pytest.param(
            "rules:\n  carier-named: off\n",
            ["CFG:2: rules.carier-named: unknown rule id 'carier-named' "
             "(did you mean 'carrier-named'?)"],
            id="unknown-rule-id",
        ),
        pytest.param(
            "overrides:\n  - paths: [a/**]\n    rule: {}\n",
            ["CFG:3: overrides[0].rule: unknown key 'rule' (did you mean 'rules'?)"],
            id="override-key",
        ),
        pytest.param(
            "overrides:\n  - ruleset: a-to-z\n",
            ["CFG:2: overrides[0].paths: field required"],
            id="override-without-paths",
        ),
        pytest.param(
            "ruleset: a-to-zz\n",
            ["CFG:1: ruleset: a-to-zz: no such rule set (did you mean 'a-to-z'?); built-in: "
             "a-to-z, account-health, category-approval, common"],
            id="unknown-ruleset",
        ),
        pytest.param(
            "include: '*.md'\nencoding: 5\n",
            ["CFG:1: include: input should be a valid list",
             "CFG:2: encoding: input should be a valid string"],
            id="every-problem-at-once",
        ),
        pytest.param("rules: [a\n", ["CFG:2: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"], id="yaml"),
        pytest.param(
            "placeholders: [a]\nplaceholders: [b]\n", ["CFG:2: placeholders: given twice"], id="dupe"
        ),
    ],
)
def test_problems_are_one_line_each(tmp_path: Path, text: str, expected: list[str]) -> None:
    found = problems(tmp_path, text)
    # The built-in list grows as categories are added; compare up to it.
    assert [p.split("; built-in:")[0] for p in found] == [e.split("; built-in:")[0] for e in expected]


def test_toml_problem_points_at_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path, '[tool.ticketcheck]\nplaceholders = ["a"]\nexclud = ["x"]\n', "pyproject.toml"
    )
    assert found == ["CFG:3: exclud: unknown key 'exclud' (did you mean 'exclude'?)"]


def test_yaml_off_reads_as_the_word(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / ".ticketcheck.yaml", "rules: {carrier-named: off}\n"))
    assert config.rules == {"carrier-named": "off"}


@pytest.mark.parametrize(
    ("level", "enabled", "severity"),
    [("off", False, "error"), ("on", True, "error"), ("warning", True, "warning"),
     ("info", True, "info")],
)
def test_apply_levels(level: str, enabled: bool, severity: str) -> None:
    base = ruleset_of({"id": "p", "check": "placeholder"}, {"id": "q", "check": "placeholder"})
    changed = apply_levels(base, [("p", level), ("elsewhere", "off")])
    rule = changed.rule("p")
    assert rule is not None
    assert (rule.enabled, str(rule.severity)) == (enabled, severity)
    assert changed.rule("q") == base.rule("q")
    assert base.rule("p") is not None and base.rule("p").enabled  # type: ignore[union-attr]  # checked


def test_overrides_later_wins(tmp_path: Path) -> None:
    write(tmp_path / "rules" / "buyer-message.yaml",
          "ruleset: buyer-message\nextends: [common]\nrules: []\n")
    config = load_config(write(tmp_path / ".ticketcheck.yaml", """\
rulesets: [rules/buyer-message.yaml]
placeholders: [order_id]
rules: {body-empty: warning}
overrides:
  - paths: ["buyer-messages/**"]
    ruleset: buyer-message
    placeholders: [buyer_first_name]
  - paths: ["buyer-messages/urgent-*.md"]
    rules: {body-empty: off}
"""))
    plain = settings_for(config, tmp_path / "a-to-z" / "x.md")
    assert plain.ruleset is None and plain.levels == (("body-empty", "warning"),)
    assert plain.placeholders == ("order_id",)
    urgent = settings_for(config, tmp_path / "buyer-messages" / "urgent-1.md")
    assert urgent.ruleset == str(tmp_path / "rules" / "buyer-message.yaml")
    assert urgent.levels == (("body-empty", "off"),)
    assert urgent.placeholders == ("order_id", "buyer_first_name")
    resolved = ruleset_for(urgent, None, "a-to-z")
    assert resolved is not None and resolved.name == "buyer-message"
    body_empty = resolved.rule("body-empty")
    assert body_empty is not None and not body_empty.enabled
    # A category that names an extra rule set uses it.
    by_category = ruleset_for(plain, None, "buyer-message")
    assert by_category is not None and by_category.name == "buyer-message"
    assert ruleset_for(plain, None, "no-such-category") is None  # the engine reports it


@pytest.mark.parametrize(
    ("rel", "patterns", "hit"),
    [
        ("drafts/a.md", ["drafts"], True),
        ("x/drafts/a.md", ["drafts"], True),
        ("x/drafts/a.md", ["/drafts"], False),
        ("drafts/a.md", ["drafts/**"], True),
        ("a/b/c.md", ["a/**/c.md"], True),
        ("a/c.md", ["a/**/c.md"], True),
        ("a/b/c.md", ["a/*.md"], False),
        ("a/c.md", ["a/*.md"], True),
        ("notes.md", ["*.md"], True),
        ("a/notes.txt", ["*.md"], False),
        ("a/case1.md", ["a/case[0-9].md"], True),
        ("a/casex.md", ["a/case[!x].md"], False),
    ],
)
def test_globs(rel: str, patterns: list[str], hit: bool) -> None:
    assert matches(rel, patterns) is hit


CASE = "---\ncategory: a-to-z\n---\nBody.\n"


def test_include_exclude_in_walks_and_only_cases(tmp_path: Path) -> None:
    write(tmp_path / ".ticketcheck.yaml", "include: ['cases/**']\nexclude: [old]\n")
    write(tmp_path / "cases" / "a.md", CASE)
    write(tmp_path / "cases" / "old" / "b.md", CASE)
    write(tmp_path / "other" / "c.md", CASE)
    write(tmp_path / "cases" / "README.md", "# Notes\n")
    targets, errors = discover([str(tmp_path)])
    assert errors == []
    assert [t.path.relative_to(tmp_path).as_posix() for t in targets] == ["cases/a.md"]
    assert all(t.root == tmp_path for t in targets)
    named = [str(tmp_path / p) for p in ("cases/a.md", "cases/old/b.md", "other/c.md",
                                          "cases/README.md")]
    # Named explicitly, every file is checked (DESIGN) ...
    assert len(discover(named)[0]) == 4
    # ... unless the hook asks to filter them like a walk.
    only = discover(named, only_cases=True)[0]
    assert [t.path.relative_to(tmp_path).as_posix() for t in only] == ["cases/a.md"]
    assert len(discover(named, only_cases=True, use_config=False)[0]) == 3
