"""The extraction pipeline: files → documents → facts → one spec per service.

Reading and extracting a file is independent of every other file, so it runs in
worker processes (``jobs``) and is cached by content hash: a file whose bytes and
whose extractor code are unchanged is not read again. Merging into specs happens
once, in the parent, over all facts.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from harness import __version__, gctune
from harness.errors import HarnessError, ReadError, UsageError
from harness.extract import extract_document
from harness.extract import facts as f
from harness.readers import read_document
from harness.readers.source import decode
from harness.spec import io as spec_io
from harness.spec.build import Builder, DocInfo
from harness.spec.services import resolve_all

DOC_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".html", ".htm")
"""Files a folder contributes; others (LICENSE, images) are passed over."""


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one file gave: its document info and facts, or the error that stopped it."""

    path: str
    info: DocInfo | None
    facts: tuple[f.Fact, ...]
    error: str | None = None
    cached: bool = False


@dataclass(slots=True)
class Outcome:
    pages: list[PageResult]
    specs: dict[Path, str] = field(default_factory=dict)
    """Output file → canonical JSON text."""
    services: dict[str, str | None] = field(default_factory=dict)
    """Page path → service name."""

    @property
    def errors(self) -> list[PageResult]:
        return [p for p in self.pages if p.error]


def collect(paths: Sequence[str]) -> list[str]:
    """Files named, and document files below folders named, sorted; a missing path is kept to fail at read."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(str(q) for q in sorted(p.rglob("*")) if q.is_file() and q.suffix.lower() in DOC_SUFFIXES
                       and not any(part.startswith(".") for part in q.relative_to(p).parts))
        else:
            out.append(str(p))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the harness code that reads and extracts, so the cache dies with a code change."""
    import botocore

    root = Path(__file__).parent
    h = hashlib.sha256(f"{__version__} botocore {botocore.__version__}".encode())
    for sub in ("docmodel.py", "readers", "extract"):
        target = root / sub
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for file in files:
            h.update(file.name.encode())
            h.update(file.read_bytes())
    return h.hexdigest()[:16]


def relpath(path: str) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:
        return Path(path).as_posix()


def process(path: str, fmt: str | None, cache_dir: str | None) -> PageResult:
    """Read and extract one file (in a worker). Never raises: errors are returned."""
    rel = relpath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return PageResult(rel, None, (), str(ReadError(path=rel, reason=f"cannot read: {exc.strerror or exc}")))
    digest = hashlib.sha256(data).hexdigest()
    # the path is part of the key: facts cite it, and the same bytes under another name (a seed copied out of
    # a corpus) must not come back citing the other file
    where = hashlib.sha256(rel.encode("utf-8")).hexdigest()[:16]
    cache_file = Path(cache_dir) / f"{digest}-{where}-{code_fingerprint()}-{fmt or 'auto'}.pickle" if cache_dir else None
    if cache_file is not None and cache_file.exists():
        try:
            with cache_file.open("rb") as fh:
                info, found = pickle.load(fh)
            return PageResult(rel, DocInfo(rel, info.format, info.sha256, info.title), found, cached=True)
        except Exception:  # a damaged cache entry is simply rebuilt
            pass
    try:
        doc = read_document(rel, text=decode(rel, data), fmt=fmt)
        broken = [x for x in doc.findings if x.severity == "error"]
        if broken:
            first = broken[0]
            more = f" (and {len(broken) - 1} more)" if len(broken) > 1 else ""
            raise ReadError(path=rel, line=first.line, reason=f"broken markup: {first.message}{more}")
        found = tuple(extract_document(doc))
    except HarnessError as exc:
        return PageResult(rel, None, (), str(exc))
    except Exception as exc:  # an extractor bug must name the file, not crash the run
        return PageResult(rel, None, (), f"{rel}: internal error while extracting: {type(exc).__name__}: {exc}")
    info = DocInfo(rel, doc.format, digest, doc.title)
    if cache_file is not None:
        _store(cache_file, (info, found))
    return PageResult(rel, info, found)


