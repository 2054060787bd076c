"""The judgment report: how well the rule pack finds claims on every acceptance set.

    python bench/judgment.py [--details] [--json FILE] [--sets DIR ...]

An acceptance set is a folder of pages with NAME.EXT.gold.yaml beside each page
(../shared/spec/gold-format.md). By default the report scores the team's sets in
../shared (seeds/, dev/real/, and any other folder there that holds gold files) and the
project's own sets in acceptance/. Without ../shared it scores the project's sets and says
so. medlint runs as a user would run it (`python -m medlint --format json --no-config`).

Scoring follows gold-format.md: a line finding matches a gold item when the page, the
line and the category agree; document findings match the page's `document:` categories;
recall = must items found / must items; precision = distinct (page, line, category)
findings on a must or may item / all distinct findings.
Printed: a summary table per set (line and document scope), recall and precision per
category, precision per rule (share of its findings that fall on gold items), and with
--details the misses by category and the false alarms by rule.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
DOCUMENT_CATEGORIES = ("missing-risk-disclosure", "missing-off-label-disclosure", "missing-crisis-resources")


def find_sets(roots: list[Path]) -> list[Path]:
    """Every folder below the roots that holds at least one page with a gold file."""
    found = []
    for root in roots:
        if not root.is_dir():
            continue
        folders = {p.parent for p in root.rglob("*.gold.yaml")}
        found += sorted(f for f in folders if any(_pages(f)))
    return found


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir()
                  if p.suffix in PAGE_SUFFIXES and (folder / (p.name + ".gold.yaml")).is_file())


def _categories(value) -> set[str]:
    return set(value) if isinstance(value, list) else {value}


def load_gold(folder: Path) -> dict[str, dict]:
    gold = {}
    for page in _pages(folder):
        data = yaml.safe_load((folder / (page.name + ".gold.yaml")).read_text(encoding="utf-8")) or {}
        gold[page.name] = {
            "must": [(int(i["line"]), _categories(i["category"]), i.get("text", "")) for i in data.get("must") or []],
            "may": [(int(i["line"]), _categories(i["category"])) for i in data.get("may") or []],
            "doc_must": set((data.get("document") or {}).get("must") or []),
            "doc_may": set((data.get("document") or {}).get("may") or []),
            "has_document": "document" in data,
        }
    return gold


def run_medlint(folder: Path, pages: list[str]) -> list[dict]:
    cmd = [sys.executable, "-m", "medlint", "--format", "json", "--no-config", "--no-progress",
           *[str(folder / p) for p in pages]]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        sys.exit(f"judgment: medlint failed on {folder} (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    data = json.loads(proc.stdout)
    return data["findings"] if isinstance(data, dict) else data


class Tally:
    """Counts for one scope of one set (or of all sets)."""

    def __init__(self) -> None:
        self.must = self.found = self.flagged = self.correct = 0
        self.cat_must: collections.Counter = collections.Counter()
        self.cat_found: collections.Counter = collections.Counter()
        self.cat_flagged: collections.Counter = collections.Counter()
        self.cat_correct: collections.Counter = collections.Counter()
        self.rule_flagged: collections.Counter = collections.Counter()
        self.rule_correct: collections.Counter = collections.Counter()
        self.misses: list[tuple[str, str, int, str]] = []  # category, page, line, text
        self.alarms: list[tuple[str, str, int, str]] = []  # rule, page, line, words

    def add(self, other: Tally) -> None:
        for name in ("must", "found", "flagged", "correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("cat_must", "cat_found", "cat_flagged", "cat_correct", "rule_flagged", "rule_correct"):
            getattr(self, name).update(getattr(other, name))
        self.misses += other.misses
        self.alarms += other.alarms

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None


def score(folder: Path, set_name: str) -> dict[str, Tally]:
    gold = load_gold(folder)
    findings = run_medlint(folder, sorted(gold))
    by_page = collections.defaultdict(list)
    for f in findings:
        by_page[Path(f["path"]).name].append(f)
    tallies = {"line": Tally(), "document": Tally()}
    for page, g in gold.items():
        line_t, doc_t = tallies["line"], tallies["document"]
        seen: dict[tuple, set[str]] = {}
        for f in by_page.get(page, []):
            key = (f["line"], f["category"]) if f["scope"] == "line" else ("doc", f["category"])
            seen.setdefault(key, set()).add(f["rule"])
        # Precision: distinct (line, category) findings; a document category once per page.
        for key, rules in seen.items():
            if key[0] == "doc" and not g["has_document"]:
                continue  # a line-scope set (excerpts): page-level findings are not scored
            if key[0] == "doc":
                t, ok = doc_t, key[1] in g["doc_must"] | g["doc_may"]
            else:
                t = line_t
                ok = any(line == key[0] and key[1] in cats for line, cats, _ in g["must"]) or \
                    any(line == key[0] and key[1] in cats for line, cats in g["may"])
            t.flagged += 1
            t.cat_flagged[key[1]] += 1
            t.correct += ok
            t.cat_correct[key[1]] += ok
            for rule in rules:
                t.rule_flagged[rule] += 1
                t.rule_correct[rule] += ok
                if not ok:
                    words = next((f["text"] for f in by_page[page] if f["rule"] == rule
                                  and (f["line"], f["category"]) == key), "")
                    t.alarms.append((rule, f"{set_name}/{page}", key[0] if key[0] != "doc" else 0, words))
        for line, cats, text in g["must"]:
            category = sorted(cats)[0]
            line_t.must += 1
            line_t.cat_must[category] += 1
            if any((line, c) in seen for c in cats):
                line_t.found += 1
                line_t.cat_found[category] += 1
            else:
                line_t.misses.append(("/".join(sorted(cats)), f"{set_name}/{page}", line, text))
        for category in g["doc_must"]:
            doc_t.must += 1
            doc_t.cat_must[category] += 1
            if ("doc", category) in seen:
                doc_t.found += 1
                doc_t.cat_found[category] += 1
            else:
                doc_t.misses.append((category, f"{set_name}/{page}", 0, ""))
    return tallies


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def report(results: dict[str, dict[str, Tally]], details: bool) -> str:
    out = ["| set | pages | line recall | line precision | document recall | document precision |",
           "|---|---|---|---|---|---|"]
    total = {"line": Tally(), "document": Tally()}
    for name, (pages, tallies) in results.items():
        line, doc = tallies["line"], tallies["document"]
        out.append(f"| {name} | {pages} | {_fmt(Tally.ratio(line.found, line.must))} ({line.found}/{line.must}) | "
                   f"{_fmt(Tally.ratio(line.correct, line.flagged))} | "
                   f"{_fmt(Tally.ratio(doc.found, doc.must))} | {_fmt(Tally.ratio(doc.correct, doc.flagged))} |")
        for scope in total:
            total[scope].add(tallies[scope])
    t = total["line"]
    out += ["", "Line scope, all sets, per category:", "",
            "| category | must found | recall | flagged | precision |", "|---|---|---|---|---|"]
    for cat in sorted(set(t.cat_must) | set(t.cat_flagged)):
        out.append(f"| {cat} | {t.cat_found[cat]}/{t.cat_must[cat]} | {_fmt(Tally.ratio(t.cat_found[cat], t.cat_must[cat]))} | "
                   f"{t.cat_flagged[cat]} | {_fmt(Tally.ratio(t.cat_correct[cat], t.cat_flagged[cat]))} |")
    rules = total["line"].rule_flagged + total["document"].rule_flagged
    correct = total["line"].rule_correct + total["document"].rule_correct
    out += ["", "Precision per rule, all sets (share of its findings on gold items):", "",
            "| rule | findings | on gold | precision |", "|---|---|---|---|"]
    for rule in sorted(rules, key=lambda r: (Tally.ratio(correct[r], rules[r]), r)):
        out.append(f"| {rule} | {rules[rule]} | {correct[rule]} | {_fmt(Tally.ratio(correct[rule], rules[rule]))} |")
    if details:
        misses = sorted(total["line"].misses + total["document"].misses)
        out += ["", f"Misses ({len(misses)}), by category:"]
        for cat, group in _grouped(misses):
            out.append(f"  {cat}:")
            out += [f"    {page}:{line}: {text[:110]}" for _, page, line, text in group]
        alarms = sorted(total["line"].alarms + total["document"].alarms)
        out += ["", f"False alarms ({len(alarms)}), by rule:"]
        for rule, group in _grouped(alarms):
            out.append(f"  {rule}:")
            out += [f"    {page}:{line}: {words[:110]}" for _, page, line, words in group]
    return "\n".join(out) + "\n"


def _grouped(rows):
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    return sorted(groups.items())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="*", type=Path, help="score these set folders only")
    ap.add_argument("--details", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--json", type=Path, help="also write the numbers as JSON to this file")
    args = ap.parse_args(argv)
    if args.sets:
        sets = args.sets
    else:
        if not SHARED.is_dir():
            print(f"note: {SHARED} is not here; scoring the project's own sets only")
        sets = find_sets([SHARED, ROOT / "acceptance"])
    if not sets:
        print("no acceptance sets found")
        return 0
    results = {}
    for folder in sets:
        resolved = folder.resolve()
        try:
            name = str(resolved.relative_to(ROOT))
        except ValueError:
            try:
                name = str(resolved.relative_to(ROOT.parent))
            except ValueError:
                name = str(folder)
        results[name] = (len(load_gold(folder)), score(folder, name))
    print(report(results, args.details), end="")
    if args.json:
        payload = {name: {scope: {"recall": Tally.ratio(t.found, t.must), "precision": Tally.ratio(t.correct, t.flagged),
                                  "must": t.must, "found": t.found, "flagged": t.flagged, "correct": t.correct}
                          for scope, t in tallies.items()} for name, (_, tallies) in results.items()}
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
