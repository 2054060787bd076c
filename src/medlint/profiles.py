"""Jurisdiction profiles: which profiles exist, and how one shapes the rule pack.

A profile (us, uk, au) is chosen with --profile or `profile:` in the config; `us` is the
default and is the pack as it always was. The pack is built for one profile when it loads
(rules.py), so linting a page never asks which profile is in force:
  - a rule may say `profiles: [uk, au]` (where it applies); without it, it applies everywhere;
  - rules/profiles/NAME.yaml is loaded only for profile NAME (us has none: it is the shipped
    pack as it stands, so the default run loads nothing more). It is a rule file (rules, vocab,
    contexts) with `profile: NAME`, a `name`, and `overrides`: changes to other rules, each
    citing its `source` and the date it was `checked`. Rules it adds belong to that profile
    only and cite their `source` and `checked` date too.
An override may change `severity`, `message`, `suggestion`, `why` and `link`, and `extend` a
rule's pattern lists (e.g. more `require` patterns: another country's crisis line). A user's
profile file (--extend-rules) may change a rule the shipped one changed: its change goes on top.
"""

from __future__ import annotations

import re
from collections import namedtuple

from medlint.errors import ConfigError, RuleError
from medlint.findings import SEVERITIES
from medlint.schema import Where, check_keys, get_choice, get_str, get_str_list, type_name
from medlint.yamlfile import LineDict, LineList

PROFILES = ("us", "uk", "au")
DEFAULT = "us"
FILE_KEYS = {"profile", "name", "overrides"}  # what a profile file has beyond a rule file's keys
OVERRIDE_KEYS = {"rule", "source", "checked", "severity", "message", "suggestion", "why", "link", "extend"}
TEXT_CHANGES = ("message", "suggestion", "why", "link")
# The pattern lists an override may add to, per kind: more ways to say a thing, never fewer.
EXTENDABLE = {"pattern": ("patterns", "phrases", "exceptions"), "approval": ("patterns", "phrases", "exceptions"),
              "required": ("trigger", "require"), "off-label": ("disclosure",)}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# rule: the id it changes; changes: {key: value} for severity and the texts; extend: {key: LineList};
# source, checked: what it follows and when that was last checked; where: its Where (for errors).
Override = namedtuple("Override", "rule changes extend source checked where")


def check_name(name, source: str) -> str:
    """The profile named, or a one-line error that names the known ones."""
    if name not in PROFILES:
        raise ConfigError(f'{source}: unknown profile "{name}"; known profiles: {", ".join(PROFILES)}')
    return name


def profile_file(name: str):
    from medlint.rules import shipped_rules_dir

    return shipped_rules_dir() / "profiles" / f"{name}.yaml"


def doc_profile(where: Where) -> str | None:
    """The profile a rule file belongs to (its `profile:` key), or None for a file of every profile."""
    if not isinstance(where.node, dict) or "profile" not in where.node:
        return None
    name = where.node["profile"]
    if name not in PROFILES:
        raise where.error(f'unknown profile "{name}"; known profiles: {", ".join(PROFILES)}', "profile")
    get_str(where, "name")
    return name


def summary(pack) -> list[str]:
    """What a profile changes, for `medlint rules --profile NAME` (nothing for the default)."""
    if pack.profile == DEFAULT:
        return []
    added = [r.id for r in pack.rules if r.path.startswith("rules/profiles/") or r.source]
    changed = [r.id for r in pack.rules if r.override is not None]
    lines = [f"Profile {pack.profile}: {pack.profile_name or pack.profile}."]
    if added:
        lines.append(f"  added ({len(added)}): {', '.join(added)}")
    if changed:
        lines.append(f"  changed ({len(changed)}): {', '.join(changed)}")
    if pack.elsewhere:
        lines.append(f"  not in force ({len(pack.elsewhere)}): "
                     + ", ".join(f"{i} ({', '.join(p)} only)" for i, p in pack.elsewhere.items()))
    return lines


def explain_lines(pack, rule) -> list[str]:
    """What `medlint explain` says of a rule's profile: where it applies and what it follows."""
    out = []
    if rule.profiles:
        out.append(f"Applies under the profiles: {', '.join(rule.profiles)}.")
    if rule.source:
        owner = f"the {pack.profile} profile only; " if rule.path.startswith("rules/profiles/") else ""
        out.append(f"Profile: {owner}source: {' '.join(rule.source.split())} (checked {rule.checked}).")
    for o in rule.overrides:
        changed = ", ".join([*o.changes, *(f"more {k} patterns" for k in o.extend)])
        out.append(f"Under the {pack.profile} profile: {changed} changed at {o.where.path}:{o.where.line()}, "
                   f"following {' '.join(o.source.split())} (checked {o.checked}).")
    return out + [""] if out else []


def info(rule) -> dict:
    """The profile fields of `medlint rules --format json` and `explain --format json` (only those set)."""
    out = {}
    if rule.profiles:
        out["profiles"] = list(rule.profiles)
    if rule.source:
        out["cites"] = " ".join(rule.source.split())
        out["checked"] = rule.checked
    if rule.overrides:
        out["overrides"] = [{"changes": [*o.changes, *(f"extend {k}" for k in o.extend)],
                             "cites": " ".join(o.source.split()), "checked": o.checked,
                             "at": f"{o.where.path}:{o.where.line()}"} for o in rule.overrides]
    return out


