"""WARC input: crawl archives read record by record; HTML and text responses become pages.

warcio reads the format (gzip members, chunked and compressed HTTP bodies); this module
decides what is a page, decodes it like a file (a BOM, else the HTTP or <meta> charset,
else UTF-8), and keeps one bad record from stopping the run: a record that is cut short
or corrupt is reported with its offset and skipped, and reading goes on at the next
record. warcio is imported only when a WARC is read, so pool and cluster workers that
only lint records never load it.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections import Counter, namedtuple
from contextlib import redirect_stderr

from medlint.files import DEFAULT_MAX_MB, MB, Encoding, Unreadable, decode_with_encoding, open_regular, too_big

# HTTP Content-Type -> reader format; every other type is not a page.
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
              "text/markdown": "markdown"}
# Labels browsers read as windows-1252 (the WHATWG Encoding Standard does the same).
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"}
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RESYNC_CHUNK = 1 << 20


class Origin(namedtuple("Origin", "warc_file warc_offset warc_date")):
    """Where a page came from in a crawl; JSON and JSONL findings carry these fields."""

    __slots__ = ()

    @property
    def key(self) -> str:
        return f"{self.warc_file}@{self.warc_offset}"


class Record(namedtuple("Record", "uri data fmt charset origin")):
    """One page read from a WARC: the HTTP body, its reader format and declared charset."""

    __slots__ = ()

    @property
    def key(self) -> str:
        return self.origin.key

    def lint(self, pack, settings_for):
        from medlint.runner import Outcome, lint_source

        try:
            source, encoding = decode_page(self.data, self.charset)
        except Unreadable as exc:
            outcome = Outcome(self.uri, problem=f"{exc} (WARC record at {self.key})")
        else:
            outcome = lint_source(self.uri, source, pack, settings_for(self.uri), self.fmt)
            outcome.encoding = encoding
            outcome.doc.origin = self.origin  # reporters that trace findings back read it
            if not source.strip():
                outcome.note = "empty page, nothing to lint"
        outcome.origin = self.origin
        return outcome


class BadRecord(namedtuple("BadRecord", "warc_file offset reason")):
    """A record that could not be read: reported on one line, counted, skipped."""

    __slots__ = ()

    def lint(self, pack, settings_for):
        from medlint.runner import Outcome

        return Outcome(self.warc_file, problem=f"record at offset {self.offset}: {self.reason}")


def glob_name(uri: str) -> str:
    """What config globs (exclude, per-file-ignores, topic) match for a crawled page: host/path."""
    from urllib.parse import urlsplit  # a few ms a run without WARC input never pays

    parts = urlsplit(uri)
    return (parts.netloc + (parts.path or "/")).lstrip("/")


# -- decoding ---------------------------------------------------------------------------------
def declared_charset(content_type: str | None) -> str | None:
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def decode_page(data: bytes, http_charset: str | None) -> tuple[str, Encoding]:
    """A BOM wins, then the HTTP header's charset, then <meta charset>; with none, the file rules."""
    label = http_charset or _meta_charset(data)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or label is None:
        return decode_with_encoding(data)
    try:
        codec = codecs.lookup("cp1252" if label.lower() in _AS_WINDOWS_1252 else label).name
    except LookupError:
        raise Unreadable(f'unknown charset "{label}"') from None
    if codec == "utf-8":
        return decode_with_encoding(data)
    if b"\x00" in data[:8192] and not codec.startswith(("utf-16", "utf-32")):
        raise Unreadable("binary content (contains NUL bytes), not a page")
    try:
        return data.decode(codec), Encoding(codec)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not valid {label} text: byte 0x{data[exc.start]:02x} at byte {exc.start}") from None


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data, 0, 4096)  # browsers look in the first 1024 bytes; allow long heads
    return m.group(1).decode("ascii") if m else None


