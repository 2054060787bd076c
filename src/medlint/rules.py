"""The rule pack: rule files are data, validated on load with `file:line` errors.

A rule file (rules/*.yaml) is a mapping with any of:
  rules:      a list of rules (see README "Writing rules")
  contexts:   named contexts rules can refer to (see contexts.py)
  conditions, treatments: data tables used by document checks
  vocab:      named word lists that patterns refer to as {name} (see vocab.py)
Every rule carries its own examples; they run as tests.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from medlint.checks import CHECKS
from medlint.contexts import Context, parse_context
from medlint.errors import RuleError
from medlint.findings import SEVERITIES
from medlint.schema import Where, check_keys, get_choice, get_str, get_str_list
from medlint.taxonomy import CATEGORIES
from medlint.templates import check_templates
from medlint.vocab import TABLE_VOCABS, Vocab, Vocabularies, parse_vocab
from medlint.yamlfile import LineDict

FILE_KEYS = {"rules", "contexts", "conditions", "treatments", "vocab", "description"}
COMMON_KEYS = {"id", "kind", "category", "severity", "message", "suggestion", "why", "link", "examples", "fix",
               "profiles", "source", "checked"}  # the last three: see profiles.py
REQUIRED_KEYS = ("id", "category", "severity", "message", "suggestion", "why", "examples")


class Rule:
    """One rule as its file states it; `compiled` is what its kind's compile() made of the rest."""

    def __init__(self, *, id: str, kind: str, category: str, severity: str, message: str, suggestion: str,
                 why: str, link: str, fix: str | None, flag_examples: list[str], pass_examples: list[str],
                 path: str, line: int, compiled: object = None) -> None:
        self.id, self.kind, self.category, self.severity = id, kind, category, severity
        self.message, self.suggestion, self.why, self.link, self.fix = message, suggestion, why, link, fix
        self.flag_examples, self.pass_examples = flag_examples, pass_examples
        self.path, self.line = path, line
        self.compiled = compiled

    def __repr__(self) -> str:
        return f"Rule({self.id!r} at {self.path}:{self.line})"

    @property
    def check(self):
        return CHECKS[self.kind]

    @property
    def scope(self) -> str:
        return self.check.SCOPE

    vocabularies: tuple[str, ...] = ()  # the {names} its patterns use (set by the loader)
    contexts_used: tuple[str, ...] = ()  # the contexts under unless/when/hedges/stakes
    profiles: tuple[str, ...] = ()  # the profiles it is limited to (empty: all of them)
    source: str | None = None  # what it follows, and when that was checked (rules of a profile file)
    checked: str | None = None
    overrides: tuple = ()  # the profile files' changes to it (profiles.Override), applied in order

    @property
    def override(self):
        """The last change a profile file made to the rule (None: as its own file has it)."""
        return self.overrides[-1] if self.overrides else None

    def summary(self) -> str:
        """One line for `medlint rules`: the message with its fields in plain words."""
        return readable(self.message)


# How `rules` and `explain` show a template's fields to a reader: no raw placeholders.
FIELD_WORDS = {"match": "…", "treatment": "the treatment", "approved": "its approved uses",
               "condition": "another condition", "topic": "the page's topic", "disclosure": "the model disclosure",
               "sources": "the sources"}


def readable(template: str) -> str:
    import re

    text = template.replace('"{match}"', "…")
    text = re.sub(r"\{([A-Za-z_]\w*)\}", lambda m: FIELD_WORDS.get(m.group(1), "…"), text)
    return " ".join(text.split())


class RulePack:
    def __init__(self, rules: list[Rule] | None = None, contexts: dict[str, Context] | None = None,
                 data: dict[str, list] | None = None, files: list[str] | None = None, literals=None,
                 vocab=None, profile: str = "us") -> None:
        self.rules = rules if rules is not None else []
        self.profile = profile  # the jurisdiction profile it was built for (profiles.py)
        self.elsewhere: dict[str, tuple[str, ...]] = {}  # rules of other profiles: id -> their profiles
        self.profile_name = ""  # the profile file's `name`
        self.vocab = vocab  # Vocabularies: the named word lists patterns refer to
        self.contexts = contexts if contexts is not None else {}
        self.data = data if data is not None else {}  # conditions, treatments
        self.files = files if files is not None else []
        self._literals = literals  # the LiteralIndex all pattern rules share

    def literal_index(self, add=None):
        """The pack's shared literal index; `add` registers a rule's literals while loading."""
        from medlint.literal_index import LiteralIndex

        if self._literals is None:
            self._literals = LiteralIndex([])
        if add:
            self._literals.add(add)
        return self._literals

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def only(self, rule: Rule) -> RulePack:
        """A pack with one rule and the shared contexts and data (for running examples)."""
        pack = RulePack([rule], self.contexts, self.data, self.files, self._literals, self.vocab, self.profile)
        pack.elsewhere, pack.profile_name = self.elsewhere, self.profile_name
        return pack


