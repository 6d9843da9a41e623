"""YAML that remembers where every key came from.

``yaml.safe_load`` loses positions, and ``yaml.load`` with a custom constructor can expand an
alias bomb ("billion laughs") into millions of nodes before we see it. So we let PyYAML's
safe loader *compose* the node graph (aliases stay shared nodes there, so composing is
cheap), then build plain Python values ourselves, counting every node we build and
recording the line and column of every key path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

# A real rule set or case file has a few thousand nodes; this refuses an alias bomb long
# before it costs memory, while leaving ample room for large word lists.
MAX_NODES = 200_000
MAX_DEPTH = 64

KeyPath = tuple[str | int, ...]


class YamlError(Exception):
    """The text is not valid YAML, or is too large or deep once aliases are expanded."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Positions:
    """1-based (line, column) of each key path: of the key for mapping entries, of the item
    for sequence entries; ``values`` holds where each value starts and its scalar style."""

    keys: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    values: dict[KeyPath, tuple[int, int, str | None]] = field(default_factory=dict)
    duplicates: list[tuple[KeyPath, int]] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of the deepest known prefix of ``path``."""
        for end in range(len(path), -1, -1):
            pos = self.keys.get(path[:end])
            if pos is not None:
                return pos[0]
        return None


def load_yaml(text: str, *, line_offset: int = 0) -> tuple[Any, Positions]:
    """Parse one YAML document safely; return its value and the positions of its keys.

    ``line_offset`` is added to every line (front matter starts after the ``---`` line).
    Raises ``YamlError`` with the line of a syntax error.
    """
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 + line_offset if mark else None
            column = mark.column + 1 if mark else None
            raise YamlError(_yaml_message(exc), line, column) from None
        except yaml.YAMLError as exc:
            raise YamlError(str(exc).splitlines()[0]) from None
        positions = Positions()
        if node is None:
            return None, positions
        builder = _Builder(loader, positions, line_offset)
        return builder.build(node, (), 0), positions
    finally:
        loader.dispose()


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return ", ".join(parts) or "invalid YAML"


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, positions: Positions, line_offset: int) -> None:
        self.loader = loader
        self.positions = positions
        self.offset = line_offset
        self.count = 0

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            line, col = self._pos(node)
            raise YamlError(
                f"more than {MAX_NODES} values once aliases are expanded; refusing to process it",
                line,
                col,
            )
        if depth > MAX_DEPTH:
            line, col = self._pos(node)
            raise YamlError(f"nested deeper than {MAX_DEPTH} levels", line, col)
        line, col = self._pos(node)
        style = getattr(node, "style", None)
        self.positions.values.setdefault(path, (line, col, style))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, child in enumerate(node.value):
                self.positions.keys.setdefault((*path, index), self._pos(child))
                items.append(self.build(child, (*path, index), depth + 1))
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise YamlError(_yaml_message(exc), line, col) from None
        except ValueError as exc:  # e.g. a timestamp like 2024-13-45
            raise YamlError(f"invalid value: {exc}", line, col) from None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[Any, Any]:
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node, path, depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                line, col = self._pos(key_node)
                raise YamlError("a mapping key must be a plain value", line, col)
            key = str(key) if not isinstance(key, str) else key
            key_path = (*path, key)
            line, col = self._pos(key_node)
            if key in result:
                self.positions.duplicates.append((key_path, line))
            self.positions.keys[key_path] = (line, col)
            result[key] = self.build(value_node, key_path, depth + 1)
        return result


def format_path(path: KeyPath) -> str:
    """``("rules", 2, "max")`` -> ``rules[2].max``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
