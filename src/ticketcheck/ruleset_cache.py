"""A disk cache of resolved rule sets, for the command line.

Resolving a rule set (YAML with positions for every key, then a pydantic schema built for
each check kind it uses) takes about 25 ms, and a pre-commit hook pays it on every commit for
the same unchanged files: an eighth of a one-case run. ``ticketcheck check`` therefore
keeps each resolved rule set as a pickle in the user cache directory and reuses it while
everything it was built from is unchanged:

- every rule file of the set, its ``extends`` parents included: path, size and mtime; and
  the folders that hold them (a parent is looked for beside its child before among the
  built-in sets, so a new ``common.yaml`` beside a rule set changes what it extends);
- every other file a rule read (a ``words-file``), resolved again from where it is run;
- this package's own source files (an edited check class must not meet an old pickle);
- the Python, ticketcheck and pydantic versions.

The directory is ``$TICKETCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/ticketcheck``, else
``~/.cache/ticketcheck``; ``TICKETCHECK_CACHE_DIR=`` (empty) turns the cache off. The
Python API does not use it: a library should not write to the home directory. Anything
wrong with the cache (unwritable, corrupt, stale, written by another version) means the rule
set is loaded from its files, as without a cache; it is never an error. Loading a pickle
runs code, so the directory is created private (0700) and must be trusted like the rest of
the user's home: never restore it from an untrusted source, such as a CI cache that pull
requests from forks can write.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .ruleset import RuleSet

FORMAT = 1  # bump when the pickled layout changes in a way the source stamp cannot see

_directory: Path | None = None
_stamp: tuple[object, ...] | None = None

FileStamp = tuple[str, int, int]  # path, size, mtime in ns


def default_directory() -> Path | None:
    """The cache directory the environment asks for; None when it turns the cache off."""
    chosen = os.environ.get("TICKETCHECK_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ticketcheck"


def enable(directory: Path | None) -> Path | None:
    """Use ``directory`` in this process (and the workers it forks); None turns the cache
    off. Returns the directory used until now, to restore."""
    global _directory
    previous, _directory = _directory, directory
    return previous


def load(path: Path, build: Callable[[Path], RuleSet]) -> RuleSet:
    """The rule set of ``path`` from the cache if it is current, else ``build(path)`` (which
    may raise ``RuleSetError``: an invalid rule set is never cached)."""
    if _directory is None:
        return build(path)
    import hashlib  # here, as pickle below: the API, which has no cache, pays for neither

    where = os.path.abspath(path)
    entry = _directory / f"{hashlib.sha256(os.fsencode(where)).hexdigest()[:32]}.pickle"
    cached = _read(entry, where)
    if cached is not None:
        return cached
    ruleset = build(path)
    stamps = _dependencies(ruleset)
    if stamps is not None:
        _write(entry, (_source_stamp(), where, stamps, ruleset))
    return ruleset


def _read(entry: Path, where: str) -> RuleSet | None:
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    import pickle

    try:
        stamp, cached_path, stamps, ruleset = pickle.loads(data)
    except Exception:  # corrupt, truncated or from another version: rebuild it
        return None
    from .ruleset import RuleSet

    if stamp != _source_stamp() or cached_path != where or not isinstance(ruleset, RuleSet):
        return None
    return ruleset if _dependencies(ruleset) == stamps else None


def _dependencies(ruleset: RuleSet) -> list[FileStamp] | None:
    """Stamps of the files ``ruleset`` was built from; None if one cannot be read. A file a
    rule names relative to the working directory is resolved from the current one, so the
    same rule set run from another folder, which would read another file, does not match."""
    try:
        read = [
            Path(os.path.expanduser(name)).resolve()
            for rule in ruleset.rules
            for name in rule.files_read()
        ]
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte: not cacheable
        return None
    folders = list(dict.fromkeys(file.parent for file in ruleset.files))
    return _file_stamps([*ruleset.files, *folders, *read])


def _write(entry: Path, payload: object) -> None:
    import pickle

    temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # pickles: private
        temporary.write_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, entry)  # atomic: a concurrent reader sees the old or the new
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def _file_stamps(files: Iterable[Path]) -> list[FileStamp] | None:
    stamps = []
    for file in files:
        try:
            info = os.stat(file)
        except OSError:
            return None
        # Absolute: a relative path names another file when run from another folder.
        stamps.append((os.path.abspath(file), info.st_size, info.st_mtime_ns))
    return stamps


def _source_stamp() -> tuple[object, ...]:
    """What the pickled objects' classes depend on: versions and this package's source."""
    global _stamp
    if _stamp is None:
        import pydantic.version

        package = Path(__file__).parent
        sources: list[FileStamp] = []
        for folder in (package, package / "checks"):
            with os.scandir(folder) as entries:
                for item in entries:
                    if item.name.endswith(".py") and item.is_file():
                        info = item.stat()
                        sources.append((item.name, info.st_size, info.st_mtime_ns))
        _stamp = (FORMAT, sys.version, __version__, pydantic.version.VERSION, sorted(sources))
    return _stamp