def _store(cache_file: Path, payload: object) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache_file)
    except OSError:
        pass


def _process_star(args: tuple[str, str | None, str | None]) -> PageResult:
    return process(*args)


def run(paths: Sequence[str], *, out: Path, fmt: str | None = None, jobs: int = 1, keep_going: bool = False,
        cache_dir: str | None = None, providers: dict[str, str] | None = None,
        progress: Callable[[int, int, PageResult], None] | None = None, partial: bool = False,
        validate: bool = False) -> Outcome:
    """Extract ``paths`` and build the specs (not written: see `write`). Specs are built only when every
    file was read, unless ``partial`` (then from the files that were; errors stay in the outcome)."""
    with _collector_tuned():
        return _run(paths, out=out, fmt=fmt, jobs=jobs, keep_going=keep_going, cache_dir=cache_dir,
                    providers=providers, progress=progress, partial=partial, validate=validate)


def _run(paths: Sequence[str], *, out: Path, fmt: str | None, jobs: int, keep_going: bool, cache_dir: str | None,
         providers: dict[str, str] | None, progress: Callable[[int, int, PageResult], None] | None, partial: bool,
         validate: bool) -> Outcome:
    files = collect(paths)
    if not files:
        raise UsageError(reason="no documents found in " + ", ".join(paths))
    work = [(p, fmt, cache_dir) for p in files]
    done: list[tuple[int, PageResult]] = []
    for i, (index, page) in enumerate(_map(work, jobs), 1):
        done.append((index, page))
        if progress:
            progress(i, len(files), page)
        if page.error and not keep_going:
            break
    pages = [page for _index, page in sorted(done, key=lambda x: x[0])]  # the files' order, however done
    outcome = Outcome(pages)
    if outcome.errors and not partial:
        return outcome
    run_file = _run_cache(cache_dir, pages, providers or {})
    if run_file is not None and run_file.exists():
        try:
            with run_file.open("rb") as fh:
                specs, outcome.services = pickle.load(fh)
            outcome.specs = {out / rel: text for rel, text in specs.items()}
            return outcome
        except Exception:  # a damaged entry is rebuilt
            pass
    _build(outcome, out, providers or {}, validate)
    if run_file is not None:
        _store(run_file, ({path.relative_to(out): text for path, text in outcome.specs.items()}, outcome.services))
    return outcome


def _run_cache(cache_dir: str | None, pages: list[PageResult], providers: dict[str, str]) -> Path | None:
    """Where the specs of exactly these inputs are cached: a hash of every file's content hash, the
    code and the providers."""
    if not cache_dir:
        return None
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(repr(sorted(providers.items())).encode())
    for page in pages:
        h.update(f"{page.path}\0{page.info.sha256 if page.info else ''}\0".encode())
    return Path(cache_dir) / f"run-{h.hexdigest()[:32]}.pickle"


def _build(outcome: Outcome, out: Path, providers: dict[str, str], validate: bool) -> None:
    """Resolve each page's service and merge the facts of each service into its spec (validated
    against the schema when asked: the builder's output is valid by construction, and the tests
    validate every spec of the seeds and the corpus)."""
    pages = outcome.pages
    by_path = {p.path: list(p.facts) for p in pages if p.info}
    services = resolve_all(by_path, providers)
    outcome.services = {p: (s.name if s else None) for p, s in services.items()}
    groups: dict[tuple[str, str], list[PageResult]] = {}
    resolved = {}
    for page in pages:
        service = services.get(page.path)
        if page.info and service:
            groups.setdefault((service.provider, service.name), []).append(page)
            resolved[(service.provider, service.name)] = service
    for key in sorted(groups):
        builder = Builder(resolved[key], [p.info for p in groups[key] if p.info])
        for page in groups[key]:
            for fact in page.facts:
                builder.add(fact)
        spec = spec_io.to_json(builder.spec())
        if validate:
            problems = spec_io.problems(spec)
            if problems:
                where, msg = problems[0]
                raise HarnessError(reason=f"internal error: spec for {key[1]} fails the schema at {where}: {msg}")
        outcome.specs[out / key[0] / f"{key[1]}.json"] = spec_io.dumps(spec)


