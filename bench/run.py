"""Time medlint against the tools a writer would otherwise reach for, in one run.

    python bench/run.py [--pages 2000] [--reps 3] [--corpus DIR] [--tools medlint,codespell,proselint]

Builds the corpus with make_corpus.py if needed, then, interleaving the tools in every
repetition, measures: the whole corpus (wall time, MB/s, ms per page, peak memory), one
page (wall time, start-up included), and medlint's peak memory at a quarter and at the
whole corpus (bounded memory). Prints a Markdown table with medians and the ratios the
README reports. codespell and proselint must be installed in the same environment
(pip install codespell proselint).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Runs a command and reports its peak memory (the largest resident set of it and any child).
MEASURE = ("import resource, subprocess, sys\n"
           "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)")


def commands(tool: str, files: list[str]) -> list[str]:
    if tool == "medlint":
        return [sys.executable, "-m", "medlint", "--format", "jsonl", "--no-progress", *files]
    if tool == "codespell":
        return [shutil.which("codespell") or "codespell", *files]
    if tool == "proselint":
        return [shutil.which("proselint") or "proselint", "check", *files]
    raise SystemExit(f"unknown tool {tool}")


def measure(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", MEASURE, *argv], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    rss_kb, _rc = out.stdout.split()
    return elapsed, int(rss_kb)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--corpus", default=str(HERE / "out" / "corpus"))
    ap.add_argument("--tools", default="medlint,codespell,proselint")
    args = ap.parse_args()
    tools = args.tools.split(",")
    for tool in tools[1:]:
        if tool != "medlint" and shutil.which(tool) is None:
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
    for tool in tools:
        measure(commands(tool, one))
    whole = {t: [] for t in tools}
    single = {t: [] for t in tools}
    memory = {t: [] for t in tools}
    for rep in range(args.reps):
        for tool in tools:  # interleaved: a busy moment hurts every tool alike
            elapsed, rss = measure(commands(tool, files))
            whole[tool].append(elapsed)
            memory[tool].append(rss)
            for _ in range(3):
                single[tool].append(measure(commands(tool, one))[0])
        print(f"repetition {rep + 1}/{args.reps} done", file=sys.stderr)
    quarter = measure(commands("medlint", files[: len(files) // 4]))[1] if "medlint" in tools else 0

    med = {t: statistics.median(whole[t]) for t in tools}
    one_page = {t: statistics.median(single[t]) for t in tools}
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
                      f"one page: {one_page['medlint'] / one_page[t]:.2f}")
        print(f"- medlint peak memory: {quarter / 1024:.0f} MB for a quarter of the corpus, "
              f"{max(memory['medlint']) / 1024:.0f} MB for all of it")


if __name__ == "__main__":
    main()
