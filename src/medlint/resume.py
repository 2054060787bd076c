"""Resumable long runs: `--resume --format jsonl -o FILE` skips the pages FILE already covers.

Beside FILE, FILE.done records each page once its findings are in FILE: the page's key
(its path, or WARC file@offset) and FILE's size just after them. A resumed run cuts FILE
back to the last recorded size, so a page that was half written when the run stopped is
linted again rather than duplicated, and appends. The same command starts a run and
resumes it. Without FILE.done (a run started without --resume), the pages named in
FILE's findings are skipped: pages without findings are linted again and add nothing.
A page a rule gave up on is marked in FILE.done: it was not fully checked, so every resumed
run fails (exit 2) until FILE and FILE.done are removed and the pages checked again.
"""

from __future__ import annotations

import json
import os

from medlint.errors import MedlintError
from medlint.findings import at_least


class Checkpoint:
    def __init__(self, output: str) -> None:
        self.output = output
        self.ledger = output + ".done"
        self.done: set[str] = set()
        self.severities: set[str] = set()  # of the findings FILE already holds (for the exit code)
        self._ledger = None
        self.fresh = True  # no FILE yet: a ledger left from an earlier run is stale
        self.unchecked = 0  # pages done in earlier runs on which a rule gave up

    def load(self) -> None:
        """Read what FILE and FILE.done already cover, and cut FILE back to the last whole page."""
        if not os.path.exists(self.output):
            return
        self.fresh = False
        keep = self._read_ledger() if os.path.exists(self.ledger) else None
        size = os.path.getsize(self.output)
        if keep is not None and keep > size:
            raise MedlintError(f"{self.output}: shorter than {self.ledger} says ({size} < {keep} bytes): "
                               "the file changed since that run; cannot resume (remove both to start over)")
        with open(self.output, "rb") as handle:
            data = handle.read(keep if keep is not None else size)
        if keep is None:
            cut = data.rfind(b"\n") + 1
            if data[cut:].strip() and not data[cut:].startswith(b'{"path": '):
                self._finding(data[cut:], data.count(b"\n") + 1)  # not ours: says so, and nothing is cut
            data = data[:cut]  # a half-written last finding goes
        for number, line in enumerate(data.splitlines(), 1):
            finding = self._finding(line, number)
            if finding is None:
                continue
            self.severities.add(finding.get("severity", "info"))
            if keep is None:
                self.done.add(page_key(finding))
        if len(data) < size:
            with open(self.output, "r+b") as handle:
                handle.truncate(len(data))

    def _read_ledger(self) -> int:
        keep = whole = 0
        with open(self.ledger, "rb") as handle:
            for line in handle:
                size, tab, key = line.rstrip(b"\n").partition(b"\t")
                unchecked = size.endswith(b"!")  # a rule gave up on the page (see page_done)
                size = size[:-1] if unchecked else size
                if not tab or not size.isdigit() or not line.endswith(b"\n"):
                    break  # a half-written last entry: the page is linted again
                keep, whole = int(size), whole + len(line)
                self.done.add(key.decode("utf-8", "surrogateescape"))
                self.unchecked += unchecked
        with open(self.ledger, "r+b") as handle:
            handle.truncate(whole)  # new entries start on a line of their own
        return keep

    def _finding(self, line: bytes, number: int) -> dict | None:
        if not line.strip():
            return None
        try:
            finding = json.loads(line)
        except ValueError:
            finding = None
        if not isinstance(finding, dict) or "path" not in finding:
            raise MedlintError(f"{self.output}:{number}: not a medlint JSONL finding; cannot resume from this file")
        return finding

    def failing(self, threshold: str) -> bool:
        return any(at_least(s, threshold) for s in self.severities if s in ("info", "warning", "error"))

    def open_ledger(self) -> None:
        self._ledger = open(self.ledger, "w" if self.fresh else "a", encoding="utf-8", errors="surrogateescape")

    def page_done(self, outcome, stream, checked: bool = True) -> None:
        """Record a page after its findings reached the disk, so a stop never loses or repeats one.
        A page a rule gave up on (`checked` false) is marked, so resumed runs keep failing."""
        stream.flush()
        mark = "" if checked else "!"
        self._ledger.write(f"{os.fstat(stream.fileno()).st_size}{mark}\t{page_key(outcome)}\n")
        self._ledger.flush()

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()


def page_key(item) -> str:
    """The key a page is recorded under: WARC file@offset for a crawled page, else its path."""
    get = item.get if isinstance(item, dict) else lambda name: getattr(item, name, None)
    origin = get("origin")
    if origin is not None:
        return origin.key
    if get("warc_file") is not None:
        return f"{get('warc_file')}@{get('warc_offset')}"
    return get("path")