# -- reading ----------------------------------------------------------------------------------
class WarcReader:
    """Iterate a WARC's pages (Record) and bad records (BadRecord); `skipped` counts the rest."""

    def __init__(self, path: str, max_mb: float = DEFAULT_MAX_MB) -> None:
        self.path = path
        self.max_mb = max_mb  # the largest record body read, like the largest page file
        self.skipped: Counter = Counter()  # reason -> records that are not pages
        self.pages = 0
        self._misread = False  # the last record's Content-Length did not fit its content

    def __iter__(self):
        from warcio.archiveiterator import ArchiveIterator  # only a run with WARC input loads it

        try:
            handle = open_regular(self.path)  # a FIFO or device named .warc must not hang the run
            size = os.fstat(handle.fileno()).st_size
        except Unreadable as exc:
            yield BadRecord(self.path, 0, f"cannot read the file: {exc}")
            return
        with handle:
            gzipped = handle.read(2) == _GZIP_MAGIC[:2]
            start, resyncing, reported = 0, False, None
            while start is not None and start < size:
                handle.seek(start)
                iterator = ArchiveIterator(handle)
                try:
                    while True:
                        record = _quiet(next, iterator, None)
                        if record is None:
                            break
                        resyncing = False
                        for entry in self._page(iterator, record):
                            reported = entry.offset if isinstance(entry, BadRecord) else None
                            yield entry
                        if self._misread:  # its length was wrong: the next record may start inside it
                            break
                except Exception as exc:  # warcio's parse errors have no common base
                    # A false start found while skipping damage, or a record whose body already
                    # failed, is the same damaged record: one line for it.
                    if not (resyncing and iterator.offset == start) and iterator.offset != reported:
                        yield BadRecord(self.path, iterator.offset, f"corrupt or cut short ({_reason(exc)})")
                    start, resyncing = _next_record_start(handle, iterator.offset + 1, gzipped), True
                    continue
                if self._misread:
                    start, resyncing = _next_record_start(handle, reported + 1, gzipped), True
                    self._misread = False
                    continue
                end = iterator.offset
                if end < size and _has_data(handle, end):
                    yield BadRecord(self.path, end, "cut short (the file ends inside it)")
                start = None

    def _page(self, iterator, record):
        kind = record.rec_type
        http = record.http_headers
        if kind != "response" or http is None:
            self.skipped[kind if kind != "response" else "response without HTTP headers"] += 1
            return
        content_type = http.get_header("Content-Type") or ""
        fmt = PAGE_TYPES.get(content_type.split(";")[0].strip().lower())
        status = http.get_statuscode() or ""
        if fmt is None or not status.startswith("2"):
            self.skipped[f"response {content_type.split(';')[0].strip() or 'without type'}" if fmt is None
                         else f"response HTTP {status}"] += 1
            return
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        date = record.rec_headers.get_header("WARC-Date") or ""
        limit = int(self.max_mb * MB)
        try:
            data = record.content_stream().read(limit + 1)  # +1: a bigger body is caught, not read whole
        except Exception as exc:  # a broken gzip or chunked body: this record's problem
            yield BadRecord(self.path, _quiet(iterator.get_record_offset),
                            f"{uri}: body cannot be read ({_reason(exc)})")
            return
        short = getattr(record.raw_stream, "limit", 0)
        errors = iterator.err_count
        offset = _quiet(iterator.get_record_offset)
        if len(data) > limit:
            yield BadRecord(self.path, offset, f"{uri}: {too_big(self.max_mb)}")
        elif short > 0:
            yield BadRecord(self.path, offset, f"{uri}: cut short ({short} bytes of the record are missing)")
        elif iterator.err_count > errors:
            self._misread = True
            yield BadRecord(self.path, offset, f"{uri}: its length does not match its content "
                                               "(Content-Length is wrong or the record is damaged)")
        else:
            self.pages += 1
            yield Record(uri, data, fmt, declared_charset(content_type), Origin(self.path, offset, date))

    def summary(self) -> str:
        others = sum(self.skipped.values())
        counts = ", ".join(f"{n} {why}" for why, n in self.skipped.most_common(6))
        more = ", ..." if len(self.skipped) > 6 else ""
        return (f"{self.path}: {self.pages} page{'s' if self.pages != 1 else ''}; {others} other "
                f"record{'s' if others != 1 else ''} skipped" + (f" ({counts}{more})" if others else ""))


def _quiet(call, *args):
    """warcio prints warnings to stderr itself; medlint reports the record on one line instead."""
    with redirect_stderr(io.StringIO()):
        return call(*args)


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:120]}" if text else type(exc).__name__


def _has_data(handle, offset: int) -> bool:
    handle.seek(offset)
    return bool(handle.read(4096).strip())


def _next_record_start(handle, offset: int, gzipped: bool) -> int | None:
    """The next place a record may begin: a gzip member's magic, or a WARC version line."""
    marker = _GZIP_MAGIC if gzipped else b"WARC/1."  # a cut record may leave no line break before it
    handle.seek(offset)
    carry = b""
    base = offset
    while True:
        chunk = handle.read(_RESYNC_CHUNK)
        if not chunk:
            return None
        data = carry + chunk
        at = data.find(marker)
        if at >= 0:
            return base - len(carry) + at
        carry = data[-(len(marker) - 1):]
        base += len(chunk)
