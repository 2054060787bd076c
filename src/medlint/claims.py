"""The claims library: wording a compliance team approved once, with the reference it needs.

A claims file (`--claims FILE`, `claims:` in the config) is a YAML list:

  - id: ket-dep-01
    text: Ketamine may ease depressive symptoms for some adults.
    reference: Smith et al. 2021
    profiles: [us, uk]        # optional: the jurisdictions it is approved for (default: all)
    review-by: 2027-06-30     # optional: the approval lapses after this day

On a page, a sentence (or run of sentences) whose words are an approved claim's, normalised
for case, whitespace, quotation marks (curly or straight), trailing punctuation and a
trailing citation ("(Smith 2021)", "[1]", "²"), is that claim:
  - its line findings are dropped (the wording was reviewed); page-level findings stay,
    since approval covers the words, not what the page must also say;
  - claims.missing-reference when the claim's reference is nowhere on the page;
  - claims.lapsed past review-by: a lapsed claim is no longer approved, so it suppresses
    nothing until someone reviews it again.
A sentence that is nearly a claim (words changed, word similarity >= SIMILAR) is
claims.edited: it is no longer the approved claim, and every rule applies to it.
The library is loaded and normalised once per run; a run without one pays nothing.
"""

from __future__ import annotations

import os
import re as regex  # internal patterns: the stdlib engine compiles faster
from collections import namedtuple

from medlint.document import fold_typography
from medlint.errors import ConfigError
from medlint.findings import Finding
from medlint.profiles import DEFAULT as DEFAULT_PROFILE, PROFILES

KEYS = ("id", "text", "reference", "profiles", "review-by")
REQUIRED = ("id", "text", "reference")
SIMILAR = 0.7  # word-level similarity (difflib ratio) from which a sentence is an edited claim
DUE_DAYS = 30  # `medlint claims` says "review due" this many days before review-by
CATEGORY = "unsupported-evidence"  # an unapproved or unreferenced claim is evidence a reader cannot follow

MISSING_REFERENCE = "claims.missing-reference"
LAPSED = "claims.lapsed"
EDITED = "claims.edited"
# The findings the library makes, for `medlint rules`, `explain` and SARIF:
# id -> (severity, what it flags, why, what to do).
CLAIM_RULES = {
    MISSING_REFERENCE: ("error", "An approved claim whose reference is not on the page.",
                        "A claim was approved together with its source; without the source a reader cannot "
                        "check it, and the approval does not cover the bare claim.",
                        "Add the reference the claims library names (citation, DOI, URL or footnote) to the page."),
    LAPSED: ("warning", "An approved claim past its review-by date.",
             "Evidence and regulators move on; an approval that nobody renewed is no longer an approval, so "
             "the sentence is checked by every rule again.",
             "Have the claim reviewed and move its review-by date, or take it off the page."),
    EDITED: ("warning", "A sentence that is an approved claim with words changed.",
             "Approval covers the exact wording; an edited claim is a new, unreviewed claim.",
             "Use the approved wording exactly, or have the new wording approved."),
}

# Patterns as text: compiled (and cached by re) on first use, so that importing this module
# for CLAIM_RULES (suppressions, `medlint rules`) costs a run without a library nothing.
_ID = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
_DATE = r"\d{4}-\d{2}-\d{2}"
_WORD = r"\w+(?:['.%-]\w+)*"
_EDGE = ".!?;:,… "  # what normalising strips from a sentence's end ("trailing punctuation")


def active_profile(pack) -> str:
    """The jurisdiction in force: the one the pack was built for (profiles.py)."""
    return getattr(pack, "profile", None) or DEFAULT_PROFILE


def normalise(text: str) -> str:
    """Case, whitespace, quotation marks (curly or straight: quoting a word does not change the
    claim) and trailing punctuation folded away."""
    text = fold_typography(text).casefold().replace('"', "").replace("'", "")
    return " ".join(text.split()).rstrip(_EDGE)


# A citation after the claim ("... adults (Smith 2021).", "... adults.[1]", "... adults.²") is
# where its reference often stands: it does not make the sentence another claim. ("[1]" may
# read "1]": the Markdown reader takes a lone "[" for link syntax.)
_CITATION = (r"\s*(?:\([^()]{0,120}\)|\[[^\[\]]{0,60}\]|(?<!\w)\w{1,3}\]"
             r"|[\u00b9\u00b2\u00b3\u2070-\u2079]+|[*\u2020\u2021]+)$")


