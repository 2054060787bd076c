"""`--resume --format jsonl -o FILE`: an interrupted run goes on where it stopped."""

import json
import os
import signal
import subprocess
import sys
import time

from conftest import run_cli
from test_budget import SLOW_RULE
from warcs import Warc, page


def pages(folder, count):
    folder.mkdir()
    for i in range(count):
        text = "It is completely safe.\n" if i % 2 else "Call us to book a visit.\n"
        (folder / f"p{i:02d}.md").write_text(f"# Visit {i}\n\n{text}", encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def full_run(files, tmp_path):
    out = tmp_path / "full.jsonl"
    proc = run_cli("--format", "jsonl", "--no-config", "-o", out, *files)
    assert proc.returncode == 1
    return out.read_bytes()


def test_a_resumed_run_skips_the_pages_done_and_ends_as_one_run(tmp_path):
    files = pages(tmp_path / "site", 12)
    expected = full_run(files, tmp_path)
    out = tmp_path / "out.jsonl"
    first = run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files[:5])
    assert first.returncode == 1
    done = (tmp_path / "out.jsonl.done").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in done] == files[:5]
    second = run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files)
    assert second.returncode == 1
    assert out.read_bytes() == expected
    assert "resumed: 5 pages already in" in second.stderr.decode()
    again = run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files)
    assert again.returncode == 1  # the findings already in FILE still fail the run
    assert out.read_bytes() == expected and "resumed: 12 pages" in again.stderr.decode()


def test_a_page_half_written_when_the_run_stopped_is_linted_again_not_doubled(tmp_path):
    files = pages(tmp_path / "site", 8)
    expected = full_run(files, tmp_path)
    out = tmp_path / "out.jsonl"
    run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files[:4])
    with open(out, "ab") as handle:  # the findings of page 5 were being written ...
        handle.write(b'{"path": "' + files[4].encode() + b'", "line": 3, "col')
    with open(tmp_path / "out.jsonl.done", "a", encoding="utf-8") as handle:  # ... and its entry never finished
        handle.write("99")
    run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files)
    assert out.read_bytes() == expected
    ledger = (tmp_path / "out.jsonl.done").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in ledger] == files
    sizes = [int(line.split("\t")[0]) for line in ledger]  # the torn entry is gone, not glued to the next
    assert sizes == sorted(sizes) and sizes[-1] == len(expected)


def test_without_a_ledger_the_pages_named_in_the_file_are_skipped(tmp_path):
    files = pages(tmp_path / "site", 10)
    expected = full_run(files, tmp_path)
    out = tmp_path / "out.jsonl"
    run_cli("--format", "jsonl", "--no-config", "-o", out, *files[:6])  # a run started without --resume
    resumed = run_cli("--format", "jsonl", "--no-config", "--resume", "-o", out, *files)
    assert out.read_bytes() == expected
    named = {json.loads(line)["path"] for line in expected.splitlines() if json.loads(line)["path"] in files[:6]}
    assert f"resumed: {len(named)} pages" in resumed.stderr.decode()


def test_a_crawl_killed_mid_run_resumes_by_record(tmp_path):
    w = Warc(tmp_path / "crawl.warc.gz")
    for i in range(400):
        w.response(f"https://clinic.example/p{i}", page(f"<p>Visit {i}: our drips are risk-free.</p>" * 8).encode())
    w.close()
    expected = run_cli("--format", "jsonl", "--no-config", w.path).stdout
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "medlint", "--format", "jsonl", "--no-config", "--resume", "-o", str(out), w.path]
    # Its own process group, killed whole: the pool's workers go with it, as on a real interruption.
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not (out.exists() and out.stat().st_size > 2000) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if run.poll() is None:
        os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    before = out.read_bytes()
    resumed = subprocess.run(args, capture_output=True, timeout=240)
    assert resumed.returncode == 1, resumed.stderr
    assert out.read_bytes() == expected and len(before) < len(expected)
    keys = [line.split("\t")[1] for line in (tmp_path / "out.jsonl.done").read_text(encoding="utf-8").splitlines()]
    assert keys == [f"{w.path}@{w.offsets[f'https://clinic.example/p{i}']}" for i in range(400)]


def test_resume_needs_jsonl_to_a_file(tmp_path):
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    for args in (["--format", "json", "-o", tmp_path / "x.json"], ["--format", "jsonl"]):
        proc = run_cli(*args, "--resume", "--no-config", tmp_path / "a.md")
        assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
        assert b"--resume needs --format jsonl and -o FILE" in proc.stderr


def test_a_file_that_is_not_medlint_output_is_left_alone(tmp_path):
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    notes = tmp_path / "notes.jsonl"
    notes.write_bytes(b"my own notes, not findings\n")
    proc = run_cli("--format", "jsonl", "--resume", "--no-config", "-o", notes, tmp_path / "a.md")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
    assert b"notes.jsonl:1: not a medlint JSONL finding" in proc.stderr
    assert notes.read_bytes() == b"my own notes, not findings\n"


def test_a_one_line_file_without_a_line_break_is_not_cut(tmp_path):
    (tmp_path / "a.md").write_text("It is completely safe.\n", encoding="utf-8")
    notes = tmp_path / "notes.jsonl"
    notes.write_bytes(b"hello")
    proc = run_cli("--format", "jsonl", "--resume", "--no-config", "-o", notes, tmp_path / "a.md")
    assert proc.returncode == 2 and b"notes.jsonl:1: not a medlint JSONL finding" in proc.stderr
    assert notes.read_bytes() == b"hello"


def test_a_page_a_rule_gave_up_on_keeps_failing_resumed_runs(tmp_path):
    """Fail closed: the page is recorded (its findings are in FILE), but a resumed run that
    skips it must not turn the give-up into a pass."""
    files = pages(tmp_path / "site", 3)
    (tmp_path / "site" / "p01.md").write_text("It is completely safe. " + "x" * 5000 + "\n", encoding="utf-8")
    (tmp_path / "slow.yaml").write_text(SLOW_RULE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ("--format", "jsonl", "--no-config", "--extend-rules", tmp_path / "slow.yaml", "--resume", "-o", out)
    env = {"MEDLINT_REGEX_TIMEOUT": "0.2"}
    first = run_cli(*args, *files, env=env)
    assert first.returncode == 2 and b"rule org.slow" in first.stderr and b"gave up" in first.stderr
    again = run_cli(*args, *files, env=env)
    assert again.returncode == 2, again.stderr
    assert b"a rule gave up on 1 of the pages already in it" in again.stderr
    assert b"resumed: 3 pages already in" in again.stderr
    assert out.read_bytes().count(b'"path"') == len(out.read_bytes().splitlines())  # nothing doubled
    assert sum(b"p01.md" in line for line in out.read_bytes().splitlines()) == 1


def test_a_resumed_report_that_is_one_of_the_pages_is_refused_before_anything_is_cut(tmp_path):
    files = pages(tmp_path / "site", 3)
    before = open(files[0], "rb").read()
    proc = run_cli("--format", "jsonl", "--no-config", "--resume", "-o", files[0], *files)
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
    assert b"is one of the pages being linted" in proc.stderr
    assert open(files[0], "rb").read() == before and not os.path.exists(files[0] + ".done")
