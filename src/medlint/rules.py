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
COMMON_KEYS = {"id", "kind", "category", "severity", "message", "suggestion", "why", "link", "examples", "fix"}
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
                 vocab=None) -> None:
        self.rules = rules if rules is not None else []
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
        return RulePack([rule], self.contexts, self.data, self.files, self._literals, self.vocab)


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


def load_pack(extra: list[str] | tuple = (), shipped: bool = True) -> RulePack:
    """Load the shipped pack (unless shipped=False) and any extra rule files or folders."""
    paths: list[Path] = []
    if shipped:
        paths += rule_files(shipped_rules_dir())
    for item in extra:
        p = Path(item)
        if not p.exists():
            raise RuleError(f"{item}: rule file or folder not found")
        paths += rule_files(p)
    from medlint import cache, memo

    key = cache.key_for(paths)
    names = [_display(str(p)) for p in paths]
    cached = cache.load(key, names, _build)  # the cached documents, rebuilt by the same loader
    if isinstance(cached, RulePack):
        return cached
    docs = _parse_files(paths)
    with memo.session() as noted:
        pack = _build(docs)
    cache.save(key, [doc for _, doc in docs], noted)
    return pack


def _load_files(paths: list[Path]) -> RulePack:
    return _build(_parse_files(paths))


def _parse_files(paths: list[Path]) -> list[tuple[str, object]]:
    """(display name, parsed YAML document) per rule file."""
    from medlint.yamlfile import load_yaml_file  # YAML is parsed only when the cache misses

    return [(_display(str(p)), load_yaml_file(p, RuleError, _display(str(p)))) for p in paths]


def _build(docs: list[tuple[str, object]]) -> RulePack:
    """The validated pack from parsed rule files (fresh, or as the cache kept them)."""
    pack = RulePack(files=[name for name, _ in docs])
    raw_rules, raw_contexts, raw_vocab = [], [], {}
    for name, doc in docs:
        if doc is None:
            continue
        where = Where(name, doc, RuleError)
        check_keys(where, FILE_KEYS)
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
        raw_rules += [(name, r, rules.line_of(i)) for i, r in enumerate(rules)]
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
    seen: dict[str, str] = {}
    for name, raw, line in raw_rules:
        if not isinstance(raw, LineDict):
            raise RuleError(f"{name}:{line}: a rule must be a mapping")
        rule = _parse_rule(Where(name, raw, RuleError), pack)
        if rule.id in seen:
            raise RuleError(f'{name}:{rule.line}: rule id "{rule.id}" is already used at {seen[rule.id]}')
        seen[rule.id] = f"{name}:{rule.line}"
        pack.rules.append(rule)
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
