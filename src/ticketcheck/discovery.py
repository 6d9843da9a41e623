"""Which files a ``check PATH...`` run covers.

A directory yields every Markdown file under it whose front matter has ``category``, plus
``*.case.yaml`` / ``*.case.json``; hidden folders and virtual environments are skipped. A
file named explicitly is always checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .case import is_case_file

SKIP_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


@dataclass(frozen=True)
class Target:
    """One case file to check, and the tree its attachments must stay inside."""

    path: Path
    root: Path


def discover(paths: list[str]) -> tuple[list[Target], list[str]]:
    """Expand the command line's paths into case files; return them and one error line per
    path that does not exist."""
    targets: list[Target] = []
    errors: list[str] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path):
                if found not in seen:
                    seen.add(found)
                    targets.append(Target(found, path))
        elif path.exists() or path.is_symlink():
            if path not in seen:
                seen.add(path)
                targets.append(Target(path, path.parent))
        else:
            errors.append(f"{raw}: no such file or directory")
    return targets, errors


def _walk(top: Path) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(top):
        # Sorted in place so the walk, and so the output, is the same on every machine.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            if is_case_file(path):
                found.append(path)
    return found