def uncited(key: str) -> str:
    """A normalised sentence without the citations at its end."""
    while True:
        cut = regex.sub(_CITATION, "", key).rstrip(_EDGE)
        if cut == key or not cut:
            return key if not cut else cut
        key = cut


def words(key: str) -> tuple[str, ...]:
    return tuple(regex.findall(_WORD, key))


class Claim(namedtuple("Claim", "id text reference profiles review_by line key words sentences ref_key")):
    """One approved claim; key, words and ref_key are its normalised forms; sentences: how many
    sentences its text is (a claim may be two short sentences)."""

    __slots__ = ()

    def status(self, today: datetime.date) -> str:
        if self.review_by is None:
            return "ok"
        if self.review_by < today:
            return "lapsed"
        return "review due" if (self.review_by - today).days <= DUE_DAYS else "ok"


class ClaimMatch(namedtuple("ClaimMatch", "path line column end_line end_column claim status reference text")):
    """An approved claim found on a page. status: approved | lapsed | edited; reference:
    found | missing (for edited ones: not checked); text: the sentence as it reads."""

    __slots__ = ()

    def to_dict(self) -> dict:
        return self._asdict()


class Library:
    """The validated claims of one file, indexed for matching; `today` decides what lapsed."""

    def __init__(self, path: str, claims: list[Claim], today: datetime.date | None = None) -> None:
        import datetime

        self.path = path
        self.claims = claims
        self.today = today or datetime.date.today()
        self._in_force: dict[str, _Index] = {}

    def lapsed(self, claim: Claim) -> bool:
        return claim.status(self.today) == "lapsed"

    def in_force(self, profile: str) -> _Index:
        index = self._in_force.get(profile)
        if index is None:
            index = self._in_force[profile] = _Index([c for c in self.claims if profile in c.profiles])
        return index

    def __getstate__(self):  # the per-profile indexes are rebuilt where they are used
        return {**self.__dict__, "_in_force": {}}


class _Index:
    """Claims by sentence count and normalised text, and by word for near matches."""

    def __init__(self, claims: list[Claim]) -> None:
        self.exact: dict[tuple[int, str], Claim] = {(c.sentences, c.key): c for c in claims}
        self.sizes = sorted({c.sentences for c in claims}, reverse=True)
        self.by_word: dict[str, list[Claim]] = {}
        for c in claims:
            for w in set(c.words):
                self.by_word.setdefault(w, []).append(c)

    def near(self, size: int, found: tuple[str, ...]) -> tuple[Claim, float] | None:
        """The claim of `size` sentences most like these words, if any reaches SIMILAR."""
        shared: dict[Claim, int] = {}
        for w in set(found):
            for c in self.by_word.get(w, ()):
                if c.sentences == size:
                    shared[c] = shared.get(c, 0) + 1
        import difflib  # only when a library is in use

        best, best_ratio = None, SIMILAR
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(found)
        for c, common in shared.items():
            # ratio = 2*matches/(total words): cheap bounds first, difflib only when they allow it.
            if 2 * min(common, len(c.words)) < SIMILAR * (len(c.words) + len(found)):
                continue
            matcher.set_seq1(c.words)
            if matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = c, ratio
        return (best, best_ratio) if best is not None else None


# -- loading ---------------------------------------------------------------------------------
def load_library(path: str, today: datetime.date | None = None, shown: str | None = None) -> Library:
    """The claims file at `path`, validated; any problem is one `file:line: message` (exit 2)."""
    from medlint.files import Unreadable, read_small_text
    from medlint.yamlfile import load_yaml_text

    name = shown or path
    if not os.path.exists(path):
        raise ConfigError(f"{name}: claims file not found")
    try:
        text = read_small_text(path, "a claims file")
    except Unreadable as exc:
        raise ConfigError(f"{name}: cannot read claims file: {exc}") from None
    node = load_yaml_text(text, name, ConfigError)
    return Library(name, parse_claims(node, name), today)


