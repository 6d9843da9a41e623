from __future__ import annotations

import pytest

from ticketcheck.yaml_source import YamlError, format_path, load_yaml


def test_positions_of_keys_and_items():
    value, positions = load_yaml("a: 1\nb:\n  - x\n  - y: 2\n", line_offset=10)
    assert value == {"a": 1, "b": ["x", {"y": 2}]}
    assert positions.keys[("a",)] == (11, 1)
    assert positions.keys[("b", 1)] == (14, 5)
    assert positions.keys[("b", 1, "y")] == (14, 5)
    assert positions.line_of(("b", 1, "y", "missing")) == 14


def test_syntax_error_names_its_line():
    with pytest.raises(YamlError) as info:
        load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.line == 3
    assert "expected ',' or ']'" in info.value.message


def test_alias_bomb_is_refused_not_expanded():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlError, match="refusing to process it"):
        load_yaml("\n".join(lines))


def test_small_aliases_still_work():
    value, _ = load_yaml("base: &b {x: 1}\nother: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert value == {"base": {"x": 1}, "other": {"x": 1}, "merged": {"x": 1, "y": 2}}


def test_duplicate_keys_are_recorded():
    _, positions = load_yaml("a: 1\nb: 2\na: 3\n")
    assert positions.duplicates == [(("a",), 3)]


def test_deep_nesting_is_refused():
    with pytest.raises(YamlError, match="nested deeper"):
        load_yaml("[" * 100 + "]" * 100)


@pytest.mark.parametrize(
    ("path", "shown"),
    [(("rules", 2, "max-chars"), "rules[2].max-chars"), (("a",), "a"), ((0, "x"), "[0].x")],
)
def test_format_path(path, shown):
    assert format_path(path) == shown
