"""`medlint rules` and `medlint explain`: the rule pack as help text (the rules are the docs)."""

from __future__ import annotations

import json
import textwrap

from medlint.errors import MedlintError
from medlint.profiles import explain_lines as profile_lines
from medlint.suppress import META_RULES
from medlint.taxonomy import META_CATEGORY


def rule_info(rule) -> dict:
    from medlint.profiles import info

    return {
        "vocabularies": list(getattr(rule, "vocabularies", ())),
        "contexts": list(getattr(rule, "contexts_used", ())),
        "id": rule.id, "kind": rule.kind, "category": rule.category, "severity": rule.severity,
        "scope": rule.scope, "message": rule.message, "suggestion": rule.suggestion,
        "why": rule.why.strip(), "link": rule.link, "fixable": rule.fix is not None,
        "examples": {"flag": rule.flag_examples, "pass": rule.pass_examples},
        "source": f"{rule.path}:{rule.line}",
        **info(rule),
    }


def meta_info(rule_id: str) -> dict:
    """A finding medlint makes about its own suppression comments, described like a rule."""
    severity, what, why, instead = META_RULES[rule_id]
    return {"id": rule_id, "kind": "suppression", "category": META_CATEGORY, "severity": severity,
            "scope": "line", "message": what, "suggestion": instead, "why": why, "link": "", "fixable": False,
            "examples": {"flag": [], "pass": []}, "source": "built in (suppression comments)"}


def claim_rule_info(rule_id: str) -> dict:
    """A finding of the claims library (--claims), described like a rule."""
    from medlint.claims import CATEGORY, CLAIM_RULES

    severity, what, why, instead = CLAIM_RULES[rule_id]
    return {"id": rule_id, "kind": "claims", "category": CATEGORY, "severity": severity,
            "scope": "line", "message": what, "suggestion": instead, "why": why, "link": "", "fixable": False,
            "examples": {"flag": [], "pass": []}, "source": "built in (claims library, --claims)"}


def list_rules(pack, fmt: str = "text") -> str:
    from medlint.claims import CLAIM_RULES

    if fmt == "json":
        entries = [rule_info(r) for r in pack.rules] + [meta_info(i) for i in META_RULES]
        entries += [claim_rule_info(i) for i in CLAIM_RULES]
        return json.dumps(entries, indent=1, ensure_ascii=False) + "\n"
    width = max([len(r.id) for r in pack.rules] + [len(i) for i in META_RULES] + [len(i) for i in CLAIM_RULES])
    lines = [f"{'rule':<{width}}  {'category':<28} {'severity':<8} what it flags"]
    for r in sorted(pack.rules, key=lambda r: (r.category, r.id)):
        lines.append(f"{r.id:<{width}}  {r.category:<28} {r.severity:<8} {textwrap.shorten(r.summary(), 80)}")
    for rule_id, (severity, what, _why, _instead) in META_RULES.items():
        lines.append(f"{rule_id:<{width}}  {META_CATEGORY:<28} {severity:<8} {textwrap.shorten(what, 80)}")
    for rule_id in CLAIM_RULES:
        info = claim_rule_info(rule_id)
        lines.append(f"{rule_id:<{width}}  {info['category']:<28} {info['severity']:<8} "
                     f"{textwrap.shorten(info['message'], 80)}")
    lines.append(f"{len(pack.rules)} rules, {len(META_RULES)} findings about medlint's own suppression "
                 f"comments, and {len(CLAIM_RULES)} of the claims library (--claims). "
                 "`medlint explain RULE-ID` shows one in full.")
    from medlint.profiles import summary

    lines += summary(pack)
    return "\n".join(lines) + "\n"


def _explain_meta(rule_id: str, fmt: str) -> str:
    return _explain_built_in(rule_id, meta_info(rule_id), fmt, META_CATEGORY,
                             "it checks medlint's own suppression comments (see README, Suppressions that leave a trail)")


def _explain_claims(rule_id: str, fmt: str) -> str:
    info = claim_rule_info(rule_id)
    return _explain_built_in(rule_id, info, fmt, info["category"],
                             "it runs when a claims library is given (--claims FILE or `claims:` in the config; "
                             "see README, Claims library)")


