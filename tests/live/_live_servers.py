"""Test servers for the live checks: a ModelArts over plain REST (good, and mutants that each break one documented
behaviour) and a faulty server that misbehaves at the HTTP level in each of the ways a client must survive."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from harness.targets.moto_server import free_port

# -- ModelArts over plain REST ------------------------------------------------------------------------------------

MODELARTS_MUTANTS = {
    "untyped": "a job_id that is not a number is accepted",
    "route-404": "a job_id that is not a number gets the framework's bare 404 page",
    "wrong-error-format": "error bodies are {error_code, error_msg} (no is_success, error_message)",
    "extra-success": "the success body carries an undocumented key",
    "wrong-status": "an unknown job gets HTTP 400, not 404",
}


class ModelArts:
    """POST /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}/stop, as seed 003 documents it."""

    def __init__(self, mutant: str | None = None, jobs: frozenset[tuple[int, int]] = frozenset({(10, 10)})) -> None:
        assert mutant is None or mutant in MODELARTS_MUTANTS, mutant
        self.mutant, self.jobs = mutant, jobs
        self.routes = Map([Rule("/v1/<project_id>/training-jobs/<job_id>/versions/<version_id>/stop",
                                endpoint="stop", methods=["POST"])])
        self.stopped: list[tuple[int, int]] = []

    def _error(self, status: int, code: str, message: str) -> Response:
        body = {"is_success": False, "error_message": message, "error_code": code}
        if self.mutant == "wrong-error-format":
            body = {"error_code": code, "error_msg": message}
        return Response(json.dumps(body), status=status, content_type="application/json")

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        request = Request(environ)
        try:
            _, args = self.routes.bind_to_environ(environ).match()
        except HTTPException as exc:  # werkzeug's NotFound / MethodNotAllowed: a bare HTML page
            return exc(environ, start_response)
        job, version = args["job_id"], args["version_id"]
        if not (job.isdigit() and version.isdigit()):
            if self.mutant == "untyped":
                return Response(json.dumps({"is_success": True}), content_type="application/json")(
                    environ, start_response)
            if self.mutant == "route-404":
                return Response("<h1>Not Found</h1>", status=404, content_type="text/html")(environ, start_response)
            return self._error(400, "ModelArts.0103", "job_id and version_id must be numbers")(environ, start_response)
        key = (int(job), int(version))
        if key not in self.jobs:
            status = 400 if self.mutant == "wrong-status" else 404
            return self._error(status, "ModelArts.0105", f"training job {job}/{version} does not exist")(
                environ, start_response)
        self.stopped.append(key)
        body: dict[str, Any] = {"is_success": True}
        if self.mutant == "extra-success":
            body["job_status"] = 7
        del request
        return Response(json.dumps(body), content_type="application/json")(environ, start_response)


# -- a server that misbehaves on the wire ------------------------------------------------------------------------

FAULTS = ("refused", "reset", "silent", "500-json", "500-html", "malformed", "wrong-type", "huge", "redirect")
HUGE = 50 * 1024 * 1024


def _head(status: str, content_type: str, length: int, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n{extra}"
            "Connection: close\r\n\r\n").encode()


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


class Faulty:
    """A raw socket server answering every request with one fault."""

    def __init__(self, fault: str) -> None:
        assert fault in FAULTS, fault
        self.fault = fault
        self.stop = threading.Event()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            _read_request(conn)
            getattr(self, "_" + self.fault.replace("-", "_"))(conn)
        except OSError:
            pass  # the client hung up: what a client should do to a server like this
        finally:
            conn.close()

    def _reset(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", "application/x-amz-json-1.1", 1000) + b'{"ProjectVersionDescriptions": [')
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close → RST

    def _silent(self, conn: socket.socket) -> None:
        self.stop.wait()

    def _500_json(self, conn: socket.socket) -> None:
        body = json.dumps({"__type": "InternalFailure", "message": "boom"}).encode()
        conn.sendall(_head("500 Internal Server Error", "application/x-amz-json-1.1", len(body)) + body)

    def _500_html(self, conn: socket.socket) -> None:
        body = b"<h1>Internal Server Error</h1>"
        conn.sendall(_head("500 Internal Server Error", "text/html", len(body)) + body)

    def _malformed(self, conn: socket.socket) -> None:
        body = b'{"ProjectVersionDescriptions": [{"Status": "RUNN'
        conn.sendall(_head("200 OK", "application/x-amz-json-1.1", len(body)) + body)

    def _wrong_type(self, conn: socket.socket) -> None:
        body = b'{"is_success": true}'
        conn.sendall(_head("200 OK", "text/html", len(body)) + body)

    def _huge(self, conn: socket.socket) -> None:
        conn.sendall(_head("200 OK", "application/json", HUGE))
        chunk = b" " * 65536
        for _ in range(HUGE // len(chunk)):
            if self.stop.is_set():
                return
            conn.sendall(chunk)

    def _redirect(self, conn: socket.socket) -> None:
        conn.sendall(_head("302 Found", "text/plain", 0, "Location: http://elsewhere.invalid/steal\r\n"))

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self.thread.join(2)


@contextmanager
def faulty(fault: str) -> Iterator[str]:
    """The URL of a server with ``fault`` ("refused": a loopback port nobody listens on)."""
    if fault == "refused":
        yield f"http://127.0.0.1:{free_port()}"
        return
    server = Faulty(fault)
    try:
        yield server.url
    finally:
        server.close()
