"""Warm diagnostic latency of `medlint server`: from didChange to publishDiagnostics.

Starts the real server over stdio with its default settings (the shipped pack, the
default debounce), opens an 8 KB Markdown page built like bench/make_corpus.py's, and
times each edit from sending didChange to receiving the publishDiagnostics for that
version. Edits come after a pause longer than the debounce, as when a writer stops to
read; a burst of keystrokes is timed too (from its last keystroke), and the engine alone
on the same page, for what the protocol adds. It uses the test suite's LSP client.

    python bench/lsp_latency.py [--edits 50] [--size 8000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from lsp_client import Client  # noqa: E402
from make_corpus import paragraphs, render, sentences  # noqa: E402

from medlint.server.app import DEBOUNCE  # noqa: E402

TARGET_MS = 20.0


def page(size: int) -> str:
    rng = random.Random(7)
    return render("md", "IV Ketamine for PTSD", paragraphs(rng, sentences(), size))


def engine_ms(text: str, runs: int) -> float:
    from medlint.engine import lint
    from medlint.readers import read_document
    from medlint.rules import load_pack

    pack = load_pack()
    times = []
    for i in range(runs):
        start = time.perf_counter()
        lint(read_document("page.md", text + f"\nEdit {i}.\n"), pack)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--size", type=int, default=8000, help="approximate characters in the page")
    args = ap.parse_args()
    text = page(args.size)
    with tempfile.TemporaryDirectory() as folder:
        uri = (Path(folder) / "page.md").as_uri()
        client = Client(cwd=folder)
        try:
            client.initialize(Path(folder).as_uri())
            started = time.perf_counter()
            client.open(uri, text)
            first = client.diagnostics(uri)
            cold = (time.perf_counter() - started) * 1000
            version, times = 1, []
            for i in range(args.edits + 5):
                time.sleep(DEBOUNCE * 1.5)  # a pause: the next edit is linted at once
                version += 1
                edited = text + f"\nEdit {i}: our drips are completely safe.\n" if i % 2 else text
                sent = time.perf_counter()
                client.change(uri, edited, version)
                assert client.diagnostics(uri)["version"] == version
                if i >= 5:  # the first few warm the caches
                    times.append((time.perf_counter() - sent) * 1000)
            time.sleep(DEBOUNCE * 1.5)
            for key in range(10):  # a burst of typing, 30 ms apart
                version += 1
                client.change(uri, text + "\nTyping" + "x" * key + "\n", version)
                last = time.perf_counter()
                time.sleep(0.03)
            while client.diagnostics(uri)["version"] != version:
                pass
            burst = (time.perf_counter() - last) * 1000
            client.close()
        finally:
            client.kill()
    median, worst = statistics.median(times), max(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"page: {len(text.encode())} bytes of Markdown, {len(first['diagnostics'])} diagnostics; "
          f"{args.edits} edits after a pause; debounce {DEBOUNCE * 1000:.0f} ms")
    print(f"didChange -> publishDiagnostics, warm: median {median:.1f} ms, p90 {p90:.1f} ms, max {worst:.1f} ms "
          f"(target < {TARGET_MS:.0f} ms: {'met' if median < TARGET_MS else 'NOT met'})")
    print(f"engine alone on the page (read + lint, in process): median {engine_ms(text, 30):.1f} ms")
    print(f"first diagnostics after didOpen (server warm-up): {cold:.0f} ms")
    print(f"a burst of typing: diagnostics {burst:.0f} ms after the last keystroke (the debounce, then a lint)")


if __name__ == "__main__":
    main()
