"""WARC input: crawl archives made here with warcio, linted through the real entry point.

Expectations come from the pages themselves (where a phrase sits in the decoded HTML) or
from linting the same pages as files, never from the shipped pack's current findings.
"""

import json
import os

import pytest

from conftest import run_cli
from warcs import Warc, page

SAFE = page("<h1>Ketamine infusions</h1>\n<p>Our infusions are completely safe for most adults.</p>")
CP1252 = page("<p>Caf\u00e9 hours \u2014 and our drips are risk-free.</p>")
META_LATIN1 = ('<!doctype html><html><head><meta charset="ISO-8859-1"><title>Na\u00efve</title></head>\n'
               "<body><p>Na\u00efve or not: this treatment is completely safe.</p></body></html>\n")
UNDECLARED = page("<p>Se\u00f1or, the drip is risk-free.</p>")
AFTER_DAMAGE = page("<p>Read on after the damage: completely safe, they say.</p>")
PLAIN = "Notes for patients.\nOur program is completely safe.\n"
NOT_FOUND = page("<p>Gone, but completely safe.</p>")


def make_crawl(path, gzip=True):
    """One record of each kind a crawl holds, a record cut short, and pages after it."""
    w = Warc(path, gzip=gzip)
    w.response("https://clinic.example/ketamine/", SAFE.encode())
    w.request("https://clinic.example/ketamine/")
    w.response("https://clinic.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")
    w.response("https://clinic.example/drips", CP1252.encode("cp1252"), "text/html; charset=windows-1252")
    w.response("https://clinic.example/naive", META_LATIN1.encode("latin-1"), "text/html")
    w.response("https://clinic.example/senor", UNDECLARED.encode("latin-1"), "text/html")
    w.cut_response("https://clinic.example/cut", page("<p>" + "Our clinic is open daily. " * 60 + "</p>").encode())
    w.response("https://clinic.example/after", AFTER_DAMAGE.encode())
    w.response("https://clinic.example/notes.txt", PLAIN.encode(), "text/plain; charset=utf-8")
    w.response("https://clinic.example/gone", NOT_FOUND.encode(), status="404 Not Found")
    w.close()
    return w


DECODED = {"https://clinic.example/ketamine/": SAFE, "https://clinic.example/drips": CP1252,
           "https://clinic.example/naive": META_LATIN1, "https://clinic.example/after": AFTER_DAMAGE,
           "https://clinic.example/notes.txt": PLAIN}


def position(source: str, phrase: str):
    at = source.index(phrase)
    line = source.count("\n", 0, at) + 1
    return line, at - (source.rfind("\n", 0, at) + 1) + 1