@contextmanager
def _collector_tuned() -> Iterator[None]:
    """The cyclic garbage collector, tuned for reading many documents (restored afterwards).

    Reading allocates millions of short-lived objects, and docutils' doctree is a web of cycles that only
    the collector frees. At CPython's default threshold it ran thousands of times per corpus, and each full
    pass walked every object alive, the imported modules included: a third of the time extraction added to
    parsing. Objects alive before the run (modules, registries, compiled patterns) are frozen out of the
    passes, and the young generation is collected every `harness.gctune.GC_THRESHOLD` allocations. Garbage is still
    collected, in fewer and larger passes (peak memory grows by a few tens of MB)."""
    before = gctune.tune()
    try:
        yield
    finally:
        gctune.restore(before)


def _tune_worker() -> None:
    """A worker process keeps the collector tuned for its whole life (it only reads documents)."""
    gctune.tune()


def _map(work: list[tuple[str, str | None, str | None]], jobs: int) -> Iterable[tuple[int, PageResult]]:
    """(index in ``work``, result) of every file, in the order they are done. With several jobs the largest
    files go first, a few at a time, so that no worker is left with a large file while the others idle
    (chunks of sixteen in the files' order left one worker a second or more of work at the end)."""
    if jobs <= 1 or len(work) < 4:
        for i, item in enumerate(work):
            yield i, process(*item)
        return
    order = sorted(range(len(work)), key=lambda i: -_size(work[i][0]))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_tune_worker) as pool:
        yield from zip(order, pool.map(_process_star, [work[i] for i in order], chunksize=2))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # reported when read


def stale(outcome: Outcome, out: Path) -> dict[Path, tuple[str, str]]:
    """Spec files whose content on disk differs from the new content: path → (old, new)."""
    diffs: dict[Path, tuple[str, str]] = {}
    for path, text in outcome.specs.items():
        old = path.read_text("utf-8") if path.exists() else ""
        if old != text:
            diffs[path] = (old, text)
    for path in obsolete(outcome, out):
        diffs[path] = (path.read_text("utf-8"), "")
    return diffs


def obsolete(outcome: Outcome, out: Path) -> list[Path]:
    """Spec files under ``out`` that this run no longer produces."""
    if not out.is_dir():
        return []
    found = []
    for path in sorted(out.rglob("*.json")):
        if path in outcome.specs:
            continue
        try:
            head = path.read_text("utf-8")[:200]
        except (OSError, UnicodeDecodeError):
            continue
        if '"spec_version"' in head:
            found.append(path)
    return found


def write(outcome: Outcome, out: Path) -> list[Path]:
    """Write every spec atomically; remove specs no longer produced. Returns files changed."""
    changed = []
    for path, (old, new) in sorted(stale(outcome, out).items()):
        if new:
            spec_io.write_atomic(path, new)
        else:
            path.unlink()
        changed.append(path)
    return changed


def page_summary(outcome: Outcome) -> list[dict[str, object]]:
    """One row per page: format, service, and how many facts of each kind it gave."""
    rows: list[dict[str, object]] = []
    for page in outcome.pages:
        kinds = Counter(type(x).__name__ for x in page.facts)
        rows.append({
            "path": page.path,
            "format": page.info.format if page.info else None,
            "service": outcome.services.get(page.path),
            "error": page.error,
            "operations": len({x.operation for x in page.facts if isinstance(x, f.OperationName)}),
            "inputs": kinds.get("Parameter", 0),
            "outputs": kinds.get("OutputField", 0),
            "enum_values": kinds.get("EnumValue", 0),
            "transitions": kinds.get("Transition", 0),
            "examples": kinds.get("Example", 0),
            "errors_documented": kinds.get("ErrorName", 0),
            "findings": kinds.get("Note", 0),
        })
    return rows


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def stderr_is_tty() -> bool:
    return sys.stderr.isatty()
