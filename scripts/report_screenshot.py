"""Refresh docs/report.png: the HTML report of the bundled examples, as Chromium shows it.

    python scripts/report_screenshot.py        (needs Chromium and the test extras)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("Chromium is needed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.html"
        subprocess.run([sys.executable, "-m", "medlint", "--format", "html", "-o", str(report),
                        "examples/ketamine-ptsd.md"], cwd=ROOT, check=False)
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=browser, args=["--no-sandbox", "--disable-gpu"])
            page = chrome.new_page(viewport={"width": 1100, "height": 900})
            page.goto(report.as_uri())
            page.screenshot(path=str(ROOT / "docs" / "report.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1100, "height": 1750})
            chrome.close()
    print(f"wrote {ROOT / 'docs' / 'report.png'}")


if __name__ == "__main__":
    main()
