"""The whole command line under random pages and random options (issue 12, "Done when").

Each example writes a page of random prose and markup in one of the formats and runs the
real entry point with a random set of valid options. Whatever comes in, medlint must answer
with an exit code from its contract, no traceback, one `medlint: ` line per stderr line,
machine formats that parse, and spans that point into the page. `medlint [--format F]
PATH` (the quick route) and the same run through the option parser must agree.
Bounded for CI: a fixed number of examples (MEDLINT_FUZZ_EXAMPLES for a longer local run),
each run with a timeout.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import source_slice

WORDS = ["Ketamine", "TMS", "is", "completely", "safe", "not", "addictive", "cures", "PTSD", "depression",
         "anxiety", "OCD", "studies", "show", "immediate", "relief", "may", "Myth:", "FDA-approved", "suicide",
         "988", "risks", "side", "effects", "include", "nausea", "our", "for", "good", "Book", "a", "session",
         "rewires", "brain", "100%", "drastically", "reduces", "é", "安全", "\U0001F600", "it’s", "“quoted”"]
MARKUP = {
    "md": ["\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "**", "_", "`", "``", "```\n", "[", "](", ")", "|",
           "|---|---|\n", "---\n", "&nbsp;", "&amp;", "<!--", "-->", "<!-- medlint-disable-next-line -->\n",
           "<script>", "</script>", "<b>", "\\", "    ", "\t", "\r\n", "\u00ad", "\u200b", "\x1b[31m"],
    "html": ["\n", "<p>", "</p>", "<h1>", "</h1>", "<li>", "<ul>", "</ul>", "<div>", "</div>", "<b>", "</b>",
             "<br>", "<script>", "</script>", "<style>", "</style>", "<!--", "-->", "&nbsp;", "&#8217;", "&bogus;",
             '<meta name="description" content="', '">', '<meta name="topic" content="PTSD">', "<", ">", '"',
             "<!-- medlint-disable-file -->", "\u00ad", "\x00"],
    "txt": ["\n", "\n\n", "\r", "  ", "\t", ".", "?", ":", "\u00ad", "\x1b]0;t\x07"],
}
FORMATS = ["text", "concise", "json", "jsonl", "github", "sarif", "html"]
SELECTORS = ["safety", "cure-claim", "safety.risk-free", "efficacy-overstatement", "disclosure",
             "missing-risk-disclosure", "medlint.unused-suppression"]
TOPICS = ["PTSD", "depression", "anxiety"]
EXAMPLES = int(os.environ.get("MEDLINT_FUZZ_EXAMPLES", "40"))


@st.composite
def pages(draw):
    kind = draw(st.sampled_from(sorted(MARKUP)))
    parts = draw(st.lists(st.sampled_from(WORDS + MARKUP[kind]) | st.text(max_size=4), max_size=60))
    return f"page.{'md' if kind == 'md' else kind}", " ".join(parts)


@st.composite
def options(draw):
    args = []
    fmt = draw(st.sampled_from(FORMATS))
    args += ["--format", fmt]
    for flag in ("--select", "--ignore"):
        chosen = draw(st.lists(st.sampled_from(SELECTORS), max_size=2, unique=True))
        if chosen:
            args += [flag, ",".join(chosen)]
    for flag, values in (("--fail-on", ["error", "warning", "info"]), ("--topic", TOPICS),
                         ("--jobs", ["1", "2", "64"]), ("--max-file-size", ["0.001", "1", "64"])):
        if draw(st.booleans()):
            args += [flag, draw(st.sampled_from(values))]
    for flag in ("--statistics", "--quiet", "--no-color", "--no-config"):
        if draw(st.booleans()):
            args.append(flag)
    args += draw(st.sampled_from([[], [], ["--diff"], ["--fix"], ["--write-baseline", "b.json"], ["-o", "out.txt"]]))
    return fmt, args


def _run(args, cwd, stdin=None):
    return subprocess.run([sys.executable, "-m", "medlint", *args], cwd=cwd, input=stdin, capture_output=True,
                          timeout=120)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(), options(), st.booleans())
def test_any_page_and_options(page, chosen, from_stdin):
    name, source = page
    fmt, args = chosen
    with tempfile.TemporaryDirectory() as folder:
        data = source.encode("utf-8", "surrogatepass")
        Path(folder, name).write_bytes(data)
        if from_stdin:
            proc = _run([*args, "--stdin-filename", name, "-"], folder, stdin=data)
        else:
            proc = _run([*args, name], folder)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode in (0, 1, 2), (args, err)
    assert "Traceback" not in err and "internal error" not in err, (args, err)
    assert all(line.startswith("medlint: ") for line in err.splitlines()), err
    if proc.returncode == 2:
        # every option was valid: only a page that could not be read may stop it, and it says so
        assert err.strip(), args
        return
    out = proc.stdout.decode("utf-8")
    assert "\x1b" not in out or fmt in ("json", "jsonl", "sarif", "html")
    changes = {"--diff", "--fix", "--write-baseline", "-o"} & set(args)
    if fmt == "json" and not changes:
        text = data.decode("utf-8-sig")
        for f in json.loads(out)["findings"]:
            assert 1 <= f["line"] <= f["end_line"]
            assert len(source_slice(text, f)) <= len(text)
    if fmt in ("jsonl", "sarif") and not changes:
        for line in (out.splitlines() if fmt == "jsonl" else [out]):
            json.loads(line)


@settings(max_examples=max(1, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages(), st.sampled_from(FORMATS))
def test_the_quick_route_and_the_option_parser_agree(page, fmt):
    name, source = page
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(source.encode("utf-8", "surrogatepass"))
        quick = _run(["--format", fmt, name], folder)
        parsed = _run(["--format", fmt, "--no-progress", name], folder)  # --no-progress changes nothing here
    assert (quick.returncode, quick.stdout, quick.stderr) == (parsed.returncode, parsed.stdout, parsed.stderr)


def test_a_usage_error_is_one_line(tmp_path):
    """Found by the test above: click's usage block was several lines without `medlint: `."""
    for args in (["--fix", "-"], ["--format", "nope", "p.md"], ["--bogus", "p.md"], ["explain"]):
        proc = _run(args, tmp_path, stdin=b"")
        lines = proc.stderr.decode().splitlines()
        assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("medlint: "), (args, lines)
