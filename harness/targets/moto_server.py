"""The "moto" target: moto's own server (``moto.server.ThreadedMotoServer``), in-process on a free loopback port.

Started on first use — so a pytest-xdist controller, which runs no checks, never starts one, and each
worker starts its own — and stopped by `close`. Two things are added around moto's WSGI app, neither
changing what moto answers: an action moto has not implemented (moto raises ``NotImplementedError``,
which reaches the client as a bare HTML 500) gets the header ``x-harness-not-implemented`` so that it is
classified "not-implemented" rather than "error"; and the server's request log and tracebacks are kept
off the user's terminal.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

from harness.errors import TargetError, UsageError
from harness.spec.model import Spec
from harness.targets.exchange import NOT_IMPLEMENTED_HEADER
from harness.targets.live import LiveTarget

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def mark_not_implemented(app: WsgiApp) -> WsgiApp:
    """WSGI middleware: a ``NotImplementedError`` becomes moto's usual 500, plus the marker header."""
    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            return app(environ, start_response)
        except NotImplementedError as exc:
            body = b"<!doctype html>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n"
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/html; charset=utf-8"),
                                                         ("Content-Length", str(len(body))),
                                                         (NOT_IMPLEMENTED_HEADER, str(exc)[:200] or "not implemented")])
            return [body]
    return wrapped


def quiet_werkzeug() -> None:
    """Keep werkzeug's request log and its "Error on request" tracebacks off the terminal."""
    log = logging.getLogger("werkzeug")
    log.setLevel(logging.CRITICAL)
    log.propagate = False


class MotoTarget(LiveTarget):
    """moto's server, in this process."""

    kind = "moto"

    def __init__(self) -> None:
        try:
            import moto
        except ImportError:  # pragma: no cover - moto is a dependency
            raise UsageError(reason="target moto needs moto installed (pip install 'moto[server]')") from None
        super().__init__(f"moto=={moto.__version__}")
        self._server: Any = None
        self._url: str | None = None
        self._start_lock = threading.Lock()

    def unserved(self, spec: Spec) -> str | None:
        name = spec.service.botocore_service
        if name is None:
            return f"moto emulates AWS services only; {spec.service.name} ({spec.service.provider}) is not one"
        from moto.backends import list_of_moto_modules

        if name.replace("-", "") not in set(list_of_moto_modules()):
            return f"moto has no backend for {name}"
        return None

    def base_url(self) -> str:
        with self._start_lock:
            if self._url is None:
                self._url = self._start()
            return self._url

    def _start(self) -> str:
        try:
            from moto.moto_server.threaded_moto_server import ThreadedMotoServer
            from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
            from werkzeug.serving import make_server
        except ImportError as exc:
            raise TargetError(target="moto", reason=f"cannot import moto's server: {exc}") from None
        quiet_werkzeug()
        port = free_port()

        class Server(ThreadedMotoServer):
            def _server_entry(self) -> None:  # moto's own, with the middleware around the app
                app = mark_not_implemented(DomainDispatcherApplication(create_backend_app))
                self._server = make_server(self._ip_address, self._port, app, True)
                self._server_ready_event.set()
                self._server.serve_forever()

        server = Server(ip_address="127.0.0.1", port=port, verbose=False)
        try:
            server.start()
        except OSError as exc:
            raise TargetError(target="moto", reason=f"cannot start moto on 127.0.0.1:{port}: {exc}") from None
        self._server = server
        return f"http://127.0.0.1:{port}"

    def close(self) -> None:
        with self._start_lock:
            if self._server is not None:
                self._server.stop()
                self._server, self._url = None, None
        super().close()
