"""Time medlint against the tools a writer would otherwise reach for, in one run.

    python bench/run.py [--pages 2000] [--reps 3] [--corpus DIR] [--tools medlint,codespell,proselint] [--double-pack]

Builds the corpus with make_corpus.py if needed, then, interleaving the tools in every
repetition, measures: the whole corpus (wall time, MB/s, ms per page, peak memory), one
page (wall time, start-up included), and medlint's peak memory at a quarter and at the
whole corpus (bounded memory). Prints a Markdown table with medians and the ratios the
README reports. With --double-pack, medlint also lints the corpus with every pattern rule
of the shipped pack twice (each copied under a new id, `--extend-rules`), the measure of how
cost grows with the pack. codespell and proselint must be installed in the same environment
(pip install codespell proselint).

Every tool runs through its console script, as a user or pre-commit would run it. The
one-page run is the pre-commit and editor case: the tool and the page, nothing else
(medlint's quick route, see src/medlint/main.py). medlint is also timed on one page with
an option only the option parser takes (`--quiet --format json`), which loads click. Children run without PYTHONDONTWRITEBYTECODE, so every tool has the
bytecode it has on a user's machine (pip compiles it at install; an editable install
writes it on the warm-up run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Runs a command and reports its wall time (timed in here, so the wrapper's own start-up is
# not counted) and its peak memory (the largest resident set of it and any child).
MEASURE = ("import resource, subprocess, sys, time\n"
           "start = time.perf_counter()\n"
           "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
           "elapsed = time.perf_counter() - start\n"
           "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")


def script(name: str) -> str:
    """The console script installed beside this Python (the bench's venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def doubled_pack(out_dir: Path) -> Path:
    """A rule file with a copy of every shipped pattern rule under a new id: loaded beside the
    shipped pack, it doubles the pattern rules (same contexts, vocabularies, tables)."""
    import yaml

    from medlint.rules import rule_files, shipped_rules_dir  # the medlint this bench times

    copies = []
    for path in rule_files(shipped_rules_dir()):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for rule in data.get("rules") or []:
            if isinstance(rule, dict) and rule.get("kind", "pattern") == "pattern":
                copies.append({**rule, "id": f"{rule['id']}-twin"})
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "doubled.yaml"
    target.write_text(yaml.safe_dump({"rules": copies}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"doubled pack: {len(copies)} pattern rules copied into {target}", file=sys.stderr)
    return target


def commands(tool: str, files: list[str], whole: bool = True) -> list[str]:
    if tool == "medlint-double":  # the same run with every pattern rule twice
        return [script("medlint"), "--extend-rules", str(DOUBLED), "--format", "jsonl", "--no-progress", *files]
    if tool == "medlint":
        return [script("medlint"), *(("--format", "jsonl", "--no-progress") if whole else ()), *files]
    if tool == "medlint-parser":  # one page with an option the quick route leaves to click
        return [script("medlint"), "--quiet", "--format", "json", *files]
    if tool == "codespell":
        return [script("codespell"), *files]
    if tool == "proselint":
        return [script("proselint"), "check", *files]
    raise SystemExit(f"unknown tool {tool}")


DOUBLED = HERE / "out" / "doubled" / "doubled.yaml"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(argv: list[str]) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=True,
                         env=ENV)
    elapsed, rss_kb, _rc = out.stdout.split()
    return float(elapsed), int(rss_kb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--corpus", default=str(HERE / "out" / "corpus"))
    ap.add_argument("--tools", default="medlint,codespell,proselint")
    ap.add_argument("--double-pack", action="store_true", help="also time medlint with every pattern rule twice")
    args = ap.parse_args()
    tools = args.tools.split(",")
    double = args.double_pack and "medlint" in tools
    if double:
        doubled_pack(DOUBLED.parent)
    for tool in tools:
        if not Path(script(tool)).exists() and shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed here: pip install {tool}")
    corpus = Path(args.corpus)
    files = sorted(str(p) for p in corpus.glob("page*.*")) if corpus.is_dir() else []
    if len(files) != args.pages:
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus), "--pages", str(args.pages)],
                       check=True)
        files = sorted(str(p) for p in corpus.glob("page*.*"))
    megabytes = sum(Path(f).stat().st_size for f in files) / 1e6
    one = [files[0]]
    # Warm the caches once (rule pack cache, file system cache, .pyc files).
    for tool in tools + (["medlint-double"] if double else []):  # the doubled pack has a cache of its own
        measure(commands(tool, one, whole=False))
    whole = {t: [] for t in tools}
    single = {t: [] for t in tools + (["medlint-parser"] if "medlint" in tools else [])}
    memory = {t: [] for t in tools}
    doubled: list[float] = []
    for rep in range(args.reps):
        for tool in tools:  # interleaved: a busy moment hurts every tool alike
            elapsed, rss = measure(commands(tool, files))
            whole[tool].append(elapsed)
            memory[tool].append(rss)
            for variant in [tool] + (["medlint-parser"] if tool == "medlint" else []):
                for _ in range(3):
                    single[variant].append(measure(commands(variant, one, whole=False))[0])
            if tool == "medlint" and double:  # right after the plain pack: a fair pair
                doubled.append(measure(commands("medlint-double", files))[0])
        print(f"repetition {rep + 1}/{args.reps} done", file=sys.stderr)
    quarter = measure(commands("medlint", files[: len(files) // 4]))[1] if "medlint" in tools else 0

    med = {t: statistics.median(whole[t]) for t in tools}
    one_page = {t: statistics.median(times) for t, times in single.items()}
    print(f"\nCorpus: {len(files)} pages, {megabytes:.1f} MB (bench/make_corpus.py); {args.reps} repetitions, "
          f"medians; machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores\n")
    print("| tool | whole corpus (s) | MB/s | ms per page | one page (s) | peak memory (MB) |")
    print("|---|---|---|---|---|---|")
    for t in tools:
        print(f"| {t} | {med[t]:.2f} | {megabytes / med[t]:.2f} | {1000 * med[t] / len(files):.2f} | "
              f"{one_page[t]:.3f} | {max(memory[t]) / 1024:.0f} |")
    if "medlint" in tools:
        print()
        for t in tools:
            if t != "medlint":
                ratio = med["medlint"] / med[t]
                speed = f"{1 / ratio:.1f}x faster" if ratio < 1 else f"{ratio:.1f}x slower"
                print(f"- medlint/{t} time, whole corpus: {ratio:.2f} (medlint {speed}); "
                      f"one page: {one_page['medlint'] / one_page[t]:.2f} "
                      f"({one_page['medlint-parser'] / one_page[t]:.2f} through the option parser)")
        print(f"- medlint one page through the option parser (`--quiet --format json`): {one_page['medlint-parser']:.3f} s")
        print(f"- medlint peak memory: {quarter / 1024:.0f} MB for a quarter of the corpus, "
              f"{max(memory['medlint']) / 1024:.0f} MB for all of it")
        if double:
            print(f"- medlint with every pattern rule twice (--double-pack): {statistics.median(doubled):.2f} s for "
                  f"the corpus, {statistics.median(doubled) / med['medlint']:.2f}x the plain pack")


if __name__ == "__main__":
    main()
