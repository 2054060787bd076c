"""`medlint server`: a Language Server Protocol server over stdio, for editors.

It needs pygls and lsprotocol, installed with `pip install 'medlint[lsp]'`; the rest of
medlint never imports this package.
"""

from __future__ import annotations

from medlint.errors import MedlintError


def serve() -> int:
    try:
        from medlint.server.app import build
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing not in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise
        raise MedlintError(f"medlint server needs pygls 2 and lsprotocol ({missing} is missing): "
                           "pip install 'medlint[lsp]'") from None

    server = build()
    server.start_io()  # returns on `exit`, or when the client closes our input
    return 0 if server.shut_down else 1
