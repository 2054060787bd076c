"""`medlint --dask`: a real LocalCluster (two worker processes), compared with a local run.

Every run here is bounded in time (subprocess timeouts, the cluster's own), so a cluster
that misbehaves fails the test instead of hanging CI.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from distributed import Client, LocalCluster, get_task_stream

from conftest import ROOT
from warcs import Warc, page

LIMIT = 240  # seconds any one medlint run may take here (2 shared cores)
PARAGRAPHS = (
    "Our ketamine infusions are completely safe for most adults.",
    "Our clinic is open Monday to Saturday, with parking behind the building.",
    "IV drips are risk-free and relax you after a long week.",
    "Please bring a list of your current medications to your first visit.",
    "Ask your clinician about the risks and side effects before you book.",
)


def crawl_pages(path, count, gzip=True):
    w = Warc(path, gzip=gzip)
    for i in range(count):
        body = "\n".join(f"<p>{PARAGRAPHS[(i + j) % len(PARAGRAPHS)]} Visit {i}.</p>" for j in range(12))
        w.response(f"https://clinic.example/page-{i:04d}", page(body, f"Page {i}").encode())
        if i % 10 == 0:
            w.request(f"https://clinic.example/page-{i:04d}")
    w.close()
    return w


def medlint(*args, cwd=None, env=None, timeout=LIMIT):
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("MEDLINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "medlint", *map(str, args)], capture_output=True,
                          cwd=cwd, env=full_env, timeout=timeout)


@contextlib.contextmanager
def running(address, crawl, out):
    """A cluster run writing JSONL to `out`, handed over once its first findings are on disk."""
    run = subprocess.Popen([sys.executable, "-m", "medlint", "--dask", address, "--format", "jsonl",
                            "--no-config", "-o", str(out), crawl], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + LIMIT
        while not (out.exists() and out.stat().st_size) and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert run.poll() is None, "the run ended before a worker could be killed: give it more pages"
        yield run, deadline
    finally:
        if run.poll() is None:
            run.kill()


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      scheduler_port=0, silence_logs=40) as local, Client(local, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
        yield local, client


@pytest.fixture
def site(tmp_path):
    """A WARC and loose pages of every kind, one of them unreadable."""
    crawl_pages(tmp_path / "crawl.warc.gz", 90)
    (tmp_path / "pages").mkdir()
    for source in ("examples/ketamine-ptsd.md", "examples/ketamine-ptsd-compliant.md",
                   "tests/fixtures/pages/semaglutide-weight.html", "tests/fixtures/pages/stem-cells-knee.txt"):
        (tmp_path / "pages" / os.path.basename(source)).write_bytes((ROOT / source).read_bytes())
    (tmp_path / "pages" / "latin1.md").write_bytes("Se\u00f1or, it is completely safe.\n".encode("latin-1"))
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "jsonl", "sarif", "html"])
def test_a_cluster_run_is_the_local_run_finding_for_finding(cluster, site, fmt):
    local_cluster, client = cluster
    args = ["--format", fmt, "--no-config", "--statistics", site / "pages", site / "crawl.warc.gz"]
    local = medlint(*args, cwd=site)
    with get_task_stream(client=client) as tasks:
        remote = medlint("--dask", local_cluster.scheduler_address, *args, cwd=site)
    assert local.returncode == remote.returncode == 2, remote.stderr  # the unreadable page fails both (fail closed)
    assert remote.stdout == local.stdout
    assert remote.stderr == local.stderr  # the unreadable page, the WARC's counts: same lines, same order
    assert any(str(t["key"]).startswith("_lint_batch") for t in tasks.data), "nothing ran on the cluster"
    if fmt == "jsonl":
        findings = [json.loads(line) for line in local.stdout.splitlines()]
        assert len({f["path"] for f in findings}) > 90  # pages from both the folder and the crawl


@pytest.mark.parametrize("killed", ["one worker", "every worker in turn"])
def test_workers_killed_mid_run_lose_no_pages(cluster, tmp_path, killed):
    """Every worker replaced: the rule pack must reach the workers a nanny restarts, too."""
    local_cluster, client = cluster
    crawl = crawl_pages(tmp_path / "big.warc.gz", 900 if killed == "one worker" else 1500)
    expected = medlint("--format", "jsonl", "--no-config", crawl.path)
    assert expected.returncode == 1
    out = tmp_path / "out.jsonl"
    with running(local_cluster.scheduler_address, crawl.path, out) as (run, deadline):
        victims = sorted(client.run(os.getpid).values())
        for victim in victims[:1] if killed == "one worker" else victims:
            assert run.poll() is None, "the run ended before the workers were killed: give it more pages"
            os.kill(victim, signal.SIGKILL)
            while (victim in client.run(os.getpid, on_error="ignore").values()
                   or len(client.run(os.getpid, on_error="ignore")) < 2):  # until the nanny replaced it
                assert time.monotonic() < deadline
                time.sleep(0.05)
        stdout, stderr = run.communicate(timeout=LIMIT)
    assert run.returncode == 1, stderr
    assert out.read_bytes() == expected.stdout
    assert stderr == expected.stderr  # the WARC's counts only: dask's warnings stay out of it


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free, and nothing listens on it once closed
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    started = time.monotonic()
    proc = medlint("--dask", f"tcp://127.0.0.1:{port}", "--no-config", tmp_path / "a.md",
                   env={"MEDLINT_DASK_TIMEOUT": "2"}, timeout=60)
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2
    assert len(lines) == 1 and lines[0].startswith(f"medlint: --dask tcp://127.0.0.1:{port}: cannot reach"), lines
    assert proc.stdout == b"" and time.monotonic() - started < 50


def test_the_config_names_the_cluster_and_the_command_line_wins(cluster, tmp_path):
    local_cluster, _ = cluster
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    (tmp_path / ".medlint.yaml").write_text("dask: tcp://127.0.0.1:9\n", encoding="utf-8")
    from_config = medlint("a.md", cwd=tmp_path, env={"MEDLINT_DASK_TIMEOUT": "2"}, timeout=60)
    assert from_config.returncode == 2 and b"--dask tcp://127.0.0.1:9: cannot reach" in from_config.stderr
    overridden = medlint("--dask", local_cluster.scheduler_address, "a.md", cwd=tmp_path)
    assert overridden.returncode == 1 and b"completely safe" in overridden.stdout


def test_without_dask_nothing_of_dask_is_imported(tmp_path):
    crawl = crawl_pages(tmp_path / "c.warc.gz", 12)
    code = ("import sys; from medlint.main import main; rc = main(['--format', 'jsonl', '--no-config', '-j', '1', "
            f"{crawl.path!r}]); sys.stdout.flush(); "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')], 'dask imported'; "
            "sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=LIMIT)
    assert proc.returncode == 1, proc.stderr
    assert b"dask imported" not in proc.stderr


def test_fix_on_a_cluster_is_a_usage_error(cluster, tmp_path):
    local_cluster, _ = cluster
    (tmp_path / "a.md").write_text("It drastically reduces pain.\n", encoding="utf-8")
    proc = medlint("--dask", local_cluster.scheduler_address, "--fix", "--no-config", tmp_path / "a.md")
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "It drastically reduces pain.\n"


def test_a_cluster_run_shows_the_progress_bar(cluster, tmp_path):
    local_cluster, _ = cluster
    crawl = crawl_pages(tmp_path / "c.warc.gz", 60)
    proc = medlint("--dask", local_cluster.scheduler_address, "--progress", "--format", "jsonl", "--no-config",
                   crawl.path)
    assert proc.returncode == 1
    assert b"] 60 pages (100% of input)" in proc.stderr


def test_a_run_resumed_on_the_cluster_ends_as_one_local_run(cluster, tmp_path):
    local_cluster, _ = cluster
    first, second = crawl_pages(tmp_path / "a.warc.gz", 40), crawl_pages(tmp_path / "b.warc.gz", 40)
    expected = medlint("--format", "jsonl", "--no-config", first.path, second.path).stdout
    out = tmp_path / "out.jsonl"
    medlint("--format", "jsonl", "--no-config", "--resume", "-o", out, first.path)
    resumed = medlint("--dask", local_cluster.scheduler_address, "--format", "jsonl", "--no-config", "--resume",
                      "-o", out, first.path, second.path)
    assert resumed.returncode == 1 and b"resumed: 40 pages already in" in resumed.stderr
    assert out.read_bytes() == expected


def test_a_bad_timeout_setting_is_one_line(tmp_path):
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    proc = medlint("--dask", "tcp://127.0.0.1:9", "--no-config", tmp_path / "a.md",
                   env={"MEDLINT_DASK_TIMEOUT": "soon"}, timeout=60)
    assert proc.returncode == 2 and proc.stderr == b'medlint: MEDLINT_DASK_TIMEOUT must be a number of seconds, found "soon"\n'


def test_a_batch_that_keeps_killing_workers_is_one_line_and_leaves_nothing_behind(tmp_path):
    """With no failures allowed, one killed worker makes its batch KilledWorker: the run fails closed."""
    import dask

    crawl = crawl_pages(tmp_path / "big.warc.gz", 900)
    out = tmp_path / "out.jsonl"
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                         silence_logs=50) as strict, Client(strict, timeout=60) as client:
        client.wait_for_workers(2, timeout=60)
        with running(strict.scheduler_address, crawl.path, out) as (run, _):
            os.kill(sorted(client.run(os.getpid).values())[0], signal.SIGKILL)
            stdout, stderr = run.communicate(timeout=LIMIT)
        left = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.worker_plugins))
    assert run.returncode == 2
    [line] = stderr.decode().splitlines()
    assert "workers kept dying on one batch of pages" in line
    assert not [name for name in left if name.startswith("medlint-")]


def test_a_cluster_run_keeps_the_size_limit(cluster, tmp_path):
    """Pages are read here for the workers: with the run's max-file-size, not the default."""
    local_cluster, _ = cluster
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    (tmp_path / "big.md").write_text("It is completely safe. " + "x" * 1_500_000 + "\n", encoding="utf-8")
    proc = medlint("--dask", local_cluster.scheduler_address, "--no-config", "--max-file-size", "1", ".",
                   cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert b"big.md: larger than the size limit of 1 MB" in proc.stderr and b"a.md:1:" in proc.stdout
    proc = medlint("--dask", local_cluster.scheduler_address, "--no-config", "--max-file-size", "2", ".",
                   cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
