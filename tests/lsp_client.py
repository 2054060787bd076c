"""A small LSP client for the tests: it starts the real `medlint server` and talks JSON-RPC
over its stdin and stdout, written here rather than taken from pygls so the server's wire
format is checked by code that does not share its library. Every wait has a time limit."""

from __future__ import annotations

import itertools
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time

WAIT = 15.0  # seconds any one answer may take before the test fails (a hang, not a slow run)


class ServerError(Exception):
    pass


class Client:
    def __init__(self, cwd, env=None, args=("server",)) -> None:
        full_env = dict(os.environ, **(env or {}))
        full_env.pop("MEDLINT_DEBUG", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "medlint", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, env=full_env)
        self._ids = itertools.count(1)
        self._inbox: queue.Queue = queue.Queue()
        self.unread: list[dict] = []
        self._lock = threading.Lock()
        self.server_requests: list[dict] = []  # requests the server sent us (answered with null)
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # -- the wire ------------------------------------------------------------------
    def send(self, message: dict) -> None:
        self.send_raw(json.dumps(message).encode("utf-8"))

    def send_raw(self, body: bytes) -> None:
        with self._lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self._inbox.put(None)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            message = json.loads(out.read(length))
            if "method" in message and "id" in message:
                self.server_requests.append(message)
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self._inbox.put(message)

    def _read_stderr(self) -> None:
        for chunk in iter(lambda: self.proc.stderr.read(4096), b""):
            self.stderr += chunk

    # -- waiting ---------------------------------------------------------------------
    def next_message(self, wanted, timeout: float = WAIT) -> dict:
        """The first message not yet read that `wanted(message)` accepts; others stay unread."""
        for i, message in enumerate(self.unread):
            if wanted(message):
                return self.unread.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no such message within {timeout}s; stderr: {self.stderr.decode()[-2000:]}")
            try:
                message = self._inbox.get(timeout=left)
            except queue.Empty:
                continue
            if message is None:
                raise ServerError(f"the server closed its output; stderr: {self.stderr.decode()[-2000:]}")
            if wanted(message):
                return message
            self.unread.append(message)

    def request(self, method: str, params=None, timeout: float = WAIT):
        msg_id = next(self._ids)
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        answer = self.next_message(lambda m: m.get("id") == msg_id and "method" not in m, timeout)
        if "error" in answer:
            raise ServerError(answer["error"])
        return answer["result"]

    def notify(self, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, timeout: float = WAIT) -> dict:
        """The next publishDiagnostics for `uri` (its params: uri, diagnostics, version)."""
        return self.next_message(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                 and m["params"]["uri"] == uri, timeout)["params"]

    def notification(self, method: str, timeout: float = WAIT) -> dict:
        return self.next_message(lambda m: m.get("method") == method, timeout)["params"]

    # -- conveniences ------------------------------------------------------------------
    def initialize(self, root_uri: str | None, capabilities=None, options=None, folders=None) -> dict:
        params = {"processId": os.getpid(), "rootUri": root_uri, "capabilities": capabilities or {},
                  "initializationOptions": options}
        if folders:
            params["workspaceFolders"] = [{"uri": uri, "name": uri.rsplit("/", 1)[-1]} for uri in folders]
        result = self.request("initialize", params)
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, language: str = "markdown", version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                              "version": version, "text": text}})

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self, timeout: float = WAIT) -> int:
        """shutdown, then exit; the server's exit code (it is killed if it does not stop)."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", timeout=timeout)
                self.notify("exit")
            return self.proc.wait(timeout=timeout)
        finally:
            self.kill()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def offset(text: str, line: int, character: int, encoding: str = "utf-16") -> int:
    """The code-point offset of an LSP position, counted independently of the server."""
    lines = _LINE.findall(text)
    start = sum(len(x) for x in lines[:line])
    body = lines[line].rstrip("\r\n") if line < len(lines) else ""
    if encoding == "utf-32":
        return start + character
    width = 2 if encoding == "utf-16" else 1
    data = body.encode("utf-16-le" if encoding == "utf-16" else "utf-8")[:character * width]
    return start + len(data.decode("utf-16-le" if encoding == "utf-16" else "utf-8"))


def apply_edits(text: str, edits: list[dict]) -> str:
    """Apply LSP TextEdits (UTF-16 positions), last first, as an editor would."""
    spans = [(offset(text, e["range"]["start"]["line"], e["range"]["start"]["character"]),
              offset(text, e["range"]["end"]["line"], e["range"]["end"]["character"]), e["newText"]) for e in edits]
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def units(text: str) -> int:
    """UTF-16 code units in `text`."""
    return len(text.encode("utf-16-le")) // 2
