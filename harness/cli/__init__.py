"""The command line: a thin shell over the library.

Each sub-command is a module in this package with ``HELP``, ``add_arguments(parser)``
and ``run(args) -> int``; `COMMANDS` lists them. Exit codes (the same for all):

    0  success: nothing failed
    1  the run worked and found something wrong (stale specs, conformance failures)
    2  usage error, unreadable input, or a harness error — the message names the file/line or request
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import Sequence

from harness import __version__
from harness.errors import HarnessError

COMMANDS = ("extract", "verify", "report", "serve")
"""Sub-command modules, in the order --help lists them; a module that does not exist yet is left out."""

EXIT_CODES = """exit codes:
  0  success
  1  the run found problems (stale specs, conformance failures)
  2  usage error, bad input, or harness error (one line names the file/line or request)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harness",
        description="Extract cited facts from API documentation into specs, and test models and live "
        "implementations against them.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"harness {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"harness.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"harness.cli.{name}":
                continue
            raise
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__, epilog=EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except HarnessError as exc:
        print(f"harness: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of the harness: one line, and the traceback only when asked for
        if os.environ.get("HARNESS_TRACEBACK"):
            raise
        print(f"harness: internal error: {type(exc).__name__}: {exc} (HARNESS_TRACEBACK=1 shows where)",
              file=sys.stderr)
        return 2


def entry() -> None:
    code = main()
    # The process ends here. A large run leaves millions of objects (items, results, specs) in reference
    # cycles, which the collector would walk once more at exit (two seconds for 60,000 checks): frozen, they
    # are left to the operating system. Files are closed and exit handlers still run.
    gc.freeze()
    sys.exit(code)
