"""The language server: LSP messages in, medlint's engine behind them (pygls over stdio).

Buffers are linted on open and save, and on change with a leading-edge debounce: the
first change after a quiet spell is linted at once (warm, a few milliseconds), further
changes within `debounce` seconds are coalesced into one lint of the newest text after
the typing stops. Full-text sync: pages are small, and pygls's incremental patching
splits lines at more characters than LSP does.
"""

from __future__ import annotations

import asyncio
import os

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import from_fs_path, to_fs_path

from medlint import __version__
from medlint.errors import MedlintError
from medlint.server import actions, diagnostics, hover
from medlint.server.folders import Folders
from medlint.server.linting import PageResult, lint_page, lints, read_page

DEBOUNCE = 0.15  # seconds; the client may set initializationOptions.debounce


class MedlintProtocol(LanguageServerProtocol):
    """pygls drops a request whose params do not fit the spec without answering it; answer
    it with the error, so the client does not wait for ever."""

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], error=exc.to_response_error())
            raise


class MedlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("medlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full,
                         protocol_cls=MedlintProtocol)
        self.folders = Folders()
        self.results: dict[str, PageResult] = {}
        self.debounce = DEBOUNCE
        self.shut_down = False  # LSP: exit code 0 only after a shutdown request
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._last_lint: dict[str, float] = {}
        self._shown_problems: dict[str, tuple] = {}  # folder root -> (uri, problem) last shown

    # -- where things are ----------------------------------------------------
    def encoding(self) -> str:
        kind = self.workspace.position_encoding
        return getattr(kind, "value", kind) or "utf-16"

    def roots(self) -> list[str]:
        roots = [to_fs_path(f.uri) for f in self.workspace.folders.values()]
        if self.workspace.root_path:
            roots.append(self.workspace.root_path)
        return [os.path.abspath(r) for r in roots if r]

    def folder_for(self, path: str | None):
        folder = self.folders.for_path(path, self.roots())
        self._show_problem(folder)
        return folder

    # -- linting ---------------------------------------------------------------
    def lint(self, uri: str) -> PageResult | None:
        """Lint the buffer now and publish what it gave."""
        self._cancel(uri)
        doc = self.workspace.text_documents.get(uri)
        if doc is None or not lints(doc.path, doc.language_id):
            return None
        folder = self.folder_for(doc.path)
        if folder.reload_if_changed():
            self._reloaded(folder, skip=uri)
        result = lint_page(folder, doc.path, doc.source, doc.language_id, doc.version)
        self.results[uri] = result
        self._last_lint[uri] = asyncio.get_running_loop().time()
        if result.crash is not None:
            self.window_log_message(types.LogMessageParams(types.MessageType.Error,
                                                           f"medlint: internal error on {uri}: {result.crash}"))
        for problem in result.problems:
            self.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"medlint: {problem}"))
        self.publish(uri, diagnostics.for_page(result, folder.pack, self.encoding()), doc.version)
        return result

    def publish(self, uri: str, found: list, version=None) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=found,
                                                                               version=version))

    def changed(self, uri: str) -> None:
        """Debounce: lint at once after a quiet spell, else once when the typing stops."""
        loop = asyncio.get_running_loop()
        quiet = loop.time() - self._last_lint.get(uri, float("-inf")) >= self.debounce
        if uri not in self._pending and quiet:
            self.lint(uri)
            return
        self._cancel(uri)
        self._pending[uri] = loop.call_later(self.debounce, self._guarded_lint, uri)

    def _guarded_lint(self, uri: str) -> None:
        self._pending.pop(uri, None)
        try:
            self.lint(uri)
        except Exception as exc:  # noqa: BLE001 - a timer callback has no caller to report to
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"medlint: {exc!r}"))

    def forget(self, uri: str) -> None:
        """A closed buffer: no pending lint, and its diagnostics cleared."""
        self._cancel(uri)
        self._last_lint.pop(uri, None)
        if self.results.pop(uri, None) is not None:
            self.publish(uri, [])

    def _cancel(self, uri: str) -> None:
        handle = self._pending.pop(uri, None)
        if handle is not None:
            handle.cancel()

    def current(self, uri: str):
        """(folder, result) for the buffer's text as it is now, linting it if an edit is pending."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None, None
        result = self.results.get(uri)
        if result is None or result.version != doc.version or uri in self._pending:
            result = self.lint(uri)
        return self.folder_for(doc.path), result

    # -- rule and config files -------------------------------------------------
    def check_rule_files(self) -> None:
        """Reload every folder whose config or rule files changed, and re-lint its pages."""
        for folder in self.folders.all():
            if folder.reload_if_changed():
                self._reloaded(folder)

    def _reloaded(self, folder, skip: str | None = None) -> None:
        self._show_problem(folder)
        for uri, doc in list(self.workspace.text_documents.items()):
            if uri != skip and uri in self.results and self.folders.for_path(doc.path, self.roots()) is folder:
                self.lint(uri)

    def _show_problem(self, folder) -> None:
        """One diagnostic on the broken config or rule file; cleared once it loads."""
        problem = folder.problem
        uri = from_fs_path(problem.path) if problem is not None and problem.path else None
        shown = self._shown_problems.get(folder.root)
        if folder.root in self._shown_problems and shown == (uri, problem):
            return
        if shown is not None and shown[0] is not None and shown[0] != uri:
            self.publish(shown[0], [])
        if uri is not None:
            self.publish(uri, [diagnostics.for_problem(problem)])
        if problem is not None:
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"medlint: {problem.text}"))
        self._shown_problems[folder.root] = (uri, problem)

    # -- the workspace command -------------------------------------------------
    def lint_workspace(self) -> dict:
        """Lint every page under the workspace folders that is not open, and publish the findings."""
        from medlint.files import discover

        pages = findings = 0
        for root in self.roots():
            folder = self.folders.for_root(root)
            self._show_problem(folder)
            if folder.config is None or folder.pack is None:
                continue
            files, _ = discover([root], exclude=folder.config.excluded)
            for path in files:
                uri = from_fs_path(path)
                source = read_page(path)
                if uri in self.workspace.text_documents or source is None:
                    continue
                result = lint_page(folder, path, source, None)
                self.publish(uri, diagnostics.for_page(result, folder.pack, self.encoding()))
                pages, findings = pages + 1, findings + len(result.findings)
        return {"pages": pages, "findings": findings}


def build() -> MedlintServer:
    server = MedlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: MedlintServer, params: types.InitializeParams):
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounce", DEBOUNCE)
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and 0 <= debounce <= 10:
            ls.debounce = float(debounce)
        else:
            ls.window_log_message(types.LogMessageParams(types.MessageType.Warning, (
                f"medlint: initializationOptions.debounce must be seconds from 0 to 10, not {debounce!r}; "
                f"using {DEBOUNCE}")))

    @server.feature(types.INITIALIZED)
    def initialized(ls: MedlintServer, params: types.InitializedParams):
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if watched and watched.dynamic_registration:
            globs = ["**/.medlint.yaml", "**/.medlint.yml", "**/pyproject.toml", "**/*.yaml", "**/*.yml"]
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs])
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="medlint-rule-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)]))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MedlintServer, params):
        ls.shut_down = True

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: MedlintServer, params: types.DidOpenTextDocumentParams):
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: MedlintServer, params: types.DidChangeTextDocumentParams):
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: MedlintServer, params: types.DidSaveTextDocumentParams):
        ls.check_rule_files()
        ls.lint(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MedlintServer, params: types.DidCloseTextDocumentParams):
        ls.forget(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files_changed(ls: MedlintServer, params: types.DidChangeWatchedFilesParams):
        ls.check_rule_files()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]))
    def code_action(ls: MedlintServer, params: types.CodeActionParams):
        folder, result = ls.current(params.text_document.uri)
        if result is None:
            return None
        return actions.code_actions(folder, result, params.text_document.uri, params.range,
                                    params.context.only, ls.encoding()) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: MedlintServer, params: types.HoverParams):
        folder, result = ls.current(params.text_document.uri)
        if result is None:
            return None
        return hover.hover(folder.pack, result, params.position, ls.encoding())

    @server.command(actions.EXPLAIN)
    def explain_rule(ls: MedlintServer, *args):
        from medlint.explain import explain

        if not args or not isinstance(args[0], str):
            raise MedlintError(f"{actions.EXPLAIN} takes a rule id (and the page's uri)")
        uri = args[1] if len(args) > 1 and isinstance(args[1], str) else None
        folder = ls.folder_for(to_fs_path(uri) if uri else None)
        if folder.pack is None:
            raise MedlintError(folder.problem.text)
        text = explain(folder.pack, args[0])
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=text))
        return text

    @server.command("medlint.lintWorkspace")
    def lint_workspace(ls: MedlintServer, *args):
        return ls.lint_workspace()

    return server