def overrides(where: Where, pack) -> dict[str, Override]:
    """The overrides of a profile file, by rule id, each checked (file:line errors)."""
    items = where.node.get("overrides") or []
    if not isinstance(items, list):
        raise where.error(f'"overrides" must be a list, found {type_name(items)}', "overrides")
    out: dict[str, Override] = {}
    for index, node in enumerate(items):
        if not isinstance(node, LineDict):
            raise RuleError(f"{where.path}:{items.line_of(index)}: an override must be a mapping")
        at = Where(where.path, node, RuleError)
        check_keys(at, OVERRIDE_KEYS, ("rule", "source", "checked"))
        rule_id = get_str(at, "rule")
        if rule_id in out:
            raise at.error(f'rule "{rule_id}" is overridden twice (first at line {out[rule_id].where.line()})', "rule")
        changes = {key: get_str(at, key) for key in TEXT_CHANGES if key in node}
        if "severity" in node:
            changes["severity"] = get_choice(at, "severity", SEVERITIES)
        extend = node.get("extend") or {}
        if not isinstance(extend, dict):
            raise at.error(f'"extend" must map pattern lists to more patterns, found {type_name(extend)}', "extend")
        if not changes and not extend:
            raise at.error(f'an override of "{rule_id}" changes nothing: give a severity, message, suggestion, '
                           "why, link or extend")
        out[rule_id] = Override(rule_id, changes, extend, get_str(at, "source"), checked_date(at), at)
    return out


def checked_date(where: Where, key: str = "checked") -> str:
    """A YYYY-MM-DD date, as text (the YAML loader keeps dates as text)."""
    import datetime

    value = where.node.get(key)
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise where.error(f'"{key}" must be the date the source was checked, as YYYY-MM-DD; found {value!r}', key)
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise where.error(f'"{key}" is not a real date: {value}', key) from None
    return value


def rule_applies(where: Where, owner: str | None, profile: str) -> bool:
    """Does the rule at `where` apply under `profile`? owner: the profile of the file it is in.

    A rule in a profile file belongs to that profile and cites its source; any other rule
    applies under the profiles it lists (all, if it lists none)."""
    node = where.node
    if owner is not None:
        if "profiles" in node:
            raise where.error(f'a rule in a profile file belongs to that profile ({owner}); remove "profiles"',
                              "profiles")
        check_keys(where, set(node), ("source", "checked"))
        checked_date(where)
        return owner == profile
    if "profiles" not in node:
        return True
    names = get_str_list(where, "profiles")
    if not names:
        raise where.error('"profiles" must list at least one profile', "profiles")
    for name in names:
        if name not in PROFILES:
            raise where.error(f'unknown profile "{name}" in "profiles"; known profiles: {", ".join(PROFILES)}',
                              "profiles")
    return profile in names


def extended(raw: LineDict, override: Override, kind: str, pack) -> LineDict:
    """A copy of the rule with the override's extra patterns added (checked first, so that an error
    names the profile file's line). The parsed document itself is left as it was: the cache keeps it."""
    from medlint.checks.pattern import _alternation

    if not override.extend:
        return raw
    at = override.where.child("extend")
    allowed = EXTENDABLE.get(kind, ())
    copy = LineDict(raw)
    copy.line, copy.key_lines = raw.line, dict(raw.key_lines)
    for key, items in override.extend.items():
        if key not in allowed:
            raise at.error(f'"extend" cannot add to "{key}" of a {kind} rule; it can add to: '
                           f'{", ".join(allowed) or "nothing"}', key)
        more = get_str_list(at, key)
        if not more:
            raise at.error(f'"extend" gives no patterns for "{key}"', key)
        if key != "phrases":
            _alternation(at, key, re.IGNORECASE, pack)  # a bad pattern or vocabulary: the profile file's line
        have = raw.get(key) or []
        merged = LineList(list(have if isinstance(have, list) else [have]) + more)
        merged.line = getattr(have, "line", raw.line)
        merged.item_lines = list(getattr(have, "item_lines", [raw.line] * len(merged)))[:len(merged) - len(more)]
        merged.item_lines += list(getattr(items, "item_lines", [at.line(key)] * len(more)))
        copy[key] = merged
    return copy


def apply_changes(rule, override: Override) -> None:
    """Swap the rule's severity and texts for the profile's; the templates are checked like the rule's own."""
    from medlint.templates import check_templates

    check_templates(override.where, rule.kind, rule.compiled)
    for key, value in override.changes.items():
        setattr(rule, key, value)
    rule.overrides = (*rule.overrides, override)


def unused(left: dict[str, list], skipped: set[str], profile: str, known: set[str]) -> None:
    """An override of no rule in force is a mistake: name it (file:line), never ignore it."""
    for rule_id, (override, *_) in left.items():
        if rule_id in skipped:
            raise override.where.error(f'rule "{rule_id}" does not apply under the {profile} profile '
                                       "(see its `profiles:`), so it cannot be overridden here", "rule")
        import difflib

        close = difflib.get_close_matches(rule_id, sorted(known), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise override.where.error(f'no rule is called "{rule_id}"{hint}', "rule")
