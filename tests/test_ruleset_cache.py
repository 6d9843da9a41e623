"""The command line's disk cache of resolved rule sets: reused while current, rebuilt when
anything it was built from changes, and never an error."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import examples_that_fail
from ticketcheck import ruleset_cache
from ticketcheck.errors import RuleSetError
from ticketcheck.ruleset import RuleSet, _Resolver, builtin_dir, builtin_names

PARENT = """\
ruleset: parent
rules:
  - {id: body-length, check: text-length, field: body, min-chars: 40}
"""
CHILD = """\
ruleset: child
extends: [parent]
rules:
  - {id: no-placeholders, check: placeholder}
"""


@pytest.fixture
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # Not inside tmp_path: the folders of the rule files are stamped, and creating the cache
    # beside them would change them.
    directory = tmp_path_factory.mktemp("cache") / "entries"
    previous = ruleset_cache.enable(directory)
    yield directory
    ruleset_cache.enable(previous)


@pytest.fixture
def child(tmp_path: Path) -> Path:
    (tmp_path / "parent.yaml").write_text(PARENT, encoding="utf-8")
    path = tmp_path / "child.yaml"
    path.write_text(CHILD, encoding="utf-8")
    return path


class Counting:
    """The real resolver, counting how often the cache had to call it."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> RuleSet:
        self.calls += 1
        return _Resolver().resolve(path)


def option(ruleset: RuleSet, rule_id: str, name: str) -> object:
    rule = ruleset.rule(rule_id)
    assert rule is not None
    return getattr(rule, name)


def test_a_current_entry_is_reused(cache: Path, child: Path) -> None:
    build = Counting()
    first = ruleset_cache.load(child, build)
    second = ruleset_cache.load(child, build)
    assert build.calls == 1
    assert second is not first  # read back from disk, not the same object
    assert [r.id for r in second.rules] == [r.id for r in first.rules] == ["body-length", "no-placeholders"]
    assert second.files == first.files and second.origins == first.origins
    assert option(second, "body-length", "min_chars") == 40
    assert len(list(cache.glob("*.pickle"))) == 1
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700  # pickles run code when loaded: private


def _edit(path: Path, old: str, new: str) -> None:
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_an_edited_parent_is_read_again(cache: Path, child: Path) -> None:
    build = Counting()
    ruleset_cache.load(child, build)
    _edit(child.with_name("parent.yaml"), "min-chars: 40", "min-chars: 90")
    again = ruleset_cache.load(child, build)
    assert build.calls == 2
    assert option(again, "body-length", "min_chars") == 90


def test_a_deleted_parent_is_not_served_from_the_cache(cache: Path, child: Path) -> None:
    ruleset_cache.load(child, Counting())
    child.with_name("parent.yaml").unlink()
    with pytest.raises(RuleSetError, match="no rule set 'parent'"):
        ruleset_cache.load(child, Counting())