def lint_json(*args):
    proc = run_cli("--format", "json", "--no-config", *args)
    return proc, json.loads(proc.stdout)


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_pages_are_the_html_and_text_responses_with_positions_in_the_decoded_record(tmp_path, gzip):
    crawl = make_crawl(tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc"), gzip)
    proc, out = lint_json(crawl.path)
    assert proc.returncode == 2, proc.stderr
    findings = out["findings"]
    assert {f["path"] for f in findings} <= set(DECODED)
    for uri, source in DECODED.items():
        phrase = "risk-free" if "risk-free" in source else "completely safe"
        line, column = position(source, phrase)
        hit = [f for f in findings if f["path"] == uri and f["text"] == phrase]
        assert hit, f"no finding for {phrase!r} in {uri}"
        assert (hit[0]["line"], hit[0]["column"]) == (line, column)
        assert hit[0]["end_column"] == column + len(phrase)
        assert hit[0]["warc_file"] == crawl.path and hit[0]["warc_offset"] == crawl.offsets[uri]
        assert hit[0]["warc_date"][:2] == "20"
    assert out["summary"]["files"] == len(DECODED)
    assert out["summary"]["skipped"] == 2  # the undeclared Latin-1 page and the record cut short
    lines = proc.stderr.decode().splitlines()
    assert len([x for x in lines if "https://clinic.example/senor" in x and "not UTF-8" in x]) == 1
    cut = crawl.offsets["https://clinic.example/cut"]
    assert len([x for x in lines if f"record at offset {cut}:" in x]) == 1, lines
    [note] = [x for x in lines if "other records skipped" in x]
    for counted in ("1 request", "1 response image/png", "1 response HTTP 404", "1 warcinfo"):
        assert counted in note
    assert "WARNING" not in proc.stderr.decode()  # warcio's own warnings never reach the user


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_file_that_ends_inside_a_record_reports_that_record_and_keeps_the_rest(tmp_path, gzip):
    w = Warc(tmp_path / ("end.warc.gz" if gzip else "end.warc"), gzip=gzip)
    w.response("https://clinic.example/one", SAFE.encode())
    w.response("https://clinic.example/two", CP1252.encode("cp1252"), "text/html; charset=cp1252")
    w.cut_response("https://clinic.example/last", page("<p>" + "Open daily. " * 80 + "</p>").encode(), keep=0.6)
    w.close()
    proc, out = lint_json(w.path)
    assert proc.returncode == 2
    assert {f["path"] for f in out["findings"]} == {"https://clinic.example/one", "https://clinic.example/two"}
    assert out["summary"]["skipped"] == 1
    errors = [x for x in proc.stderr.decode().splitlines() if "record at offset" in x]
    assert errors == [f"medlint: {w.path}: record at offset {w.offsets['https://clinic.example/last']}: "
                      + errors[0].split(": ", 3)[3]] and errors[0].endswith("; skipped")


def test_junk_between_records_is_one_problem_and_reading_goes_on(tmp_path):
    w = Warc(tmp_path / "junk.warc", gzip=False)
    w.response("https://clinic.example/one", SAFE.encode())
    junk_at = w.handle.tell()
    w.handle.write(b"this is not a WARC record\r\nnor is this\r\n\r\n")
    w.response("https://clinic.example/two", AFTER_DAMAGE.encode())
    w.close()
    proc, out = lint_json(w.path)
    assert {f["path"] for f in out["findings"]} == {"https://clinic.example/one", "https://clinic.example/two"}
    problems = [x for x in proc.stderr.decode().splitlines() if "record at offset" in x]
    assert len(problems) == 1 and f"offset {junk_at}" in problems[0]
    assert proc.returncode == 2


def test_crawled_pages_get_the_findings_the_same_pages_get_as_files(tmp_path):
    """Same reader, same decoding rules: only the path (and the WARC fields) differ."""
    crawl = make_crawl(tmp_path / "crawl.warc.gz")
    site = tmp_path / "site"
    site.mkdir()
    names = {}
    for i, (uri, source) in enumerate(DECODED.items()):
        name = site / f"p{i}{'.txt' if uri.endswith('.txt') else '.html'}"
        name.write_text(source, encoding="utf-8")
        names[str(name)] = uri
    _, from_warc = lint_json(crawl.path)
    _, from_files = lint_json(*names)
    strip = ("path", "warc_file", "warc_offset", "warc_date")
    warc_side = [(f["path"], {k: v for k, v in f.items() if k not in strip}) for f in from_warc["findings"]]
    file_side = [(names[f["path"]], {k: v for k, v in f.items() if k != "path"}) for f in from_files["findings"]]
    assert warc_side == file_side and len(warc_side) >= len(DECODED)


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "jsonl", "github", "sarif", "html"])
def test_every_output_format_reads_warc_input(tmp_path, fmt):
    crawl = make_crawl(tmp_path / "crawl.warc.gz")
    proc = run_cli("--format", fmt, "--no-config", crawl.path)
    assert proc.returncode == 2, proc.stderr
    out = proc.stdout.decode()
    assert "clinic.example/drips" in out  # github escapes the colon
    if fmt == "html":
        assert "<mark" in out and "risk-free" in out


def test_a_folder_of_warcs_and_pages_is_read_in_path_order(tmp_path):
    site = tmp_path / "audit"
    (site / "b").mkdir(parents=True)
    (site / "a.md").write_text("# Ketamine\n\nIt is completely safe.\n", encoding="utf-8")
    w1 = Warc(site / "b" / "one.warc.gz")
    w1.response("https://one.example/", SAFE.encode())
    w1.close()
    w2 = Warc(site / "c.warc", gzip=False)
    w2.response("https://two.example/", AFTER_DAMAGE.encode())
    w2.close()
    proc, out = lint_json(str(site))
    order = list(dict.fromkeys(f["path"] for f in out["findings"]))
    assert order == [str(site / "a.md"), "https://one.example/", "https://two.example/"]


def test_config_globs_match_a_crawled_page_by_host_and_path(tmp_path):
    w = Warc(tmp_path / "c.warc.gz")
    for where in ("blog/post", "ketamine", "drafts/x"):
        w.response(f"https://clinic.example/{where}", SAFE.encode())
    w.close()
    (tmp_path / ".medlint.yaml").write_text('per-file-ignores:\n  "clinic.example/blog/**": [safety-claim]\n'
                                            'exclude: ["**/drafts/**"]\n', encoding="utf-8")
    proc = run_cli("--format", "json", w.path, cwd=tmp_path)
    out = json.loads(proc.stdout)
    safety = {f["path"] for f in out["findings"] if f["category"] == "safety-claim"}
    assert safety == {"https://clinic.example/ketamine"}
    assert "https://clinic.example/drafts/x" not in {f["path"] for f in out["findings"]}
    assert "1 excluded by config" in proc.stderr.decode()


