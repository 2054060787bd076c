"""The rule-pack cache and the frozen regexes it stores: a cached pack lints exactly like a fresh one,
and a cache file that is damaged, foreign or forged is never trusted."""

import json
import os
import pickle
import re

import pytest

from conftest import FIXTURES, ROOT, run_cli
from medlint import cache, frozen_re, rules
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
    assert len(list(cache_dir.glob("pack-*.json"))) == 1

    def no_parsing(paths):
        raise AssertionError("the cache missed")

    monkeypatch.setattr(rules, "_parse_files", no_parsing)
    cached = rules.load_pack()
    assert [r.id for r in cached.rules] == [r.id for r in fresh.rules]


def test_a_changed_rule_file_misses_the_cache(cache_dir, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text("rules: []\n")
    rules.load_pack([str(extra)])
    extra.write_text("rules: []\n# changed\n")
    rules.load_pack([str(extra)])
    assert len(list(cache_dir.glob("pack-*.json"))) == 2


@pytest.fixture(scope="module")
def fresh_and_cached(tmp_path_factory):
    """The shipped pack loaded from its files, and again from the cache that load wrote."""
    folder = tmp_path_factory.mktemp("cache")
    saved = {k: os.environ.get(k) for k in ("MEDLINT_CACHE_DIR", "MEDLINT_NO_CACHE")}
    os.environ["MEDLINT_CACHE_DIR"] = str(folder)
    os.environ.pop("MEDLINT_NO_CACHE", None)
    parse = rules._parse_files
    try:
        fresh = rules.load_pack()
        rules._parse_files = None  # the second load must come from the cache
        cached = rules.load_pack()
    finally:
        rules._parse_files = parse
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return fresh, cached


@pytest.mark.parametrize("page", sorted(p.name for p in (FIXTURES / "pages").iterdir() if p.suffix != ".expected"))
def test_a_cached_pack_lints_like_a_fresh_one(page, fresh_and_cached):
    fresh, cached = fresh_and_cached
    source = (FIXTURES / "pages" / page).read_text(encoding="utf-8")
    assert lint(read_document(page, source), cached).findings == lint(read_document(page, source), fresh).findings


def test_a_cached_pack_keeps_rule_lines_and_needs_no_regex_compiling(fresh_and_cached):
    fresh, cached = fresh_and_cached
    assert [(r.id, r.path, r.line) for r in cached.rules] == [(r.id, r.path, r.line) for r in fresh.rules]
    assert all(r.compiled.pattern._compiled is None for r in cached.rules if r.kind == "pattern")


def test_a_pack_still_pickles_for_worker_processes():
    fresh = rules._load_files(rules.rule_files(rules.shipped_rules_dir()))
    thawed = pickle.loads(pickle.dumps(fresh))
    source = (ROOT / "examples" / "ketamine-ptsd.md").read_text(encoding="utf-8")
    page = "ketamine-ptsd.md"
    assert lint(read_document(page, source), thawed).findings == lint(read_document(page, source), fresh).findings


# -- a cache is data, verified before use (issue 12, item 17) --------------------------------

def _cache_file(folder):
    (found,) = folder.glob("pack-*.json")
    return found


def _rewrite(path, docs=None, memo_and_blob=None):
    """Rewrite a cache file's documents or memo with a digest that matches (a forger's work)."""
    raw = path.read_bytes()
    end = raw.index(b"\n")
    docs_end = raw.index(b"\n", end + 1)
    header = json.loads(raw[:end])
    docs_text = raw[end + 1:docs_end] if docs is None else json.dumps(docs(json.loads(raw[end + 1:docs_end]))).encode()
    rest = raw[docs_end + 1:] if memo_and_blob is None else memo_and_blob
    body = docs_text + b"\n" + rest
    header["digest"] = cache.body_check(body)
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    path.chmod(0o600)


def _findings(cache_dir):
    out = run_cli("--format", "json", ROOT / "examples" / "ketamine-ptsd.md",
                  env={"MEDLINT_CACHE_DIR": str(cache_dir), "MEDLINT_NO_CACHE": ""})
    assert out.returncode == 1, out.stderr
    return json.loads(out.stdout)["findings"]


def test_a_pickle_planted_in_the_cache_is_never_run(tmp_path):
    folder = tmp_path / "cache"
    expected = _findings(folder)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for path in folder.glob("pack-*"):
        path.write_bytes(pickle.dumps(Payload()))
    assert _findings(folder) == expected
    assert not marker.exists()


def test_an_empty_pack_in_the_cache_is_not_trusted(tmp_path):
    folder = tmp_path / "cache"
    expected = _findings(folder)
    _rewrite(_cache_file(folder), docs=lambda docs: [None for _ in docs])  # every rule file "empty"
    assert _findings(folder) == expected


@pytest.mark.parametrize("damage", ["flip", "truncate", "format", "memo"])
def test_a_damaged_cache_is_rebuilt(tmp_path, damage):
    folder = tmp_path / "cache"
    expected = _findings(folder)
    path = _cache_file(folder)
    raw = path.read_bytes()
    if damage == "flip":
        middle = len(raw) // 2
        path.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1:])
    elif damage == "truncate":
        path.write_bytes(raw[: len(raw) // 3])
    elif damage == "format":
        header = json.loads(raw[:raw.index(b"\n")])
        header["format"] += 1
        path.write_bytes(json.dumps(header).encode() + raw[raw.index(b"\n"):])
    else:  # well formed, with a matching digest, but the memo holds nonsense
        _rewrite(path, memo_and_blob=b'{"regex":{"0:x":[1,2]},"literals":7}\n')
    assert _findings(folder) == expected
    assert _findings(folder) == expected  # and the cache written again is good


def _drop_safety_rules(docs):
    for doc in docs:
        for key, _line, value in doc["\x00m"][1]:
            if key == "rules":
                items = value["\x00l"]
                keep = [i for i, rule in enumerate(items[2]) if not str(rule["\x00m"][1][0][2]).startswith("safety.")]
                items[1] = [items[1][i] for i in keep]
                items[2] = [items[2][i] for i in keep]
    return docs


def test_a_cache_file_others_may_write_is_ignored(cache_dir):
    rules.load_pack()
    path = _cache_file(cache_dir)
    _rewrite(path, docs=_drop_safety_rules)
    assert not any(r.id.startswith("safety.") for r in rules.load_pack().rules)  # ours, 0600: used
    path.chmod(0o666)
    assert any(r.id.startswith("safety.") for r in rules.load_pack().rules)  # others may write it: not


def test_the_cache_holds_data_not_medlint_objects(cache_dir):
    rules.load_pack()
    text = _cache_file(cache_dir).read_bytes()
    assert json.loads(text[:text.index(b"\n")])["format"] == cache.FORMAT
    assert b"RulePack" not in text and b"LazyPattern" not in text and b"medlint.rules" not in text


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
    data = frozen_re.to_data((("otherpython", (9, 9, 9), 0, 0), args))
    pattern = LazyPattern("safe", re.IGNORECASE, frozen=data)
    assert pattern.fast().search("it is safe")


def test_frozen_data_round_trips():
    frozen = frozen_re.freeze(r"\b(?P<x>safe|cure)s?\b", 0)
    assert frozen_re.from_data(frozen_re.to_data(frozen)) == frozen
    assert frozen_re.from_data(["nonsense"]) is None


def test_old_packs_are_pruned(cache_dir):
    cache_dir.mkdir()
    for i in range(cache.KEEP + 5):
        (cache_dir / f"pack-old{i}.json").write_bytes(b"stale")
    (cache_dir / "pack-older.pickle").write_bytes(b"the old format")
    rules.load_pack()
    assert len(list(cache_dir.glob("pack-*.json"))) == cache.KEEP
    assert not list(cache_dir.glob("pack-*.pickle"))