def test_a_changed_source_stamp_rebuilds(
    cache: Path, child: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = Counting()
    ruleset_cache.load(child, build)
    monkeypatch.setattr(ruleset_cache, "_stamp", ("another", "version"))
    ruleset_cache.load(child, build)
    assert build.calls == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_entry_is_rebuilt_and_replaced(cache: Path, child: Path, damage: bytes) -> None:
    ruleset_cache.load(child, Counting())
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(damage)
    build = Counting()
    assert option(ruleset_cache.load(child, build), "body-length", "min_chars") == 40
    assert build.calls == 1
    ruleset_cache.load(child, build)
    assert build.calls == 1  # the rebuilt entry replaced the damaged one


def test_an_invalid_rule_set_is_never_cached(cache: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ruleset: bad\nrules:\n  - {id: x, check: no-such-kind}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleSetError, match="no-such-kind"):
            ruleset_cache.load(bad, Counting())
    assert not cache.exists() or not list(cache.glob("*.pickle"))


def test_an_unwritable_directory_only_means_no_cache(tmp_path: Path, child: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    previous = ruleset_cache.enable(blocker / "cache")  # cannot be created under a file
    try:
        build = Counting()
        for _ in range(2):
            assert option(ruleset_cache.load(child, build), "body-length", "min_chars") == 40
        assert build.calls == 2
    finally:
        ruleset_cache.enable(previous)


def test_off_by_default_for_the_api(child: Path, tmp_path: Path) -> None:
    previous = ruleset_cache.enable(None)
    try:
        build = Counting()
        ruleset_cache.load(child, build)
        ruleset_cache.load(child, build)
        assert build.calls == 2
    finally:
        ruleset_cache.enable(previous)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TICKETCHECK_CACHE_DIR": "/x/tc"}, Path("/x/tc")),
        ({"TICKETCHECK_CACHE_DIR": ""}, None),
        ({"XDG_CACHE_HOME": "/x/xdg"}, Path("/x/xdg/ticketcheck")),
        ({"HOME": "/x/home"}, Path("/x/home/.cache/ticketcheck")),
    ],
)
def test_default_directory(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Path | None
) -> None:
    for name in ("TICKETCHECK_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert ruleset_cache.default_directory() == expected


@pytest.mark.parametrize("name", builtin_names())
def test_a_built_in_rule_set_read_back_from_disk_behaves_the_same(cache: Path, name: str) -> None:
    # A check keeps private state built at validation (word-list matchers, compiled
    # patterns): it must survive the round trip through the pickle.
    path = builtin_dir() / f"{name}.yaml"
    fresh = ruleset_cache.load(path, Counting())
    build = Counting()
    cached = ruleset_cache.load(path, build)
    assert build.calls == 0 and cached is not fresh
    assert [r.model_dump() for r in cached.rules] == [r.model_dump() for r in fresh.rules]
    assert examples_that_fail(cached) == []


WORDS_RULES = """\
ruleset: words
rules:
  - {id: house-words, check: sensitive-words, words-file: banned.txt}
"""


def _house_words(ruleset: RuleSet, text: str) -> list[str]:
    from ticketcheck.case import Case
    from ticketcheck.engine import check

    report = check(Case(category="words", body=text), ruleset)
    return [f.message for f in report.findings if f.rule == "house-words"]


def test_a_words_file_is_a_dependency_of_the_cached_rule_set(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    for folder, word in ((here, "guarantee"), (there, "promise")):
        folder.mkdir()
        (folder / "banned.txt").write_text(f"{word}\n", encoding="utf-8")
    rules = tmp_path / "words.yaml"
    rules.write_text(WORDS_RULES, encoding="utf-8")
    monkeypatch.chdir(here)  # words-file is relative to the working directory
    build = Counting()
    assert _house_words(ruleset_cache.load(rules, build), "We guarantee it.")
    assert _house_words(ruleset_cache.load(rules, build), "We guarantee it.")
    assert build.calls == 1
    _edit(here / "banned.txt", "guarantee", "refund")  # the list changed, the YAML did not
    edited = ruleset_cache.load(rules, build)
    assert build.calls == 2
    assert not _house_words(edited, "We guarantee it.") and _house_words(edited, "A refund.")
    monkeypatch.chdir(there)  # the same rule set names another file from here
    moved = ruleset_cache.load(rules, build)
    assert build.calls == 3 and _house_words(moved, "I promise.")
    (there / "banned.txt").unlink()
    with pytest.raises(RuleSetError, match=r"banned\.txt"):
        ruleset_cache.load(rules, build)


def test_a_new_sibling_that_a_parent_name_now_finds_is_seen(cache: Path, tmp_path: Path) -> None:
    # "extends: [common]" finds a common.yaml beside the file before the built-in one.
    rules = tmp_path / "mine.yaml"
    rules.write_text("ruleset: mine\nextends: [common]\nrules: []\n", encoding="utf-8")
    build = Counting()
    builtin = ruleset_cache.load(rules, build)
    assert builtin.rule("english-only") is not None
    (tmp_path / "common.yaml").write_text(
        "ruleset: common\nrules:\n  - {id: only-mine, check: placeholder}\n", encoding="utf-8"
    )
    mine = ruleset_cache.load(rules, build)
    assert build.calls == 2
    assert [r.id for r in mine.rules] == ["only-mine"]


def test_a_relative_path_from_another_folder_is_another_rule_set(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same name, size and mtime in two folders: only the absolute path tells them apart.
    for folder, chars in (("a", "40"), ("b", "90")):
        (tmp_path / folder).mkdir()
        file = tmp_path / folder / "parent.yaml"
        file.write_text(PARENT.replace("40", chars), encoding="utf-8")
        os.utime(file, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    build = Counting()
    monkeypatch.chdir(tmp_path / "a")
    assert option(ruleset_cache.load(Path("parent.yaml"), build), "body-length", "min_chars") == 40
    monkeypatch.chdir(tmp_path / "b")
    assert option(ruleset_cache.load(Path("parent.yaml"), build), "body-length", "min_chars") == 90
    assert build.calls == 2