def test_a_crawl_linted_on_a_process_pool_matches_one_process(tmp_path):
    w = Warc(tmp_path / "many.warc.gz")
    for i in range(40):
        w.response(f"https://clinic.example/p{i}", (SAFE if i % 3 else CP1252.encode("cp1252").decode("cp1252"))
                   .encode("cp1252"), "text/html; charset=windows-1252")
    w.close()
    one = run_cli("--format", "jsonl", "--no-config", "-j", "1", w.path)
    two = run_cli("--format", "jsonl", "--no-config", "-j", "2", w.path)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout.count(b"\n") >= 40


def test_unknown_charset_is_that_pages_problem(tmp_path):
    w = Warc(tmp_path / "c.warc.gz")
    w.response("https://clinic.example/odd", SAFE.encode(), "text/html; charset=x-no-such-charset")
    w.response("https://clinic.example/fine", SAFE.encode())
    w.close()
    proc, out = lint_json(w.path)
    assert proc.returncode == 2
    assert {f["path"] for f in out["findings"]} == {"https://clinic.example/fine"}
    assert 'unknown charset "x-no-such-charset"' in proc.stderr.decode()


def test_the_progress_bar_follows_the_bytes_of_a_crawl(tmp_path):
    crawl = make_crawl(tmp_path / "crawl.warc.gz")
    proc = run_cli("--format", "jsonl", "--no-config", "--progress", crawl.path)
    bar = proc.stderr.decode()
    assert "medlint [##############################] 7 pages (100% of input)" in bar  # 5 pages, 2 unreadable
    assert bar.count("\r\x1b[K") == 1  # erased before the closing notes


def test_fix_never_writes_into_or_beside_a_crawl(tmp_path):
    w = Warc(tmp_path / "c.warc.gz")
    w.response("https://clinic.example/x", page("<p>It drastically reduces pain.</p>").encode())
    w.close()
    before = (tmp_path / "c.warc.gz").read_bytes()
    proc = run_cli("--fix", "--no-config", w.path, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
    assert b"--fix cannot rewrite pages inside a WARC" in proc.stderr
    assert (tmp_path / "c.warc.gz").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.warc.gz"]
    diff = run_cli("--diff", "--no-config", w.path, cwd=tmp_path)
    assert diff.returncode in (0, 1) and (tmp_path / "c.warc.gz").read_bytes() == before


def test_sarif_names_a_crawled_page_by_its_url(tmp_path):
    crawl = make_crawl(tmp_path / "crawl.warc.gz")
    proc = run_cli("--format", "sarif", "--no-config", crawl.path)
    results = json.loads(proc.stdout)["runs"][0]["results"]
    where = {json.dumps(r["locations"][0]["physicalLocation"]["artifactLocation"], sort_keys=True) for r in results}
    assert where == {json.dumps({"uri": uri}) for uri in DECODED}


def test_a_baseline_of_a_crawl_records_urls_and_filters_them(tmp_path):
    crawl = make_crawl(tmp_path / "crawl.warc.gz")
    baseline = tmp_path / "baseline.json"
    assert run_cli("--no-config", "--write-baseline", baseline, crawl.path).returncode == 2
    paths = {entry["path"] for entry in json.loads(baseline.read_text(encoding="utf-8"))["findings"]}
    assert paths == set(DECODED)
    again = run_cli("--no-config", "--format", "json", "--baseline", baseline, crawl.path)
    assert again.returncode == 2 and json.loads(again.stdout)["findings"] == []


def test_a_record_bigger_than_the_size_limit_is_that_records_problem(tmp_path):
    """The page size limit (max-file-size) holds for a WARC record's body; the WARC itself may be bigger."""
    w = Warc(tmp_path / "big.warc.gz")
    w.response("https://clinic.example/huge", page("<p>" + "Open daily. " * 100_000 + "</p>").encode())
    w.response("https://clinic.example/small", SAFE.encode())
    w.close()
    proc, out = lint_json("--max-file-size", "1", w.path)
    assert proc.returncode == 2, proc.stderr
    assert {f["path"] for f in out["findings"]} == {"https://clinic.example/small"}
    errors = [x for x in proc.stderr.decode().splitlines() if "record at offset" in x]
    assert len(errors) == 1 and f"offset {w.offsets['https://clinic.example/huge']}" in errors[0]
    assert "https://clinic.example/huge: larger than the size limit of 1 MB" in errors[0]
    proc, out = lint_json("--max-file-size", "2", w.path)
    assert proc.returncode == 1, proc.stderr


def test_a_fifo_named_like_a_warc_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "pipe.warc")
    proc = run_cli("--no-config", "pipe.warc", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "pipe.warc: record at offset 0: cannot read the file: a named pipe (FIFO), not a regular file" \
        in proc.stderr.decode()
