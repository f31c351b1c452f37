"""Rebuild specs from documents.

Reads every document in PATHS (files or folders; by default the [extract] paths of
harness.toml, i.e. seeds/), extracts the facts each states with the line that
states them, merges them into one spec per service and writes
<out>/<provider>/<service>.json. Specs are written only when every file was read;
a file that fails leaves one line naming it (and the line, where known).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from harness import config as cfg
from harness.spec.io import write_atomic

if TYPE_CHECKING:
    from harness import pipeline

HELP = "extract cited facts from documents into specs/"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders (default: harness.toml [extract] paths)")
    p.add_argument("--out", help="folder for the specs (default: specs)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 with a unified diff when the specs on disk are stale")
    p.add_argument("--keep-going", "-k", action="store_true",
                   help="after a file fails, go on with the others (specs are still written only if all succeed)")
    p.add_argument("--format", choices=("markdown", "rst", "html"), help="read every file as this format")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not fill the content-hash cache")
    p.add_argument("--validate", action="store_true",
                   help="validate every spec against the JSON Schema before writing (always on with --check)")
    p.add_argument("--summary", metavar="FILE", help="write a per-page summary (JSON) to FILE ('-' for stdout)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    from harness import pipeline  # here, not at the top: every other command would import the readers too

    conf = cfg.load()
    out = Path(args.out or conf.out)
    paths = args.paths or list(conf.paths)
    cache = None if args.no_cache or not conf.cache else conf.cache
    show = _progress if (sys.stderr.isatty() and not args.quiet) else None
    outcome = pipeline.run(paths, out=out, fmt=args.format, jobs=max(1, args.jobs), keep_going=args.keep_going,
                           cache_dir=cache, providers=conf.providers, progress=show,
                           validate=args.validate or args.check)
    if show:
        print(file=sys.stderr)
    if args.summary:
        text = json.dumps(pipeline.page_summary(outcome), indent=2) + "\n"
        if args.summary == "-":
            sys.stdout.write(text)
        else:
            write_atomic(Path(args.summary), text)
    for page in outcome.errors:
        print(f"harness: error: {page.error}", file=sys.stderr)
    if outcome.errors:
        print(f"harness: {len(outcome.errors)} of {len(outcome.pages)} file(s) failed; {out}/ left unchanged",
              file=sys.stderr)
        return 2
    if args.check:
        return _check(outcome, out)
    changed = pipeline.write(outcome, out)
    if not args.quiet:
        facts = sum(len(p.facts) for p in outcome.pages)
        cached = sum(p.cached for p in outcome.pages)
        print(f"{len(outcome.pages)} document(s), {facts} facts ({cached} from cache) → "
              f"{len(outcome.specs)} spec(s) in {out}/, {len(changed)} changed")
        for path in changed:
            print(f"  wrote {path}" if path in outcome.specs else f"  removed {path}")
    return 0


def _check(outcome: pipeline.Outcome, out: Path) -> int:
    from harness import pipeline

    diffs = pipeline.stale(outcome, out)
    if not diffs:
        print(f"{out}/ is up to date ({len(outcome.specs)} spec(s))")
        return 0
    for path, (old, new) in sorted(diffs.items()):
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"{path} (on disk)", tofile=f"{path} (extracted)"))
    print(f"harness: {len(diffs)} spec(s) in {out}/ are stale; run 'harness extract'", file=sys.stderr)
    return 1


def _progress(i: int, n: int, page: pipeline.PageResult) -> None:
    mark = "!" if page.error else " "
    print(f"\r[{i}/{n}]{mark} {page.path[-60:]:<60}", end="", file=sys.stderr, flush=True)
