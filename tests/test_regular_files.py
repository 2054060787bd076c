"""Issue 12 item 9: medlint reads regular files only, up to a size limit, and never hangs on
a FIFO or grows on a device."""

import os

import pytest

from conftest import run_cli

TIMEOUT = 60  # a hang shows as a timeout, not as a stuck test run


def _run(*args, cwd, **kwargs):
    return run_cli(*args, cwd=cwd, timeout=TIMEOUT, **kwargs)


@pytest.fixture
def site(tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "a.md").write_text("It is completely safe.\n")
    os.mkfifo(folder / "b.md")
    os.symlink("/dev/zero", folder / "zero.md")
    return tmp_path


def test_a_fifo_and_a_device_in_a_folder_are_refused_at_once(site):
    proc = _run("--format", "concise", "site", cwd=site)
    err = proc.stderr.decode()
    assert "site/b.md: a named pipe (FIFO), not a regular file" in err
    assert "site/zero.md: a character device, not a regular file" in err
    assert b"site/a.md:1:7" in proc.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "site/b.md"])
def test_a_rule_file_that_is_no_regular_file_is_one_error(site, target):
    proc = _run("--extend-rules", target, "site/a.md", cwd=site)
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(err) == 1 and "not a regular file" in err[0], err


def test_a_config_that_is_no_regular_file_is_one_error(site):
    proc = _run("--config", "site/zero.md", "site/a.md", cwd=site)
    assert proc.returncode == 2 and b"cannot read config: a character device" in proc.stderr
    proc = _run("--config", "site", "site/a.md", cwd=site)
    assert proc.returncode == 2 and b"cannot read config: is a folder" in proc.stderr


def test_the_size_limit_option_and_config_key(tmp_path):
    (tmp_path / "big.txt").write_text("It is completely safe. " + "x" * 2_100_000 + "\n")
    over = _run("--max-file-size", "2", "big.txt", cwd=tmp_path)
    assert over.returncode == 2
    assert b"big.txt: larger than the size limit of 2 MB" in over.stderr and b"--max-file-size" in over.stderr
    assert _run("--max-file-size", "2.5", "big.txt", cwd=tmp_path).returncode == 1
    (tmp_path / ".medlint.yaml").write_text("max-file-size: 2\n")
    assert _run("big.txt", cwd=tmp_path).returncode == 2
    assert _run("--max-file-size", "3", "big.txt", cwd=tmp_path).returncode == 1  # the option wins


@pytest.mark.parametrize("value", ["0", "-1", "yes", "'10'", ".nan"])
def test_a_bad_size_limit_in_the_config_is_one_error(tmp_path, value):
    (tmp_path / ".medlint.yaml").write_text(f"max-file-size: {value}\n")
    (tmp_path / "p.md").write_text("ok\n")
    proc = _run("p.md", cwd=tmp_path)
    assert proc.returncode == 2 and b'.medlint.yaml:1: "max-file-size" must be a number' in proc.stderr


def test_standard_input_stops_at_the_limit(tmp_path):
    proc = _run("--max-file-size", "1", "-", cwd=tmp_path, stdin=b"a" * 1_500_000)
    assert proc.returncode == 2 and b"<stdin>: larger than the size limit of 1 MB" in proc.stderr


def test_the_size_limit_holds_in_the_pool_workers(tmp_path):
    """Enough pages for a process pool: the workers read with the run's limit, not the default."""
    for i in range(10):
        (tmp_path / f"p{i}.md").write_text("It is completely safe.\n")
    (tmp_path / "p5.md").write_text("It is completely safe. " + "x" * 1_500_000 + "\n")
    over = _run("--no-config", "-j", "2", "--max-file-size", "1", ".", cwd=tmp_path)
    assert over.returncode == 2
    assert over.stderr.count(b"larger than the size limit of 1 MB") == 1 and b"p5.md" in over.stderr
    assert over.stdout.count(b"completely safe") >= 9  # the other pages are still reported
    assert _run("--no-config", "-j", "2", "--max-file-size", "2", ".", cwd=tmp_path).returncode == 1
