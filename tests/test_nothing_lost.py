"""Nothing medlint writes loses a user's data, and every write problem is one clear line, exit 2
(issue 12, items 4, 5, 6, 14, 15 and 16)."""

import json
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import run_cli

FIXABLE = "This drastically reduces pain.\n"  # efficacy.intensifier: --fix drops "drastically"
FIXED = "This reduces pain.\n"


def _one_line(out, *words):
    err = out.stderr.decode()
    assert out.returncode == 2, (out.returncode, err)
    assert "Traceback" not in err and "internal error" not in err, err
    for w in words:
        assert w in err, err
    return err


# -- item 4: the report never overwrites a page ---------------------------------------------

@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
def test_the_report_cannot_be_written_over_a_page(tmp_path, how):
    page = tmp_path / "page.md"
    page.write_text("Our TMS is risk-free.\n")
    target = {"same": str(page), "relative": "./page.md"}.get(how)
    if how == "symlink":
        (tmp_path / "out.md").symlink_to(page)
        target = "out.md"
    elif how == "hardlink":
        os.link(page, tmp_path / "out.md")
        target = "out.md"
    out = run_cli("-o", target, "page.md", cwd=tmp_path)
    _one_line(out, "is one of the pages being linted")
    assert page.read_text() == "Our TMS is risk-free.\n"


# -- item 5: --fix keeps links, owner and mode, and never overwrites an edit -----------------

