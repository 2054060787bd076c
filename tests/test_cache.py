"""The rule-pack cache and the frozen regexes it stores: a cached pack lints exactly like a fresh one."""

import pickle
import re

import pytest

from conftest import FIXTURES
from medlint import frozen_re, rules
from medlint.engine import lint
from medlint.lazy import LazyPattern
from medlint.readers import read_document


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MEDLINT_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_the_pack_is_cached_and_read_back_without_parsing_yaml(cache_dir, monkeypatch):
    fresh = rules.load_pack()
    assert len(list(cache_dir.glob("pack-*.pickle"))) == 1

    def no_parsing(paths):
        raise AssertionError("the cache missed")

    monkeypatch.setattr(rules, "_load_files", no_parsing)
    cached = rules.load_pack()
    assert [r.id for r in cached.rules] == [r.id for r in fresh.rules]


def test_a_changed_rule_file_misses_the_cache(cache_dir, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("rules: []\n")
    rules.load_pack([str(extra)])
    extra.write_text("rules: []\n# changed\n")
    rules.load_pack([str(extra)])
    assert len(list(cache_dir.glob("pack-*.pickle"))) == 2


@pytest.mark.parametrize("page", sorted(p.name for p in (FIXTURES / "pages").iterdir() if p.suffix != ".expected"))
def test_a_cached_pack_lints_like_a_fresh_one(page):
    fresh = rules._load_files(rules.rule_files(rules.shipped_rules_dir()))
    thawed = pickle.loads(pickle.dumps(fresh))
    source = (FIXTURES / "pages" / page).read_text(encoding="utf-8")
    assert lint(read_document(page, source), thawed).findings == lint(read_document(page, source), fresh).findings


def test_a_thawed_pattern_needs_no_compiling(monkeypatch):
    pattern = pickle.loads(pickle.dumps(LazyPattern(r"\b(?P<word>safe|Cure)s?\b", re.IGNORECASE)))

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(re, "compile", no_compiling)
    fast = pattern.fast()
    assert fast.pattern == r"\b(?P<word>safe|cure)s?\b" and fast.groupindex == {"word": 1}
    assert fast.search("it is safe.").group("word") == "safe"


@pytest.mark.parametrize("pattern", [r"a(b|c)*d", r"(?P<x>\w+)\s+(?P=x)", r"(?<!not )safe", r"[^\W\d]+", r"^x$"])
def test_freeze_and_thaw_give_the_same_matches_as_compiling(pattern):
    thawed = frozen_re.thaw(frozen_re.freeze(pattern, re.MULTILINE))
    reference = re.compile(pattern, re.MULTILINE)
    text = "abcbd word word not safe is safe ünïcode 42\nx\n"
    assert [m.span() for m in thawed.finditer(text)] == [m.span() for m in reference.finditer(text)]
    assert (thawed.flags, thawed.groupindex) == (reference.flags, reference.groupindex)


def test_a_pattern_frozen_by_another_python_is_compiled_instead():
    stamp, args = frozen_re.freeze("safe")
    assert frozen_re.thaw((("otherpython", (9, 9, 9), 0, 0), args)) is None
    pattern = LazyPattern("safe", re.IGNORECASE)
    pattern.__setstate__(("safe", re.IGNORECASE, (("otherpython",), args)))
    assert pattern.fast().search("it is safe")


def test_old_packs_are_pruned(cache_dir):
    from medlint import cache

    cache_dir.mkdir()
    for i in range(cache.KEEP + 5):
        (cache_dir / f"pack-old{i}.pickle").write_bytes(b"stale")
    rules.load_pack()
    assert len(list(cache_dir.glob("pack-*.pickle"))) == cache.KEEP
