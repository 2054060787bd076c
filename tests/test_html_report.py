"""The HTML report: structure, escaping, self-containment, and (in Chromium) filters that work."""

import json
import re
import shutil

import pytest

from conftest import run_cli

# Markup in Markdown is markup (not shown as text); entities and plain text are text, and
# text that looks like markup must reach the report as text, never as markup.
HOSTILE_MD = ('# Drips\n\nOur drips are completely safe. <script>alert("md")</script>\n\n'
              'Typed &lt;img src=x onerror=alert(2)&gt; here, and it cures colds. Studies show it works.\n')
HOSTILE_TXT = ('Plain page\n\n<script>alert("txt")</script> It is completely safe & risk-free.\n\n'
               '"><img src=x onerror=alert(1)> Our drip cures hangovers.\n')


@pytest.fixture()
def report(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "hostile.md").write_text(HOSTILE_MD)
    (pages / "hostile.txt").write_text(HOSTILE_TXT)
    (pages / "clean.md").write_text("# Hours\n\nWe are open on weekdays.\n")
    proc = run_cli("--format", "html", "-o", "report.html", "pages", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(run_cli("--format", "json", "pages", cwd=tmp_path).stdout)
    return tmp_path / "report.html", data


def test_page_text_is_escaped_and_nothing_is_loaded(report):
    path, _ = report
    page = path.read_text()
    assert page.count("<script") == 1  # the report's own filter script
    assert "&lt;script&gt;alert(&quot;txt&quot;)&lt;/script&gt;" in page
    assert "<img" not in page and "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert "Content-Security-Policy" in page


def test_every_line_finding_is_a_mark_and_page_findings_are_listed(report):
    path, data = report
    page = path.read_text()
    marked = set()
    for rules in re.findall(r'<mark data-rule="([^"]+)" data-category="([^"]+)"', page):
        marked |= set(rules[0].split())
    line_rules = {f["rule"] for f in data["findings"] if f["scope"] == "line"}
    assert line_rules and line_rules <= marked
    for f in data["findings"]:
        if f["scope"] == "document":
            assert f'<li class="note" data-rule="{f["rule"]}"' in page
    assert f'<span id="count-findings">{len(data["findings"])}</span>' in page


BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium); .ci/run installs it")
def test_report_in_a_real_browser(report):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    path, data = report
    errors = [f for f in data["findings"] if f["severity"] == "error" and f["scope"] == "line"]
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync"])
        try:
            page = browser.new_page()
            dialogs, requests = [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            # Highlights in the rendered DOM, with the words the findings name.
            marks = page.locator("mark")
            texts = marks.all_inner_texts()
            assert "completely safe" in texts and "cures" in texts
            assert page.locator("#count-findings").inner_text() == str(len(data["findings"]))
            assert page.locator("#count-error").inner_text() == str(
                sum(f["severity"] == "error" for f in data["findings"]))
            # Nothing from the pages ran, and nothing was fetched.
            assert dialogs == []
            assert all(url.startswith("file:") for url in requests)
            # Clicking a filter hides that severity's highlights and notes, and brings them back.
            error_marks = page.locator('mark[data-severity="error"]')
            assert error_marks.count() >= len({(f["line"], f["column"]) for f in errors}) > 0
            page.locator('input.filter[value="error"]').click()
            assert all("off" in (c or "") for c in error_marks.evaluate_all("els => els.map(e => e.className)"))
            assert page.locator('.note[data-severity="error"]:not(.off)').count() == 0
            assert page.locator('mark[data-severity="warning"]:not(.off)').count() > 0
            page.locator('input.filter[value="error"]').click()
            assert page.locator("mark.off").count() == 0
        finally:
            browser.close()