def parse_claims(node, name: str) -> list[Claim]:
    from medlint.schema import Where, check_keys, type_name
    from medlint.yamlfile import LineDict

    if not isinstance(node, list):
        raise ConfigError(f"{name}:{getattr(node, 'line', 1)}: a claims file must be a list of claims "
                          f"(- id: ..., text: ..., reference: ...), found {type_name(node)}")
    claims: list[Claim] = []
    ids: dict[str, int] = {}
    texts: dict[str, Claim] = {}
    for index, item in enumerate(node):
        line = node.line_of(index)
        if not isinstance(item, LineDict):
            raise ConfigError(f"{name}:{line}: a claim must be a mapping with id, text and reference, "
                              f"found {type_name(item)}")
        where = Where(name, item, ConfigError)
        check_keys(where, KEYS, REQUIRED)
        claim = _claim(where, item)
        if claim.id in ids:
            raise where.error(f'claim id "{claim.id}" is already used at line {ids[claim.id]}', "id")
        if claim.key in texts:
            first = texts[claim.key]
            raise where.error(f'claim "{claim.id}" has the same text as "{first.id}" (line {first.line})', "text")
        ids[claim.id] = claim.line
        texts[claim.key] = claim
        claims.append(claim)
    return claims


def _claim(where, item) -> Claim:
    from medlint.schema import get_str, get_str_list

    for key in REQUIRED:
        get_str(where, key)  # text, not a number or a list
    claim_id = item["id"].strip()
    if not regex.fullmatch(_ID, claim_id):
        raise where.error(f'claim id "{claim_id}" must be letters, digits and . _ : - (no spaces)', "id")
    text, reference = item["text"], item["reference"]
    key, ref_key = uncited(normalise(text)), normalise(reference)
    if not words(key):
        raise where.error(f'claim "{claim_id}": "text" has no words', "text")
    if not ref_key:
        raise where.error(f'claim "{claim_id}": "reference" is empty', "reference")
    profiles = get_str_list(where, "profiles", PROFILES)
    if not profiles:
        raise where.error(f'claim "{claim_id}": "profiles" is empty (leave it out to mean every profile)', "profiles")
    for p in profiles:
        if p not in PROFILES:
            raise where.error(f'claim "{claim_id}": unknown profile "{p}" (known: {", ".join(PROFILES)})', "profiles")
    return Claim(claim_id, " ".join(text.split()), " ".join(reference.split()), tuple(profiles),
                 _date(where, claim_id, item.get("review-by")), where.line(), key, words(key),
                 _sentence_count(text), ref_key)


