from __future__ import annotations

import json
import textwrap

import pytest

from ticketcheck.errors import RuleSetError
from ticketcheck.ruleset import builtin_names, load_ruleset, rule_set_schema


@pytest.fixture
def rules_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def write(name: str, text: str) -> str:
        (tmp_path / name).write_text(textwrap.dedent(text))
        return name

    return write


def problems(ref: str) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(ref)
    return info.value.problems


def test_every_builtin_rule_set_loads():
    names = builtin_names()
    assert {"common", "a-to-z", "account-health", "category-approval"} <= set(names)
    for name in names:
        ruleset = load_ruleset(name)
        assert ruleset.name == name
        assert ruleset.rules, name


def test_extends_inherits_replaces_and_patches(rules_dir):
    rules_dir("base.yaml", """\
        ruleset: base
        rules:
          - {id: body-length, check: text-length, min-chars: 10}
          - {id: order, check: required-field, field: order_id, format: order-id}
          - {id: case, check: required-field, field: case_id}
        """)
    rules_dir("mine.yaml", """\
        ruleset: mine
        extends: [base]
        rules:
          - {id: body-length, max-chars: 500}
          - {id: order, enabled: false}
          - {id: case, check: text-length, field: subject, max-chars: 80}
          - {id: extra, check: placeholder}
        """)
    ruleset = load_ruleset("mine.yaml")
    assert [r.id for r in ruleset.rules] == ["body-length", "order", "case", "extra"]
    body = ruleset.rule("body-length")
    assert body is not None and body.model_dump()["min_chars"] == 10
    assert body.model_dump()["max_chars"] == 500
    order = ruleset.rule("order")
    assert order is not None and not order.enabled
    assert [r.id for r in ruleset.enabled_rules] == ["body-length", "case", "extra"]
    case_rule = ruleset.rule("case")
    assert case_rule is not None and case_rule.check == "text-length"


def test_user_rule_set_can_extend_a_builtin(rules_dir):
    rules_dir("strict.yaml", """\
        ruleset: strict
        extends: [a-to-z]
        rules:
          - {id: carrier-named, enabled: false}
          - {id: body-empty, min-chars: 200}
        """)
    ruleset = load_ruleset("strict.yaml")
    assert not ruleset.rule("carrier-named").enabled  # type: ignore[union-attr]
    assert ruleset.rule("body-empty").model_dump()["min_chars"] == 200  # type: ignore[union-attr]
    assert ruleset.rule("case-file") is not None  # inherited through a-to-z from common


def test_every_problem_in_one_pass_with_file_line_and_key_path(rules_dir):
    rules_dir("bad.yaml", """\
        ruleset: bad
        titel: x
        rules:
          - id: one
            check: text-lenght
          - id: two
            check: text-length
            max-chars: -3
          - id: three
            check: text-length
            max-chras: 3
          - id: two
            check: placeholder
        """)
    assert problems("bad.yaml") == [
        "bad.yaml:2: titel: unknown key 'titel' (did you mean 'title'?)",
        "bad.yaml:5: rules[0].check: unknown check kind 'text-lenght' (did you mean 'text-length'?)",
        "bad.yaml:8: rules[1].max-chars: input should be greater than or equal to 0",
        "bad.yaml:11: rules[2].max-chras: unknown key 'max-chras' (did you mean 'max-chars'?)",
        "bad.yaml:12: rules[3].id: 'two' is already used by rules[1]",
    ]


def test_yaml_syntax_error(rules_dir):
    rules_dir("syntax.yaml", "ruleset: syntax\nrules:\n  - id: [a\n")
    [line] = problems("syntax.yaml")
    assert line.startswith("syntax.yaml:4: invalid YAML:")


def test_cycle_is_detected(rules_dir):
    rules_dir("a.yaml", "ruleset: a\nextends: [b]\nrules: []\n")
    rules_dir("b.yaml", "ruleset: b\nextends: [a]\nrules: []\n")
    assert problems("a.yaml") == ["a.yaml: extends: cycle: a.yaml -> b.yaml -> a.yaml"]


def test_unknown_parent_and_name_mismatch(rules_dir):
    rules_dir("x.yaml", "ruleset: y\nextends: [a-to-zz]\nrules: []\n")
    assert problems("x.yaml") == [
        "x.yaml:1: ruleset: 'y' must equal the file name without .yaml ('x')",
        "x.yaml:2: extends[0]: no rule set 'a-to-zz' (did you mean 'a-to-z'?)",
    ]


def test_patch_without_inherited_rule_needs_check(rules_dir):
    rules_dir("p.yaml", "ruleset: p\nrules:\n  - {id: lonely, enabled: false}\n")
    assert problems("p.yaml") == ["p.yaml:3: rules[0]: rule 'lonely' needs 'check' (no inherited rule has this id)"]


def test_alias_bomb_rule_file_is_refused(rules_dir):
    lines = ["ruleset: bomb", 'x0: &x0 ["a","a","a","a","a","a","a","a","a","a"]']
    lines += [f"x{i}: &x{i} [" + ",".join([f"*x{i-1}"] * 10) + "]" for i in range(1, 7)]
    rules_dir("bomb.yaml", "\n".join(lines) + "\n")
    [line] = problems("bomb.yaml")
    assert "refusing to process it" in line


def test_unknown_builtin_name_suggests():
    assert problems("acount-health") == [
        "acount-health: no such rule set (did you mean 'account-health'?); built-in: "
        + ", ".join(builtin_names())
    ]


def test_schema_is_json_and_knows_every_kind():
    from ticketcheck.checks import CHECKS

    schema = json.loads(json.dumps(rule_set_schema()))
    text = json.dumps(schema)
    for kind in CHECKS:
        assert f'"{kind}"' in text
    assert schema["properties"]["rules"]["type"] == "array"
