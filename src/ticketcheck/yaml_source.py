"""YAML that remembers where every key came from.

``yaml.safe_load`` loses positions, and ``yaml.load`` with a custom constructor can expand an
alias bomb ("billion laughs") into millions of nodes before we see it. So we let PyYAML's
safe loader *compose* the node graph (aliases stay shared nodes there, so composing is
cheap), then build plain Python values ourselves, counting every node we build and
recording the line and column of every key path.

PyYAML composes recursively, so nesting is counted while composing: ``[[[[...`` ten thousand
deep is refused at ``MAX_DEPTH`` instead of overflowing the interpreter's stack.
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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing to compose nodes nested deeper than ``max_depth``."""

    max_depth = MAX_DEPTH
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth + 1:  # +1: the document's top node is depth 0
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # untyped in the stubs
                raise YamlError(
                    f"nested deeper than {self.max_depth} levels", mark.line + 1, mark.column + 1
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_FastLoader: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def load_yaml(
    text: str,
    *,
    line_offset: int = 0,
    max_nodes: int = MAX_NODES,
    max_depth: int = MAX_DEPTH,
    trusted: bool = False,
) -> tuple[Any, Positions]:
    """Parse one YAML document safely; return its value and the positions of its keys.

    ``line_offset`` is added to every line (front matter starts after the ``---`` line).
    Raises ``YamlError`` with the line of a syntax error, or when the document holds more
    than ``max_nodes`` values once aliases are expanded or nests deeper than ``max_depth``.

    libyaml composes ten times faster than the pure-Python loader, which matters for start-up
    and for thousands of templates per run, but it has no nesting guard. So it is used for
    ``trusted`` text (the rule sets shipped in the package) and for text that cannot nest
    deeply: few enough brackets, and short enough that indentation alone cannot build a deep
    tree. Anything it rejects is parsed again by the pure-Python loader, whose error messages
    and positions are the ones users see.
    """
    if _FastLoader is not None and (trusted or _shallow(text, max_depth)):
        try:
            return _load(text, _FastLoader, line_offset, max_nodes, max_depth)
        except YamlError:
            if trusted:
                raise
    return _load(text, _Loader, line_offset, max_nodes, max_depth)


#: Block nesting needs indentation: depth d costs at least d*(d+1)/2 spaces, so text this
#: short cannot nest deeper than about 700 levels, which libyaml's composer handles.
_SHALLOW_CHARS = 256 * 1024


def _shallow(text: str, max_depth: int) -> bool:
    # Flow collections nest one level per bracket: fewer brackets than max_depth cannot
    # nest deeper than it, whatever their order.
    return len(text) <= _SHALLOW_CHARS and text.count("[") + text.count("{") <= max_depth


def _load(
    text: str,
    loader_class: type[yaml.SafeLoader],
    line_offset: int,
    max_nodes: int,
    max_depth: int,
) -> tuple[Any, Positions]:
    try:
        # The reader checks the whole text for control characters in the constructor.
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        raise YamlError(_first_line(exc), line) from None
    loader.max_depth = max_depth  # type: ignore[attr-defined]  # only _Loader reads it
    try:
        try:
            node = loader.get_single_node()
        except YamlError as exc:
            if exc.line is not None:
                exc.line += line_offset
            raise
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = (mark.line + 1 + line_offset, mark.column + 1) if mark else (None, None)
            raise YamlError(_yaml_message(exc), *where) from None
        except yaml.YAMLError as exc:
            raise YamlError(_first_line(exc)) from None
        positions = Positions()
        if node is None:
            return None, positions
        builder = _Builder(loader, positions, line_offset, max_nodes, max_depth)
        try:
            return builder.build(node, (), 0), positions
        except RecursionError:
            # Backstop only: depth is bounded above, but merge keys (<<) chain through
            # aliases, which PyYAML follows recursively.
            raise YamlError("nested too deeply through aliases and merge keys") from None
    finally:
        loader.dispose()


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return ", ".join(parts) or "invalid YAML"


class _Builder:
    def __init__(
        self,
        loader: yaml.SafeLoader,
        positions: Positions,
        line_offset: int,
        max_nodes: int,
        max_depth: int,
    ) -> None:
        self.loader = loader
        self.positions = positions
        self.offset = line_offset
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.count = 0

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > self.max_nodes:
            line, col = self._pos(node)
            raise YamlError(
                f"more than {self.max_nodes:,} values once aliases are expanded; "
                "refusing to process it",
                line,
                col,
            )
        if depth > self.max_depth:
            line, col = self._pos(node)
            raise YamlError(f"nested deeper than {self.max_depth} levels", line, col)
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
        # What PyYAML's scalar constructors let through: ValueError for a timestamp like
        # 2024-13-45 or an int over Python's 4300-digit limit, OverflowError for a
        # sexagesimal float like 1:59:59...:59.5, KeyError for `!!bool maybe`.
        except (ValueError, ArithmeticError, LookupError, TypeError) as exc:
            raise YamlError(f"invalid value: {_short(exc)}", line, col) from None

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[Any, Any]:
        self._check_merges(node)
        try:
            self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        except yaml.constructor.ConstructorError as exc:  # `<<: 3`: a merge of a non-mapping
            mark = exc.problem_mark
            line, col = (mark.line + 1 + self.offset, mark.column + 1) if mark else self._pos(node)
            raise YamlError(_yaml_message(exc), line, col) from None
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

    def _check_merges(self, node: yaml.MappingNode) -> None:
        """Refuse a merge-key bomb before PyYAML flattens it: PyYAML before the fix of
        yaml/pyyaml#897 copies every merged pair, so nine ``<<: [*a, *a, ...]`` levels make
        9**9 pairs, and even after it, distinct keys per level still add up."""
        sizes: dict[int, int] = {}

        def size(mapping: yaml.Node) -> int:
            if not isinstance(mapping, yaml.MappingNode):
                return 0
            known = sizes.get(id(mapping))
            if known is not None:
                return known
            sizes[id(mapping)] = 0  # a merge cycle counts once
            total = 0
            for key, value in mapping.value:
                if key.tag != "tag:yaml.org,2002:merge":
                    total += 1
                elif isinstance(value, yaml.SequenceNode):
                    total += sum(size(item) for item in value.value)
                else:
                    total += size(value)
                if total > self.max_nodes:
                    break
            sizes[id(mapping)] = total
            return total

        if size(node) > self.max_nodes:
            line, col = self._pos(node)
            raise YamlError(
                f"more than {self.max_nodes:,} values once merge keys are expanded; "
                "refusing to process it",
                line,
                col,
            )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    return lines[0] if lines else type(exc).__name__


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."


def format_path(path: KeyPath) -> str:
    """``("rules", 2, "max")`` -> ``rules[2].max``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
