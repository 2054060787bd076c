"""Building WARC files in tests with warcio, the way crawlers write them."""

from __future__ import annotations

import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


class Warc:
    """Records written to a WARC; `offsets[uri]` is where each record starts."""

    def __init__(self, path, gzip: bool = True) -> None:
        self.path = str(path)
        self.gzip = gzip
        self.handle = open(path, "wb")
        self.writer = WARCWriter(self.handle, gzip=gzip)
        self.offsets: dict[str, int] = {}
        self.writer.write_record(self.writer.create_warcinfo_record(self.path, {"software": "medlint tests"}))

    def response(self, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                 status: str = "200 OK") -> int:
        headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        record = self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
        return self._write(uri, record)

    def cut_response(self, uri: str, body: bytes, keep: float = 0.5) -> int:
        """A response record of which only the first `keep` of its bytes reach the file
        (a transfer that failed, a crawler that was killed)."""
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=self.gzip)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
        data = buffer.getvalue()
        self.offsets[uri] = self.handle.tell()
        self.handle.write(data[:int(len(data) * keep)])
        return self.offsets[uri]

    def request(self, uri: str) -> int:
        payload = f"GET {uri} HTTP/1.1\r\nHost: clinic.example\r\n\r\n".encode()
        record = self.writer.create_warc_record(uri, "request", payload=io.BytesIO(payload))
        return self._write("request " + uri, record)

    def _write(self, name: str, record) -> int:
        self.offsets[name] = self.handle.tell()
        self.writer.write_record(record)
        return self.offsets[name]

    def close(self) -> None:
        self.handle.close()


def page(body: str, title: str = "Clinic") -> str:
    return f"<!doctype html>\n<html><head><title>{title}</title></head>\n<body>\n{body}\n</body></html>\n"
