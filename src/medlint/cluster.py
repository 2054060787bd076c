"""The same lint on a Dask cluster: `medlint --dask ADDRESS PATH...` (pip install 'medlint[dask]').

This process reads the pages (files, WARC records) and sends them to the workers in
batches, so workers need medlint but not the files. The rule pack and the per-page
settings are shipped once to every worker as a worker plugin, which the scheduler also
hands to any worker that joins or restarts mid-run; batches carry only pages. Batches
are submitted a few per worker ahead and their outcomes reported in the order they were
read, so the output is the local run's, byte for byte. A worker that dies is the
scheduler's to handle: it runs the lost batches again on another worker. Only this
module imports dask, and only when --dask is given.
"""

from __future__ import annotations

import os
import uuid

from medlint.errors import MedlintError
from medlint.files import DEFAULT_MAX_MB
from medlint.pool import chunks, in_order, slim
from medlint.runner import PageBytes, lint_item

BATCH = 32  # pages per task: a task costs the scheduler about a millisecond
IN_FLIGHT = 4  # batches per worker submitted ahead of the one being reported
RETRIES = 3  # a batch whose task raises is run again this many times
DEFAULT_TIMEOUT = 10.0  # seconds to reach the scheduler and find a worker (MEDLINT_DASK_TIMEOUT)


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # connect() says how to install it
    WorkerPlugin = object


class Shipment(WorkerPlugin):
    """What every worker holds once (a worker plugin, `worker.plugins[name]`): the pack, how to
    pick a page's settings, and whether to send whole documents back (the HTML report)."""

    def __init__(self, name: str, pack, settings_for, whole_docs: bool) -> None:
        self.name, self.pack, self.settings_for, self.whole_docs = name, pack, settings_for, whole_docs


def _lint_batch(name: str, batch: list) -> list:
    from distributed import get_worker

    shipment = get_worker().plugins[name]
    outcomes = [lint_item(item, shipment.pack, shipment.settings_for) for item in batch]
    return outcomes if shipment.whole_docs else [slim(o) for o in outcomes]


def _worker_version() -> str:
    import medlint

    return medlint.__version__


def connect(address: str):
    """A client for the scheduler at `address`, or one clear error (exit 2)."""
    try:
        from distributed import Client
    except ImportError:
        raise MedlintError("--dask needs dask.distributed: pip install 'medlint[dask]'") from None
    import logging

    # dask logs a lost worker or a retried batch as warnings; the run handles both and
    # stderr stays medlint's one-line messages.
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.ERROR)
    timeout = _timeout()
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a bad address: all mean "not reached"
        raise MedlintError(f"--dask {address}: cannot reach the Dask scheduler ({_said(exc)})") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
        versions = set(client.run(_worker_version).values())
    except Exception as exc:
        client.close()
        raise MedlintError(f"--dask {address}: the cluster has no usable worker ({_said(exc)}; "
                           "workers need medlint installed: pip install 'medlint[dask]')") from None
    from medlint import __version__

    if versions != {__version__}:
        client.close()
        raise MedlintError(f"--dask {address}: workers run medlint {', '.join(sorted(versions))}, "
                           f"this is {__version__}; install the same version on every worker")
    return client


def lint_on_cluster(address: str, items, pack, settings_for, whole_docs: bool = False,
                    max_mb: float = DEFAULT_MAX_MB):
    """Outcomes for `items`, in order, linted on the cluster at `address`; page files are read
    here, at most `max_mb` MB each."""
    client = connect(address)
    name = f"medlint-{uuid.uuid4().hex}"  # one per run: runs with other rule packs may share the cluster
    try:
        client.register_plugin(Shipment(name, pack, settings_for, whole_docs), name=name)
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(batch):
            return client.submit(_lint_batch, name, batch, retries=RETRIES, pure=False)

        try:
            yield from in_order(submit, chunks(_shippable(items, max_mb), BATCH), workers * IN_FLIGHT)
        except Exception as exc:
            kind = type(exc).__name__
            if kind == "KilledWorker":  # the same batch took down worker after worker
                raise MedlintError(f"--dask {address}: workers kept dying on one batch of pages "
                                   f"({_said(exc)[:200]})") from None
            if "Cancelled" in kind or isinstance(exc, OSError):  # the scheduler went away
                raise MedlintError(f"--dask {address}: lost the cluster mid-run ({kind}); "
                                   "nothing after the last page reported was linted") from None
            raise
    finally:
        try:
            client.unregister_worker_plugin(name)
        except Exception:  # the cluster is gone or never had it: nothing left to clean up
            pass
        client.close()


def _timeout() -> float:
    value = os.environ.get("MEDLINT_DASK_TIMEOUT", "")
    try:
        return float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise MedlintError(f'MEDLINT_DASK_TIMEOUT must be a number of seconds, found "{value}"') from None


def _said(exc: Exception) -> str:
    """An exception as one line, for a message that must stay on one line."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _shippable(items, max_mb: float):
    """Paths become their bytes here: the workers may not see this machine's disk."""
    for item in items:
        yield PageBytes(item, max_mb) if isinstance(item, str) else item
