"""`medlint server`: a Language Server Protocol server over stdio, for editors.

It needs pygls and lsprotocol, installed with `pip install 'medlint[lsp]'`; the rest of
medlint never imports this package.
"""

from __future__ import annotations

import importlib.util

from medlint.errors import MedlintError


def serve() -> int:
    if importlib.util.find_spec("pygls") is None or importlib.util.find_spec("lsprotocol") is None:
        raise MedlintError("medlint server needs pygls and lsprotocol: pip install 'medlint[lsp]'")
    from medlint.server.app import build

    build().start_io()
    return 0
