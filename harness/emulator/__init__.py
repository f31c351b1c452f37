"""The reference emulator: an HTTP server generated from specs, answering as the docs say.

    start(["specs/"], mutant=None, port=0) → RunningServer(.url, .port, .stop(), context manager)

Layers, each importing only those above it:

    naming, shapes            conventions; the botocore fallback
    machines, api             a spec → executable machines and operations (`api.build`)
    faults, store, mutants    error roles; resources + clock + transition settings; hook points
    lifecycle, render         automatic steps and trigger moves; success bodies
    validate, handlers        input checks; what each kind of operation does (`handlers.HANDLERS`)
    protocols                 routing and wire formats by protocol (`protocols.FORMATS`)
    control, app, server      steering endpoints; the WSGI app; werkzeug's threaded server

Nothing here names a service: resources, identifiers and states come from the specs (see `api`).
"""

from __future__ import annotations

from harness.emulator.app import Emulator
from harness.emulator.mutants import MUTANTS, Mutant
from harness.emulator.server import RunningServer, build, start

__all__ = ["MUTANTS", "Emulator", "Mutant", "RunningServer", "build", "start"]
