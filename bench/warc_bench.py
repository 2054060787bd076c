"""Crawl-scale throughput: the benchmark corpus as one WARC, locally and on a Dask cluster.

    python bench/warc_bench.py [--pages 2000] [--reps 3] [--workers 2]

Builds the corpus with make_corpus.py (if needed) and packs it into a .warc.gz with warcio
(one gzip member per record, a request record beside each response, as crawlers write
them). Then, interleaved in every repetition, it times medlint through its console script:
one process on the WARC (-j 1), one process on the same pages as files (what reading WARC
costs), the local process pool on the WARC (all cores), and `--dask` on a LocalCluster of
--workers single-threaded worker processes started here (its start-up is not timed; the
client's connection is). Every WARC run's JSONL must be byte-identical to the one-process
run. Besides wall time it counts the CPU seconds of every process a run used (medlint and
its pool; for --dask also the scheduler and the workers), which a machine shared with
other jobs disturbs far less. Prints a Markdown table with medians and the ratios.
Needs `pip install '.[dask]'`.
"""

from __future__ import annotations

import argparse
import io
import resource
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


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # medlint and its pool processes
    return usage.ru_utime + usage.ru_stime


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cluster_cpu(client) -> float:
    """CPU seconds the scheduler and every worker process have used so far."""
    return sum(client.run(own_cpu).values()) + client.run_on_scheduler(own_cpu)


def timed(command: list[str], client=None) -> tuple[float, float, bytes]:
    """Wall time, CPU seconds of every process the run used, and its output."""
    cpu = children_cpu() + (cluster_cpu(client) if client else 0)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return elapsed, children_cpu() + (cluster_cpu(client) if client else 0) - cpu, proc.stdout


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

    from distributed import Client, LocalCluster

    base = [script("medlint"), "--format", "jsonl", "--no-progress", "--no-config", "-q"]
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=50) as cluster, Client(cluster) as client:
        runs = {
            "one process (-j 1)": [*base, "-j", "1", str(warc)],
            "one process, the same pages as files": [*base, "-j", "1", str(corpus)],
            "local pool (all cores)": [*base, str(warc)],
            f"--dask, {args.workers}-worker LocalCluster": [*base, "--dask", cluster.scheduler_address, str(warc)],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        cpus: dict[str, list[float]] = {name: [] for name in runs}
        reference = None
        timed(runs[f"--dask, {args.workers}-worker LocalCluster"])  # warm-up: workers import medlint
        for _ in range(args.reps):
            for name, command in runs.items():
                elapsed, cpu, out = timed(command, client if "--dask" in command else None)
                reference = out if reference is None else reference
                if out != reference and "files" not in name:  # files have paths, not URLs
                    raise SystemExit(f"{name}: output differs from the one-process run")
                times[name].append(elapsed)
                cpus[name].append(cpu)
    print(f"\nWARC: {pages} pages ({megabytes:.1f} MB of pages, {warc.stat().st_size / 1e6:.1f} MB gzipped, "
          f"with {pages} request records); {args.reps} repetitions, medians; output identical in every run\n")
    print("| run | wall time (s) | pages/s | MB/s | CPU, all its processes (s) | CPU ms per page |")
    print("|---|---|---|---|---|---|")
    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu = {name: statistics.median(c) for name, c in cpus.items()}
    for name, seconds in medians.items():
        print(f"| {name} | {seconds:.2f} | {pages / seconds:.0f} | {megabytes / seconds:.2f} | {cpu[name]:.1f} "
              f"| {1000 * cpu[name] / pages:.1f} |")
    one, files, pool, dask = medians.values()
    one_cpu, _, _, dask_cpu = cpu.values()
    print(f"\n- wall-time speed-up over one process: cluster {one / dask:.2f}x, local pool {one / pool:.2f}x; "
          f"cluster / local pool {pool / dask:.2f}x; WARC / files, one process: {one / files:.2f}")
    print(f"- CPU per page, cluster / one process: {dask_cpu / one_cpu:.2f} (scheduler, workers and client "
          f"together); with {args.workers} cores of its own the cluster could reach "
          f"{args.workers * one_cpu / dask_cpu:.2f}x one process")


if __name__ == "__main__":
    main()
