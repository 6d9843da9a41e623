"""Which files a ``check PATH...`` run covers, and which config applies to each.

A directory yields every Markdown file under it whose front matter has ``category``, plus
``*.case.yaml`` / ``*.case.json``; hidden folders and virtual environments are skipped, and
so is what the config's ``exclude`` names or its ``include`` leaves out. A file named
explicitly is always checked, except with ``only_cases`` (what the pre-commit hook uses):
then a named file is filtered exactly as a folder walk would filter it, so pre-commit can
hand over every ``*.md`` of a repository and a README is skipped silently, not reported as a
broken case.

Globs are relative to the config file's folder and use ``/``: ``*`` and ``?`` stay inside
one folder, ``**`` crosses folders, and a pattern without ``/`` matches a name at any depth
(``drafts`` excludes every folder called drafts). A pattern that matches a folder covers
everything below it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .case import is_case_file
from .config import Config, find_config, load_config

SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


class Target(NamedTuple):
    """One case file to check, the tree its attachments must stay inside, and its config."""

    path: Path
    root: Path
    config: Config | None = None


def discover(
    paths: list[str],
    *,
    config_file: str | None = None,
    use_config: bool = True,
    only_cases: bool = False,
) -> tuple[list[Target], list[str]]:
    """Expand the command line's paths into case files; return them and one error line per
    path that does not exist. Raises ``RuleSetError`` when a config file is invalid."""
    forced = load_config(config_file) if config_file else None
    targets: list[Target] = []
    errors: list[str] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not (path.exists() or path.is_symlink()):
            errors.append(f"{raw}: no such file or directory")
            continue
        config = forced or (_config_near(path) if use_config else None)
        if path.is_dir():
            for found in _walk(path, config):
                if found not in seen:
                    seen.add(found)
                    targets.append(Target(found, _root(found, path, config), config))
        elif path not in seen:
            if only_cases and not (is_case_file(path) and _selected(path, config)):
                continue
            seen.add(path)
            targets.append(Target(path, _root(path, path.parent, config), config))
    return targets, errors


def _config_near(path: Path) -> Config | None:
    found = find_config(path)
    return load_config(found) if found is not None else None


def _root(path: Path, fallback: Path, config: Config | None) -> Path:
    # Inside a configured repository the attachment tree is the repository, so a case gives
    # the same findings whether pre-commit names it or CI walks its folder.
    if config is not None and relative_to(path, config.folder) is not None:
        return config.folder
    return fallback


def _selected(path: Path, config: Config | None) -> bool:
    if config is None:
        return True
    rel = relative_to(path, config.folder)
    if rel is None:
        return True
    if config.exclude and matches(rel, config.exclude):
        return False
    return not config.include or matches(rel, config.include)


def _walk(top: Path, config: Config | None) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        # Sorted in place so the walk, and so the output, is the same on every machine.
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and not _excluded_dir(Path(folder) / d, config)
        )
        for name in sorted(files):
            path = Path(folder) / name
            if _selected(path, config) and is_case_file(path):
                found.append(path)
    return found


def _excluded_dir(path: Path, config: Config | None) -> bool:
    if config is None or not config.exclude:
        return False
    rel = relative_to(path, config.folder)
    return rel is not None and matches(rel, config.exclude)


def relative_to(path: Path, folder: Path) -> str | None:
    """``path`` relative to ``folder`` with ``/`` separators, or None when outside it."""
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return None


def matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether ``rel`` (a ``/`` path) or one of the folders holding it matches a glob."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(_compile(p).fullmatch(prefix) for p in patterns for prefix in prefixes)


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("/"):
        pattern = pattern.lstrip("/")
    elif "/" not in pattern:
        pattern = "**/" + pattern
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return re.compile("".join(out))