@functools.lru_cache(maxsize=1)
def shipped_rules_dir() -> Path:
    """The rule pack inside the installed package, or the checkout's rules/ (editable installs)."""
    inside = Path(__file__).parent / "rules"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / "rules"


def rule_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
    return [path]


def load_pack(extra: list[str] | tuple = (), shipped: bool = True, profile: str = "us") -> RulePack:
    """Load the shipped pack (unless shipped=False) and any extra rule files or folders, as in
    force under `profile` (profiles.py): with shipped, the profile's own file is loaded too."""
    from medlint import profiles

    profiles.check_name(profile, "profile")
    paths: list[Path] = []
    if shipped:
        paths += rule_files(shipped_rules_dir())
        own = profiles.profile_file(profile)
        if own.is_file():
            paths.append(own)
    for item in extra:
        p = Path(item)
        if not p.exists():
            raise RuleError(f"{item}: rule file or folder not found")
        paths += rule_files(p)
    from medlint import cache, memo

    key = cache.key_for(paths)
    key = key and (key if profile == profiles.DEFAULT else f"{profile}-{key}")  # the build depends on it
    names = [_display(str(p)) for p in paths]
    build = functools.partial(_build, profile=profile)
    cached = cache.load(key, names, build)  # the cached documents, rebuilt by the same loader
    if isinstance(cached, RulePack):
        return cached
    docs = _parse_files(paths)
    with memo.session() as noted:
        pack = build(docs)
    cache.save(key, [doc for _, doc in docs], noted)
    return pack


def _load_files(paths: list[Path]) -> RulePack:
    return _build(_parse_files(paths))


def _parse_files(paths: list[Path]) -> list[tuple[str, object]]:
    """(display name, parsed YAML document) per rule file."""
    from medlint.yamlfile import load_yaml_file  # YAML is parsed only when the cache misses

    return [(_display(str(p)), load_yaml_file(p, RuleError, _display(str(p)))) for p in paths]


def _build(docs: list[tuple[str, object]], profile: str = "us") -> RulePack:
    """The validated pack from parsed rule files (fresh, or as the cache kept them), as in force
    under `profile`: another profile's file and rules are left out, its own overrides applied."""
    from medlint import profiles

    pack = RulePack(files=[name for name, _ in docs], profile=profile)
    raw_rules, raw_contexts, raw_vocab = [], [], {}
    overrides: dict[str, list] = {}  # rule id -> its overrides, the shipped profile's first
    profile_docs = []
    for name, doc in docs:
        if doc is None:
            continue
        where = Where(name, doc, RuleError)
        owner = profiles.doc_profile(where)
        check_keys(where, FILE_KEYS | profiles.FILE_KEYS if owner else FILE_KEYS)
        if owner is not None and owner != profile:
            continue  # another profile's file: none of it is in force
        if owner is not None:
            profile_docs.append(where)
            pack.profile_name = get_str(where, "name", "") or ""
        for key in ("contexts", "vocab"):
            if not isinstance(doc.get(key) or {}, dict):
                raise where.error(f'"{key}" must be a mapping of names to {key}', key)
        contexts = doc.get("contexts") or {}
        raw_contexts += [(name, contexts, ctx_name) for ctx_name in contexts]
        vocab = doc.get("vocab") or {}
        for vocab_name, body in vocab.items():
            if vocab_name in raw_vocab or vocab_name in TABLE_VOCABS:
                first = raw_vocab[vocab_name].path if vocab_name in raw_vocab else "the data tables"
                raise Where(name, vocab, RuleError).error(
                    f'vocabulary "{vocab_name}" is defined twice (first in {first})', vocab_name)
            raw_vocab[vocab_name] = parse_vocab(vocab_name, Where(name, vocab, RuleError), body)
        for key in ("conditions", "treatments"):
            if key in doc:
                if not isinstance(doc[key], list):
                    raise where.error(f'"{key}" must be a list', key)
                pack.data.setdefault(key, []).extend((name, item) for item in doc[key])
        rules = doc.get("rules") or []
        if not isinstance(rules, list):
            raise where.error('"rules" must be a list of rules', "rules")
        raw_rules += [(name, r, rules.line_of(i), owner) for i, r in enumerate(rules)]
    raw_vocab.update(table_vocabs(pack.data))
    pack.vocab = Vocabularies(raw_vocab)
    for name, contexts, ctx_name in raw_contexts:
        if ctx_name in pack.contexts:
            raise Where(name, contexts, RuleError).error(f'context "{ctx_name}" is defined twice', ctx_name)
        body = contexts[ctx_name]
        pack.contexts[ctx_name] = parse_context(ctx_name, Where(name, body, RuleError) if isinstance(body, dict)
                                                else Where(name, contexts, RuleError), pack.vocab)
        if pack.contexts[ctx_name].literals:
            pack.literal_index(pack.contexts[ctx_name].literals)  # contexts share the page's literal scan
    for where in profile_docs:  # after the vocabularies: an override's extra patterns may use them
        for rule_id, override in profiles.overrides(where, pack).items():
            overrides.setdefault(rule_id, []).append(override)  # a later file's change goes on top
    seen: dict[str, str] = {}
    skipped: set[str] = set()  # rules of other profiles
    for name, raw, line, owner in raw_rules:
        if not isinstance(raw, LineDict):
            raise RuleError(f"{name}:{line}: a rule must be a mapping")
        where = Where(name, raw, RuleError)
        if not profiles.rule_applies(where, owner, profile):
            skipped.add(str(raw.get("id")))
            pack.elsewhere[str(raw.get("id"))] = tuple(get_str_list(where, "profiles"))
            continue
        layers = overrides.pop(raw.get("id"), ()) if isinstance(raw.get("id"), str) else ()
        node = raw
        for override in layers:
            node = profiles.extended(node, override, get_str(where, "kind", "pattern"), pack)
        rule = _parse_rule(Where(name, node, RuleError), pack)
        for override in layers:
            profiles.apply_changes(rule, override)
        if rule.id in seen:
            raise RuleError(f'{name}:{rule.line}: rule id "{rule.id}" is already used at {seen[rule.id]}')
        seen[rule.id] = f"{name}:{rule.line}"
        pack.rules.append(rule)
    profiles.unused(overrides, skipped - set(seen), profile, set(seen))
    return pack


