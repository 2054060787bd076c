"""The pages of a run, in order: files as paths, WARC files expanded into their records.

Pages a resumed run already covers, and crawled pages the config excludes, are left out
here, before any work is sent anywhere. The WARC readers are kept for their closing
counts, and every input's size for a progress bar that follows the bytes read (a WARC's
page count is unknown until it has been read).
"""

from __future__ import annotations

import os

from medlint.files import DEFAULT_MAX_MB, WARC_SUFFIXES


class Inputs:
    def __init__(self, files: list[str], excluded=None, done: frozenset = frozenset(),
                 max_mb: float = DEFAULT_MAX_MB) -> None:
        self.files = files
        self.max_mb = max_mb  # the largest page (a WARC record's body); a WARC file may be any size
        self.excluded = excluded  # config.excluded (for a crawled page, its globs match host/path)
        self.done = done  # page keys a resumed run skips (see resume.py)
        self.readers: list = []  # warc.WarcReader, one per WARC read
        self.resumed = 0  # pages skipped because the output already has them
        self.has_warc = any(is_warc(f) for f in files)
        self.starts: dict[str, int] = {}  # input -> bytes of the inputs before it
        self.sizes: dict[str, int] = {}
        self.size = 0
        if self.has_warc:
            for path in files:
                self.starts[path] = self.size
                self.sizes[path] = _size(path)
                self.size += self.sizes[path]

    def __iter__(self):
        if self.has_warc:
            from medlint.warc import BadRecord, WarcReader  # a run without WARC input never loads it
        for path in self.files:
            if not is_warc(path):
                if path in self.done:
                    self.resumed += 1
                else:
                    yield path
                continue
            reader = WarcReader(path, self.max_mb)
            self.readers.append(reader)
            for entry in reader:
                if isinstance(entry, BadRecord):
                    yield entry
                elif entry.key in self.done:
                    self.resumed += 1
                elif self.excluded and self.excluded(entry.uri):
                    reader.skipped["excluded by config"] += 1
                else:
                    yield entry

    def position(self, outcome) -> int:
        """Bytes of input read up to this outcome's page (for the progress bar)."""
        origin = outcome.origin
        if origin is not None:
            return self.starts.get(origin.warc_file, 0) + origin.warc_offset
        return self.starts.get(outcome.path, 0) + self.sizes.get(outcome.path, 0)

    def summaries(self) -> list[str]:
        return [reader.summary() for reader in self.readers]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)
