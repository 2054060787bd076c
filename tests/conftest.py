import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from medlint.rules import load_pack

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pack():
    return load_pack()


def run_cli(*args, stdin: bytes | None = None, cwd=None, env=None, timeout=None):
    """Run the real entry point (python -m medlint) in a subprocess (a timeout catches a hang)."""
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("MEDLINT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "medlint", *map(str, args)], input=stdin,
                          capture_output=True, cwd=cwd, env=full_env, timeout=timeout)


def in_a_thread(work):
    """Run `work` off the main thread, where no signal timer can guard a rule."""
    import threading

    out = []
    thread = threading.Thread(target=lambda: out.append(work()))
    thread.start()
    thread.join(60)
    assert out, "the worker thread did not finish"
    return out[0]


def offsets(source: str, line: int, col: int) -> int:
    """Source offset of a 1-based line/column, with \\n, \\r\\n and lone \\r as line breaks."""
    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", source)]
    return starts[line - 1] + col - 1


def source_slice(source: str, finding) -> str:
    f = finding if isinstance(finding, dict) else finding.to_dict()
    return source[offsets(source, f["line"], f["column"]):offsets(source, f["end_line"], f["end_column"])]


def visible(text: str) -> str:
    """What a reader sees of a source slice: markup and entities resolved, whitespace folded."""
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"[*_`]+", "", text)
    text = html.unescape(text).replace("\u00a0", " ")
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(text.split())