def _date(where, claim_id: str, value) -> datetime.date | None:
    if value is None:
        return None
    import datetime

    if isinstance(value, str) and regex.fullmatch(_DATE, value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise where.error(f'claim "{claim_id}": "review-by" must be a date YYYY-MM-DD, found {value!r}', "review-by")


def _sentence_count(text: str) -> int:
    from medlint.readers import read_document

    return max(1, len(read_document("claim.txt", text).sentences))


# -- a page ------------------------------------------------------------------------------------
def find_claims(doc, library: Library, profile: str) -> list[tuple[int, int, Claim, str, float]]:
    """(start, end, claim, approved|lapsed|edited, similarity) for the claims on the page, in order.

    Exact matches first (longest claims first), then near matches among the rest."""
    index = library.in_force(profile)
    if not index.exact:
        return []
    sentences = doc.sentences
    taken = [False] * len(sentences)
    found = []
    windows = []  # (size, first sentence, key) not taken by an exact match
    for size in index.sizes:
        for i in range(len(sentences) - size + 1):
            if sentences[i].block != sentences[i + size - 1].block:
                continue  # a claim does not run across paragraphs
            key = uncited(normalise(doc.text[sentences[i].start:sentences[i + size - 1].end]))
            claim = index.exact.get((size, key))
            if claim is not None and not any(taken[i:i + size]):
                taken[i:i + size] = [True] * size
                status = "lapsed" if library.lapsed(claim) else "approved"
                found.append((sentences[i].start, sentences[i + size - 1].end, claim, status, 1.0))
            elif claim is None:
                windows.append((size, i, key))
    for size, i, key in windows:
        if any(taken[i:i + size]):
            continue
        near = index.near(size, words(key))
        if near is not None:
            taken[i:i + size] = [True] * size
            found.append((sentences[i].start, sentences[i + size - 1].end, near[0], "edited", near[1]))
    return sorted(found, key=lambda m: m[0])


def apply(doc, findings: list[Finding], settings, pack=None) -> tuple[list[Finding], list[ClaimMatch]]:
    """The page's findings with approved claims passed and the library's own findings added,
    and the claims found (for the reports)."""
    library = settings.claims
    found = find_claims(doc, library, active_profile(pack))
    if not found:
        return findings, []
    approved = [doc.source_span(s, e) for s, e, _c, status, _r in found if status == "approved"]
    if approved:
        findings = [f for f in findings if not _inside(doc, f, approved)]
    matches, added, reported = [], [], set()
    haystack = None
    for start, end, claim, status, ratio in found:
        line, col, end_line, end_col = doc.position(start, end)
        sentence = doc.text[start:end]
        reference = "not checked"
        if status != "edited":
            if haystack is None:
                haystack = _page_text(doc)
            reference = "found" if claim.ref_key in haystack else "missing"
        matches.append(ClaimMatch(doc.path, line, col, end_line, end_col, claim.id, status, reference, sentence))
        where = (doc.path, line, col, end_line, end_col)
        if status == "lapsed":
            added.append(_finding(where, sentence, LAPSED, settings,
                                  f'The approval of claim "{claim.id}" lapsed on {claim.review_by.isoformat()} '
                                  f"(review-by in {library.path}); until it is reviewed it is checked like any "
                                  "other sentence"))
        if status == "edited":
            added.append(_finding(where, sentence, EDITED, settings,
                                  f'This is approved claim "{claim.id}" with {_changes(ratio)}: '
                                  "an edited claim is no longer the approved claim",
                                  f"Use the approved wording: {claim.text}"))
        if reference == "missing" and claim.id not in reported:
            reported.add(claim.id)
            added.append(_finding(where, sentence, MISSING_REFERENCE, settings,
                                  f'Approved claim "{claim.id}" needs its reference on the page: "{claim.reference}"',
                                  f"Add the reference to the page: {claim.reference}"))
    return findings + [f for f in added if f is not None], matches


def _changes(ratio: float) -> str:
    if ratio >= 1.0:
        return "its punctuation changed"  # the same words, in the same order
    return f"words changed ({min(ratio, 0.99):.0%} alike)"


def _inside(doc, f: Finding, spans) -> bool:
    """A line finding whose words lie within one of the (source) spans."""
    if f.scope != "line" or f.line < 1:
        return False
    start, end = doc.offset(f.line, f.column), doc.offset(f.end_line, f.end_column)
    return any(s <= start and end <= e for s, e in spans)


def _page_text(doc) -> str:
    """Where a reference may stand: the prose, and the source (link targets, attributes) without
    its comments, which no reader sees."""
    source, cut = [], 0
    for c in doc.comments:
        source.append(doc.source[cut:c.start])
        cut = c.end
    source.append(doc.source[cut:])
    return normalise(doc.text) + "\n" + normalise(" ".join(source))


def _finding(where, text: str, rule: str, settings, message: str, suggestion: str | None = None):
    """A library finding, unless select/ignore leave it out; severity overrides apply."""
    if not settings.runs(rule, CATEGORY):
        return None
    default, _what, _why, instead = CLAIM_RULES[rule]
    return Finding(*where, rule, CATEGORY, settings.severity_of(rule, CATEGORY, default), message,
                   suggestion or instead, "line", text)


# -- `medlint claims FILE` ------------------------------------------------------------------------
def listing(library: Library, fmt: str = "text") -> str:
    rows = [{"id": c.id, "status": c.status(library.today),
             "review_by": c.review_by.isoformat() if c.review_by else None,
             "profiles": list(c.profiles), "reference": c.reference, "text": c.text,
             "source": f"{library.path}:{c.line}"} for c in library.claims]
    if fmt == "json":
        import json

        return json.dumps({"file": library.path, "today": library.today.isoformat(), "claims": rows},
                          indent=1, ensure_ascii=False) + "\n"
    import textwrap

    width = max([len(r["id"]) for r in rows] + [2])
    lines = [f"{'id':<{width}}  {'status':<10} {'review-by':<10}  {'profiles':<9} reference / text"]
    for r in rows:
        lines.append(f"{r['id']:<{width}}  {r['status']:<10} {r['review_by'] or '-':<10}  "
                     f"{','.join(r['profiles']):<9} {textwrap.shorten(r['reference'], 60)}")
        lines.append(f"{'':<{width}}  {'':<10} {'':<10}  {'':<9} {textwrap.shorten(r['text'], 60)}")
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
    lines.append(f"{len(rows)} claim{'s' if len(rows) != 1 else ''} in {library.path} "
                 f"(as of {library.today.isoformat()}): {summary}")
    return "\n".join(lines) + "\n"