def _display(name: str) -> str:
    """Shipped rule files are named rules/x.yaml whatever the install path."""
    shipped = str(shipped_rules_dir())
    if name.startswith(shipped + os.sep):
        return "rules/" + name[len(shipped) + 1:]
    rel = os.path.relpath(name)
    return name if rel.startswith("..") else rel


def _parse_rule(where: Where, pack: RulePack) -> Rule:
    node = where.node
    kind = get_str(where, "kind", "pattern")
    if kind not in CHECKS:
        raise where.error(f'unknown kind "{kind}"; known kinds: {", ".join(sorted(CHECKS))}', "kind")
    check = CHECKS[kind]
    check_keys(where, COMMON_KEYS | set(check.OPTIONS), REQUIRED_KEYS)
    category = get_str(where, "category")
    if category not in CATEGORIES:
        raise where.error(f'unknown category "{category}" (see the taxonomy: {", ".join(CATEGORIES)})', "category")
    severity = get_choice(where, "severity", SEVERITIES)
    examples = node["examples"]
    ex_where = where.child("examples")
    check_keys(ex_where, {"flag", "pass"})
    flag, passing = get_str_list(ex_where, "flag"), get_str_list(ex_where, "pass")
    if not passing:
        raise ex_where.error('a rule needs at least one "pass" example (text it must not flag)')
    if not flag:
        raise ex_where.error('a rule needs at least one "flag" example (text it must flag)')
    del examples
    rule = Rule(
        id=get_str(where, "id"),
        kind=kind,
        category=category,
        severity=severity,
        message=get_str(where, "message"),
        suggestion=get_str(where, "suggestion"),
        why=get_str(where, "why"),
        link=get_str(where, "link", "") or "",
        fix=get_str(where, "fix"),
        flag_examples=flag,
        pass_examples=passing,
        path=where.path,
        line=where.line(),
    )
    rule.compiled = check.compile(where, pack)
    check_templates(where, kind, rule.compiled)
    rule.profiles = tuple(get_str_list(where, "profiles"))
    rule.source = get_str(where, "source")
    if "checked" in node:
        from medlint.profiles import checked_date

        rule.checked = checked_date(where)
    rule.vocabularies, rule.contexts_used = _references(node)
    return rule


def _references(node) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The vocabularies a rule's patterns name and the contexts it lists, for `explain`."""
    from medlint.vocab import REFERENCE

    text = []
    for key in ("patterns", "exceptions", "requires", "trigger", "require", "disclosure", "object_before",
                "object_after"):
        value = node.get(key)
        text += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    vocabs = sorted({name for t in text if isinstance(t, str) for name in REFERENCE.findall(t)})
    contexts = []
    for key in ("unless", "when", "hedges", "stakes"):
        value = node.get(key)
        contexts += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return tuple(vocabs), tuple(dict.fromkeys(c for c in contexts if isinstance(c, str)))


def table_vocabs(data: dict) -> dict[str, Vocab]:
    """`{treatment-name}` and `{condition}`: the data tables' names as vocabularies, so rules
    and page checks share one list (adding a treatment's alias teaches every rule)."""
    def words(key, fields):
        out = set()
        for _path, item in data.get(key, []):
            if isinstance(item, dict):
                for field in fields:
                    value = item.get(field)
                    values = value if isinstance(value, list) else [value] if isinstance(value, str) else []
                    out |= {" ".join(str(v).split()).lower() for v in values if isinstance(v, str) and v.strip()}
        return sorted(out)

    made = {}
    for name, key, fields, what in (("treatment-name", "treatments", ("aliases",), "every treatment alias"),
                                    ("condition", "conditions", ("synonyms",), "every condition synonym")):
        source = data.get(key, [])
        path = source[0][0] if source else "rules"
        made[name] = Vocab(name, words(key, fields), "none", f"{what} in the {key} table", path, 1)
    return made
