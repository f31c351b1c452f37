"""Serving the emulator: werkzeug's threaded server in a background thread, or in the foreground for the CLI."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from harness.emulator.app import Emulator
from harness.emulator.mutants import MUTANTS
from harness.errors import TargetError, UsageError
from harness.spec.io import load

HOST = "127.0.0.1"


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def build(spec_paths: Sequence[str | Path], mutant: str | None = None, realtime: bool = False) -> Emulator:
    """An emulator for the specs at ``spec_paths`` (files, or folders searched for ``*.json``)."""
    if mutant is not None and mutant not in MUTANTS:
        raise UsageError(reason=f"unknown mutant {mutant!r} (known: {', '.join(MUTANTS)})")
    files: list[Path] = []
    for path in map(Path, spec_paths):
        files.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    if not files:
        raise UsageError(reason=f"no spec files in {', '.join(map(str, spec_paths)) or 'nothing'}")
    return Emulator([load(f) for f in files], MUTANTS[mutant] if mutant else None, realtime=realtime)


def listen(app: Emulator, port: int, quiet: bool) -> BaseWSGIServer:
    try:
        return make_server(HOST, port, app, threaded=True, request_handler=_QuietHandler if quiet else None)
    except OSError as exc:
        raise TargetError(target="reference", reason=f"cannot listen on {HOST}:{port}: {exc.strerror}") from None


class RunningServer:
    """An emulator answering on ``url`` from a background thread until `stop` (or the ``with`` block ends)."""

    def __init__(self, app: Emulator, port: int = 0) -> None:
        self.app = app
        self._server = listen(app, port, quiet=True)
        self.port: int = self._server.server_port
        self.url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"emulator:{self.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def start(spec_paths: Sequence[str | Path], mutant: str | None = None, port: int = 0,
          realtime: bool = False) -> RunningServer:
    """Serve the specs on 127.0.0.1 (``port`` 0: any free port) in a background thread."""
    return RunningServer(build(spec_paths, mutant, realtime), port)
