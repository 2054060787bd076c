"""Crawl-scale throughput: the benchmark corpus as one WARC, locally and on a Dask cluster.

    python bench/warc_bench.py [--pages 2000] [--reps 3] [--workers 2]

Builds the corpus with make_corpus.py (if needed) and packs it into a .warc.gz with warcio
(one gzip member per record, a request record beside each response, as crawlers write
them). Then, interleaved in every repetition, it times medlint through its console script:
one process on the WARC (-j 1), one process on the same pages as files (what reading WARC
costs), the local process pool on the WARC (all cores), and `--dask` on a LocalCluster of
--workers single-threaded worker processes started here (its start-up is not timed; the
client's connection is). Every WARC run's JSONL must be byte-identical to the one-process
run. Prints a Markdown table with medians and the ratios. Needs `pip install '.[dask]'`.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {".html": "text/html; charset=utf-8", ".md": "text/markdown; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}


def script(name: str) -> str:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else name


def pack_warc(corpus: Path, target: Path) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    files = sorted(corpus.glob("page*.*"))
    with open(target, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for path in files:
            uri = f"https://clinic.example/{path.name}"
            body = path.read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", TYPES[path.suffix])], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            request = f"GET /{path.name} HTTP/1.1\r\nHost: clinic.example\r\n\r\n".encode()
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(request)))
    return len(files)


def timed(command: list[str]) -> tuple[float, bytes]:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed, proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    corpus = HERE / "out" / f"corpus-{args.pages}"
    if len(list(corpus.glob("page*.*"))) != args.pages:
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), str(corpus), "--pages", str(args.pages)],
                       check=True, stdout=subprocess.DEVNULL)
    warc = HERE / "out" / f"corpus-{args.pages}.warc.gz"
    pages = pack_warc(corpus, warc)
    megabytes = sum(p.stat().st_size for p in corpus.glob("page*.*")) / 1e6

    from distributed import LocalCluster

    base = [script("medlint"), "--format", "jsonl", "--no-progress", "--no-config", "-q"]
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        runs = {
            "one process (-j 1)": [*base, "-j", "1", str(warc)],
            "one process, the same pages as files": [*base, "-j", "1", str(corpus)],
            "local pool (all cores)": [*base, str(warc)],
            f"--dask, {args.workers}-worker LocalCluster": [*base, "--dask", cluster.scheduler_address, str(warc)],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        reference = None
        timed(runs[f"--dask, {args.workers}-worker LocalCluster"])  # warm-up: workers import medlint
        for _ in range(args.reps):
            for name, command in runs.items():
                elapsed, out = timed(command)
                reference = out if reference is None else reference
                if out != reference and "files" not in name:  # files have paths, not URLs
                    raise SystemExit(f"{name}: output differs from the one-process run")
                times[name].append(elapsed)
    print(f"\nWARC: {pages} pages ({megabytes:.1f} MB of pages, {warc.stat().st_size / 1e6:.1f} MB gzipped, "
          f"with {pages} request records); {args.reps} repetitions, medians; output identical in every run\n")
    print("| run | wall time (s) | pages/s | MB/s |")
    print("|---|---|---|---|")
    medians = {name: statistics.median(t) for name, t in times.items()}
    for name, seconds in medians.items():
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.0f} | {megabytes / seconds:.2f} |")
    one, files, pool, dask = medians.values()
    print(f"\n- cluster / one process speed-up: {one / dask:.2f}x; cluster / local pool: {pool / dask:.2f}x; "
          f"local pool / one process: {one / pool:.2f}x; WARC / files time, one process: {one / files:.2f}")


if __name__ == "__main__":
    main()