def test_fix_says_what_it_changed(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(FIXABLE)
    out = run_cli("--fix", "page.md", cwd=tmp_path)
    assert "page.md: fixed 1 finding" in out.stderr.decode()
    assert page.read_text() == FIXED


def test_fix_through_a_symlink_fixes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text(FIXABLE)
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    run_cli("--fix", "link.md", cwd=tmp_path)
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert real.read_text() == FIXED


def test_fix_keeps_hard_links_together(tmp_path):
    a = tmp_path / "a.md"
    a.write_text(FIXABLE)
    os.link(a, tmp_path / "b.md")
    run_cli("--fix", "a.md", cwd=tmp_path)
    assert os.stat(a).st_ino == os.stat(tmp_path / "b.md").st_ino
    assert (tmp_path / "b.md").read_text() == FIXED


def test_fix_keeps_mode(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(FIXABLE)
    page.chmod(0o640)
    run_cli("--fix", "page.md", cwd=tmp_path)
    assert page.read_text() == FIXED and (os.stat(page).st_mode & 0o777) == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give files away")
def test_fix_keeps_the_owner(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(FIXABLE)
    os.chown(page, 65534, 65534)
    run_cli("--fix", "page.md", cwd=tmp_path)
    info = os.stat(page)
    assert page.read_text() == FIXED and (info.st_uid, info.st_gid) == (65534, 65534)


def test_fix_leaves_a_read_only_page_alone_and_says_so(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(FIXABLE)
    page.chmod(0o444)
    _one_line(run_cli("--fix", "page.md", cwd=tmp_path), "page.md: not fixed", "read-only")
    assert page.read_text() == FIXABLE


def test_fix_never_overwrites_an_edit_made_while_it_ran(tmp_path):
    from medlint import safe_write

    page = tmp_path / "page.md"
    page.write_text(FIXABLE)
    read = page.read_bytes()
    page.write_text(FIXABLE + "A line the writer added meanwhile.\n")
    with pytest.raises(safe_write.FixError, match="changed while medlint ran"):
        safe_write.replace_contents(str(page), read, FIXED.encode())
    assert page.read_text().endswith("meanwhile.\n")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left behind


def test_fix_in_a_folder_it_cannot_write_is_one_line(tmp_path, monkeypatch):
    from medlint import safe_write

    page = tmp_path / "page.md"
    page.write_text(FIXABLE)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(safe_write.FixError, match="page.md: not fixed: cannot write in .*Permission denied"):
        safe_write.replace_contents(str(page), FIXABLE.encode(), FIXED.encode())


# -- item 6: --diff is a patch git apply accepts --------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("name,data", [
    ("bom.md", b"\xef\xbb\xbf" + FIXABLE.encode()),
    ("no-eol.md", FIXABLE.rstrip("\n").encode()),
    ("cr-only.txt", b"Intro.\r" + FIXABLE.rstrip("\n").encode() + b"\rEnd.\r"),
    ("crlf.md", b"Intro.\r\n" + FIXABLE.rstrip("\n").encode() + b"\r\nEnd.\r\n"),
    ("plain.md", b"# Title\n\n" + FIXABLE.encode() + b"More.\n"),
])
def test_diff_applies_with_git_and_gives_what_fix_writes(tmp_path, name, data):
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    (repo / name).write_bytes(data)
    out = run_cli("--diff", name, cwd=repo)
    assert out.returncode == 1, out.stderr
    (tmp_path / "fix.patch").write_bytes(out.stdout)
    applied = subprocess.run(["git", "apply", "--whitespace=nowarn", str(tmp_path / "fix.patch")], cwd=repo,
                             capture_output=True)
    assert applied.returncode == 0, applied.stderr.decode() + out.stdout.decode()
    twin = tmp_path / "twin"
    twin.mkdir()
    (twin / name).write_bytes(data)
    run_cli("--fix", name, cwd=twin)
    assert (repo / name).read_bytes() == (twin / name).read_bytes() != data


# -- item 14: SARIF locations and fingerprints ----------------------------------------------

def _sarif(out):
    assert out.returncode == 1, out.stderr
    return json.loads(out.stdout)["runs"][0]


def test_sarif_keeps_absolute_paths_outside_the_working_folder(tmp_path):
    page = tmp_path / "far away" / "page 100%.md"
    page.parent.mkdir()
    page.write_text("Our TMS is risk-free.\n")
    elsewhere = tmp_path / "repo"
    elsewhere.mkdir()
    run = _sarif(run_cli("--format", "sarif", page, cwd=elsewhere))
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": page.as_uri()} and location["uri"].startswith("file:///")
    assert "%20" in location["uri"] and "%25" in location["uri"]


def test_sarif_uris_are_percent_encoded_and_relative_inside_the_working_folder(tmp_path):
    (tmp_path / "a b#1%.md").write_text("Our TMS is risk-free.\n")
    run = _sarif(run_cli("--format", "sarif", "a b#1%.md", cwd=tmp_path))
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "a%20b%231%25.md", "uriBaseId": "%SRCROOT%"}
    assert "pypi.org" not in run["tool"]["driver"]["informationUri"]


def test_sarif_fingerprints_tell_two_copies_of_a_claim_apart_and_survive_moved_lines(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Our TMS is risk-free.\n\nReally, TMS is risk-free.\n")
    first = _sarif(run_cli("--format", "sarif", "page.md", cwd=tmp_path))
    prints = [r["partialFingerprints"]["medlintFinding/v1"] for r in first["results"] if r["ruleId"] == "safety.risk-free"]
    assert len(prints) == 2 and len(set(prints)) == 2
    page.write_text("# Intro\n\nOur TMS is risk-free.\n\nReally, TMS is risk-free.\n")
    moved = _sarif(run_cli("--format", "sarif", "page.md", cwd=tmp_path))
    assert [r["partialFingerprints"]["medlintFinding/v1"] for r in moved["results"]
            if r["ruleId"] == "safety.risk-free"] == prints


# -- item 15: a baseline works from any working folder --------------------------------------

def test_a_baseline_is_relative_to_its_own_file(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.md").write_text("Our TMS is risk-free.\n")
    assert run_cli("--write-baseline", ".medlint-baseline.json", "page.md", cwd=site).returncode == 0
    entry = json.loads((site / ".medlint-baseline.json").read_text())["findings"][0]
    assert entry["path"] == "page.md"
    for cwd, args in ((tmp_path, ["--baseline", "site/.medlint-baseline.json", "site/page.md"]),
                      (site / "..", ["--baseline", str(site / ".medlint-baseline.json"), str(site / "page.md")])):
        out = run_cli("--format", "json", *args, cwd=cwd)
        assert out.returncode == 0 and json.loads(out.stdout)["findings"] == [], out.stdout


# -- item 16: write problems are clear errors, found before the run -------------------------

def test_a_report_to_a_missing_folder_is_refused_before_the_run(tmp_path):
    (tmp_path / "page.md").write_text("Our TMS is risk-free.\n")
    out = run_cli("-o", "missing/report.json", "page.md", cwd=tmp_path)
    _one_line(out, "missing/report.json: cannot write the report", "no folder")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_report_to_a_full_disk_is_one_line(tmp_path):
    (tmp_path / "page.md").write_text("Our TMS is risk-free.\n")
    _one_line(run_cli("-o", "/dev/full", "page.md", cwd=tmp_path), "/dev/full: cannot write the report",
              "No space left")


def test_a_baseline_to_a_missing_folder_is_refused_before_the_run(tmp_path):
    (tmp_path / "page.md").write_text("Our TMS is risk-free.\n")
    out = run_cli("--write-baseline", "missing/b.json", "page.md", cwd=tmp_path)
    _one_line(out, "missing/b.json: cannot write the baseline")
    assert out.stdout == b""  # nothing was linted


@pytest.mark.parametrize("entry", ['{"path": "page.md", "rule": "safety.risk-free", "text": "risk-free", "count": 1e999}',
                                   '{"path": "page.md", "rule": "safety.risk-free", "text": "risk-free", "count": "2"}',
                                   '{"path": 1, "rule": "safety.risk-free", "text": "risk-free"}',
                                   '"just text"'])
def test_a_baseline_with_a_bad_count_is_one_line(tmp_path, entry):
    (tmp_path / "page.md").write_text("Our TMS is risk-free.\n")
    (tmp_path / "b.json").write_text('{"version": 1, "findings": [' + entry + "]}")
    _one_line(run_cli("--baseline", "b.json", "page.md", cwd=tmp_path), "b.json: finding 1 of the baseline")


def test_a_deeply_nested_baseline_is_one_line(tmp_path):
    (tmp_path / "page.md").write_text("Our TMS is risk-free.\n")
    (tmp_path / "b.json").write_text("[" * 100000 + "]" * 100000)
    _one_line(run_cli("--baseline", "b.json", "page.md", cwd=tmp_path), "b.json")
