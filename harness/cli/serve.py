"""Serve the reference emulator generated from specs.

Every operation of every spec answers in its protocol (AWS JSON, REST-JSON, plain REST), validates
input as documented, keeps resources in memory and moves them through the documented state machines.
moto's state-manager endpoints (/moto-api/state-manager/...) and /harness-api/ (clock, reset,
resources, machines) steer it. --mutant NAME injects one documented deviation (see --list-mutants).
Prints the URL, then serves until interrupted.
"""

from __future__ import annotations

import argparse
import sys

HELP = "serve the reference emulator generated from specs (optionally with a mutant)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--specs", nargs="+", default=["specs"], metavar="PATH",
                   help="spec files or folders (default: specs)")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: any free port)")
    p.add_argument("--mutant", metavar="NAME", help="inject one deviation from the docs (see --list-mutants)")
    p.add_argument("--list-mutants", action="store_true", help="print the mutants and exit")
    p.add_argument("--realtime", action="store_true",
                   help="let the emulator's clock follow wall time too (default: it moves only when advanced)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not log requests")


def run(args: argparse.Namespace) -> int:
    from harness.emulator.mutants import MUTANTS  # the emulator, only for this command
    from harness.emulator.server import HOST, build, listen

    if args.list_mutants:
        width = max(map(len, MUTANTS))
        for m in MUTANTS.values():
            print(f"{m.name:<{width}}  [{m.family}] {m.description}")
        return 0
    app = build(args.specs, args.mutant, realtime=args.realtime)
    server = listen(app, args.port, quiet=args.quiet)
    suffix = f" (mutant {args.mutant})" if args.mutant else ""
    print(f"http://{HOST}:{server.server_port}{suffix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("harness: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0