def _explain_built_in(rule_id: str, info: dict, fmt: str, category: str, what: str) -> str:
    """A finding medlint makes itself (no rule file): what it flags, why, what to do."""
    if fmt == "json":
        return json.dumps(info, indent=1, ensure_ascii=False) + "\n"
    wrap = lambda s: textwrap.fill(" ".join(s.split()), 88)  # noqa: E731
    return "\n".join([f"# {rule_id} ({category})", "",
                      f"Severity: {info['severity']}. Scope: line. Built in: {what}.", "",
                      "## What it flags", wrap(info["message"]), "", "## Why it matters", wrap(info["why"]), "",
                      "## What to do", wrap(info["suggestion"]), "",
                      "It can be ignored like any rule (--ignore, `ignore:` in the config).", ""])


def explain(pack, rule_id: str, fmt: str = "text") -> str:
    from medlint.claims import CLAIM_RULES

    if rule_id in META_RULES:
        return _explain_meta(rule_id, fmt)
    if rule_id in CLAIM_RULES:
        return _explain_claims(rule_id, fmt)
    rule = pack.get(rule_id)
    if rule is None and rule_id in getattr(pack, "elsewhere", {}):
        raise MedlintError(f'rule "{rule_id}" does not apply under the {pack.profile} profile; it applies under: '
                           f'{", ".join(pack.elsewhere[rule_id])} (see `medlint explain {rule_id} --profile '
                           f'{pack.elsewhere[rule_id][0]}`)')
    if rule is None:
        import difflib

        from medlint.profiles import PROFILES

        close = difflib.get_close_matches(rule_id, [r.id for r in pack.rules] + list(META_RULES) + list(CLAIM_RULES),
                                          n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (see `medlint rules`)"
        family = rule_id.split(".")[0]
        if family in PROFILES and family != pack.profile:  # a profile's own rules are named after it
            hint = f" under the {pack.profile} profile (try `medlint explain {rule_id} --profile {family}`)"
        raise MedlintError(f'no rule is called "{rule_id}"{hint}')
    if fmt == "json":
        return json.dumps(rule_info(rule), indent=1, ensure_ascii=False) + "\n"
    from medlint.rules import readable

    wrap = lambda s: textwrap.fill(" ".join(s.split()), 88)  # noqa: E731
    out = [f"# {rule.id} ({rule.category})", "",
           f"Severity: {rule.severity}. Scope: {rule.scope}. Kind: {rule.kind}. Defined at {rule.path}:{rule.line}.", "",
           *profile_lines(pack, rule),
           "## What it flags", wrap(readable(rule.message)), "", "## Why it matters", wrap(rule.why), "",
           "## What to write instead", wrap(readable(rule.suggestion)), ""]
    out += _vocabulary_lines(pack, rule) + _context_lines(pack, rule)
    if rule.fix is not None:
        out += [f"Automatic fix (--fix): replaces the words with {rule.fix!r}.", ""]
    out += ["## Examples it flags"] + [f"  - {e}" for e in rule.flag_examples] + [""]
    out += ["## Examples it passes"] + [f"  - {e}" for e in rule.pass_examples] + [""]
    if rule.link:
        out += [f"More: {rule.link}", ""]
    return "\n".join(out)


def _vocabulary_lines(pack, rule) -> list[str]:
    names = getattr(rule, "vocabularies", ())
    if not names or pack.vocab is None:
        return []
    out = ["## Words it looks for (vocabularies, in rules/vocab.yaml and the data tables)"]
    for name in names:
        vocab = pack.vocab.vocabs[name]
        words = [f"{{{i}}}" for i in vocab.includes] + vocab.declared
        shown = ", ".join(words[:10])
        more = f", … ({len(words)} in all)" if len(words) > 10 else ""
        if vocab.forms != "none":
            more += f" (and their {vocab.forms} forms)"
        out.append(textwrap.fill(f"{{{name}}}: {shown}{more}", 88, subsequent_indent="    "))
    return out + [""]


def _context_lines(pack, rule) -> list[str]:
    names = [n for n in getattr(rule, "contexts_used", ()) if n in pack.contexts]
    if not names:
        return []
    out = ["## Not a finding when (contexts, in rules/contexts.yaml)"]
    out += [textwrap.fill(f"{n}: {pack.contexts[n].description}", 88, initial_indent="  - ", subsequent_indent="    ")
            for n in names]
    return out + [""]
