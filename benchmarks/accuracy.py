"""Extraction accuracy against botocore's models, and the speed of the model checks.

    python benchmarks/accuracy.py [--services a,b,c] [--misses FILE] [-j N]
                                  [--no-speed | --speed-only SPECS_DIR] [--repeat N]

1. Ground truth. For each service, boto3's own generator writes its RST reference
   (``boto3.docs.service.ServiceDocumenter`` — the pages seed 002 is one of), one page per
   operation; and each operation's HTML documentation string (``OperationModel.documentation``,
   what seed 004 is built from) is written as a page of its own, headed as seed 004 is by the
   operation's endpoint URL with its ``X-Amz-Target``. Both sets are extracted with
   ``harness extract``, and the specs are compared with the installed botocore model:
   precision and recall of operations, input names, required flags and enum values.
   For the RST what a page prints is stated (boto3 elides sections "too large to render" and
   cuts deep or recursive structures); for the HTML strings only what a string states counts:
   its own operation and the operation names in its text; the input members it names in
   ``<code>`` in a sentence about a parameter (for precision, any extracted input the model has
   for that operation is right: strings state other operations' inputs too); the enum values it lists as list items (the whole item, or the code
   an item opens with). Bars: ≥ 99 % on each for the RST, ≥ 95 % for the HTML strings.
   Every miss is listed (in --misses FILE, and counted here).
2. Speed. The model checks of the RST specs run through ``harness verify --target botocore``
   (pytest, -n 0) and the same checks called in a plain loop, in the same run: bar ≤ 2× (wall time;
   the CPU-time ratio is printed too). ``-n 2`` against ``-n 0``: bar ≥ 1.5×. Beside it, the machine's own
   ceiling: two ``-n 0`` processes at once, each on half of the spec files, against one ``-n 0``. The four
   run by turns, ``--repeat`` times (default 3), and each one's best counts.
   Both verify runs must write one result per check of the loop. Each service model is loaded once per
   process (the loop's cache counters are printed). ``--speed-only SPECS_DIR`` times specs extracted before.

Exit 0 when every bar holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import compileall
import html
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore import xform_name  # noqa: E402

from harness import pipeline, xdist_shard  # noqa: E402
from harness.extract.facts import state_key  # noqa: E402
from harness.spec import io as spec_io  # noqa: E402

SERVICES = (
    # json
    "personalize", "rekognition", "dynamodb", "ecs", "logs", "sagemaker", "glue",
    # rest-json
    "lambda", "eks", "batch",
    # query
    "iam", "rds", "cloudformation", "sns", "redshift",
    # rest-xml
    "s3", "route53",
)
RST_BAR, HTML_BAR = 0.99, 0.95


def session() -> botocore.session.Session:
    return botocore.session.get_session()


# ---- document generation ---------------------------------------------------------------------

def write_rst(service: str, out: Path) -> list[Path]:
    """boto3's reference pages for the service's operations (client methods that are operations)."""
    from boto3.docs.service import ServiceDocumenter

    tmp = out / "_gen" / service
    ServiceDocumenter(service, boto3.Session(region_name="us-east-1"), str(tmp)).document_service()
    model = session().get_service_model(service)
    keep = out / "rst" / service
    keep.mkdir(parents=True, exist_ok=True)
    pages = []
    for op in model.operation_names:
        src = tmp / service / "client" / f"{xform_name(op)}.rst"
        if src.exists():
            dst = keep / src.name
            shutil.copy(src, dst)
            pages.append(dst)
    return pages


def write_html(service: str, out: Path) -> list[Path]:
    """Each operation's documentation string, headed like seed 004."""
    model = session().get_service_model(service)
    meta = model.metadata
    prefix = meta.get("targetPrefix") or meta.get("endpointPrefix") or service
    folder = out / "html" / service
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for op in model.operation_names:
        doc = model.operation_model(op).documentation or ""
        head = f"http://{meta.get('endpointPrefix', service)}.{{region}}.amazonaws.com/#X-Amz-Target={prefix}.{op}"
        page = folder / f"{op}.html"
        page.write_text(head + doc + "\n", encoding="utf-8")
        pages.append(page)
    return pages


# ---- ground truth ----------------------------------------------------------------------------

def enum_values(shape, seen=None) -> set[str]:
    """Every enum value reachable from a shape (recursion cut)."""
    seen = seen if seen is not None else set()
    if shape is None or shape.name in seen:
        return set()
    seen.add(shape.name)
    found = set(getattr(shape, "enum", None) or [])
    if shape.type_name == "structure":
        for member in shape.members.values():
            found |= enum_values(member, seen)
    elif shape.type_name == "list":
        found |= enum_values(shape.member, seen)
    elif shape.type_name == "map":
        found |= enum_values(shape.key, seen) | enum_values(shape.value, seen)
    return found


class Score:
    def __init__(self) -> None:
        self.found: dict[str, set] = defaultdict(set)
        self.truth: dict[str, set] = defaultdict(set)
        self.unjudged: dict[str, set] = defaultdict(set)
        """Extracted facts the model cannot judge (a status value of a field the model types as a plain
        string): neither right nor wrong, counted apart."""
        self.also_true: dict[str, set] = defaultdict(set)
        """Extracted facts the model confirms that the recall truth leaves out (an input another operation's
        string states: "the ``JobId`` parameter in ``GetWidgetReport``"): right for precision, not owed
        for recall."""

    def add(self, category: str, truth: set, found: set) -> None:
        self.truth[category] |= truth
        self.found[category] |= found

    def row(self, category: str) -> tuple[float, float, list, list]:
        truth, found = self.truth[category], self.found[category]
        hit = truth & found
        right = found & (truth | self.also_true[category])
        precision = len(right) / len(found) if found else 1.0
        recall = len(hit) / len(truth) if truth else 1.0
        return precision, recall, sorted(truth - found, key=str), sorted(found - right, key=str)


def _op_of(service: str, stem: str) -> str | None:
    return {xform_name(op): op for op in session().get_service_model(service).operation_names}.get(stem)


def load_specs(folder: Path) -> dict[str, object]:
    return {spec.service.botocore_service or spec.service.name: spec
            for spec in (spec_io.load(p) for p in sorted(folder.rglob("*.json")))}


def score_rst(services: tuple[str, ...], specs: dict[str, object], pages: dict[tuple[str, str], str]) -> Score:
    score = Score()
    for service in services:
        model = session().get_service_model(service)
        spec = specs.get(service)
        ops = {o.name: o for o in spec.operations} if spec else {}
        score.add("operations", {(service, op) for op in model.operation_names}, {(service, op) for op in ops})
        for op in model.operation_names:
            shape = model.operation_model(op).input_shape
            members = shape.members if shape is not None else {}
            required = set(shape.required_members) if shape is not None else set()
            found = ops.get(op)
            inputs = {i.name: i for i in found.input} if found else {}
            page = pages.get((service, op), "")
            shown = {m for m in members if f":param {m}:" in page}  # boto3 elides sections "too large to render"
            score.add("input names", {(service, op, m) for m in shown}, {(service, op, n) for n in inputs})
            score.add("required flags", {(service, op, m) for m in required & shown},
                      {(service, op, n) for n, i in inputs.items() if i.required is True})
            # boto3 prints nested structures only to a depth and cuts recursion: a value its page does not
            # print is not stated there
            truth = {(service, op, v) for v in enum_values(shape) | enum_values(model.operation_model(op).output_shape)
                     if f"'{v}'" in page}
            values = {v for (_s, _o, v) in truth}
            got = page_values(spec, xform_name(op)) if spec else set()
            score.add("enum values", truth, judged(score, service, op, got, values))
    return score


_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_PARAM_WORD = re.compile(r"\bparameters?\b", re.I)
_CODE_IN = re.compile(r"<code>\s*([A-Za-z_][\w.]*)\s*</code>")
_LIST_ITEM = re.compile(r"<li>\s*(?:<p>)?\s*([^<]+?)\s*(?:</p>)?\s*</li>")
_ITEM_HEAD = re.compile(r"<li>\s*(?:<p>)?\s*<code>\s*([^<]+?)\s*</code>")


def stated_inputs(doc: str, members: set[str]) -> set[str]:
    """Input members a documentation string states as parameters: named in ``<code>`` in a sentence
    that speaks of a parameter."""
    found = set()
    for sentence in _SENTENCE.findall(doc):
        if _PARAM_WORD.search(re.sub(r"<[^>]+>", " ", sentence)):
            found |= {c for c in _CODE_IN.findall(sentence) if c in members}
    return found


def stated_values(doc: str, values: set[str]) -> set[str]:
    """Enum values a documentation string lists: the whole text of a list item, or the code an item opens
    with ("<li><code>PENDING</code> indicates that …")."""
    items = {state_key(html.unescape(t)) for t in _LIST_ITEM.findall(doc) + _ITEM_HEAD.findall(doc)}
    return {v for v in values if state_key(v) in items}


def page_values(spec, page: str) -> set[str]:
    """Every enum value the spec cites from the page with source id ``page``."""
    return {v.value for enum in spec.enums for v in enum.values if any(c.source == page for c in v.cite)}


def score_html(services: tuple[str, ...], specs: dict[str, object]) -> Score:
    score = Score()
    for service in services:
        model = session().get_service_model(service)
        all_ops = set(model.operation_names)
        spec = specs.get(service)
        ops = {o.name: o for o in spec.operations} if spec else {}
        stated_ops = set()
        for op in model.operation_names:
            doc = model.operation_model(op).documentation or ""
            text = html.unescape(re.sub(r"<[^>]+>", " ", doc))
            words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", text))
            stated_ops |= {op} | (words & all_ops)
            shape = model.operation_model(op).input_shape
            members = set(shape.members) if shape is not None else set()
            found = ops.get(op)
            got = {(service, op, i.name) for i in (found.input if found else ())}
            score.add("input names", {(service, op, m) for m in stated_inputs(doc, members)}, got)
            # a string may state another operation's input ("the X parameter in Op"): the model's members
            # of that operation are right, though not owed by its own string
            score.also_true["input names"] |= {g for g in got if g[2] in members}
            values = enum_values(shape) | enum_values(model.operation_model(op).output_shape)
            got = page_values(spec, op) if spec else set()
            score.add("enum values", {(service, op, v) for v in stated_values(doc, values)},
                      judged(score, service, op, got, values))
        score.add("operations", {(service, op) for op in stated_ops}, {(service, op) for op in ops})
    return score


@lru_cache(maxsize=None)
def service_values(service: str) -> frozenset[str]:
    """Every enum value anywhere in a service's model, folded."""
    model = session().get_service_model(service)
    return frozenset(state_key(v) for name in model.shape_names for v in (getattr(model.shape_for(name), "enum", None) or []))


def judged(score: Score, service: str, op: str, got: set[str], values: set[str]) -> set:
    """Extracted values the model can judge: those that are enum values somewhere in the service;
    the rest go to `Score.unjudged`."""
    known = service_values(service)
    out = set()
    for v in got:
        if state_key(v) in known:
            out.add((service, op, _model_value(v, values)))
        else:
            score.unjudged["enum values"].add((service, op, v))
    return out


def _model_value(value: str, values: set[str]) -> str:
    """The model's spelling of a documented value (``CREATE PENDING`` → ``CREATE_PENDING``), if it has one."""
    for v in values:
        if state_key(v) == state_key(value):
            return v
    return value


# ---- speed -------------------------------------------------------------------------------------

def _timed(argv: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``argv`` from the project root: wall seconds, CPU seconds of it and its children (xdist workers),
    and the finished process. CPU time is what the run cost; wall time is noisy on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def time_verify(specs_dir: Path, workers: str) -> tuple[float, float, int]:
    """``harness verify --target botocore`` as a user runs it: wall and CPU seconds, and the number of
    results it wrote (which must be the loop's number of checks)."""
    with tempfile.TemporaryDirectory() as out:
        wall, cpu, done = _timed([sys.executable, "-m", "harness", "verify", str(specs_dir), "--target", "botocore",
                                  "--out", out, "--no-report", "-n", workers])
        written = Path(out) / "results.json"
        if done.returncode not in (0, 1) or not written.exists():
            raise SystemExit(f"verify -n {workers} failed (exit {done.returncode}):\n{done.stderr}")
        return wall, cpu, len(json.loads(written.read_text("utf-8"))["results"])


LOOP = """
import sys, time
from pathlib import Path
from harness.checks import execute, generate
from harness.spec import io as spec_io
from harness.targets import open_target
from harness.targets.botocore_model import service_model
start = time.perf_counter()
target = open_target("botocore")
count = 0
for path in sorted(Path(sys.argv[1]).rglob("*.json")):
    spec = spec_io.load(path)
    for check in generate(spec, target):
        execute(check)
        count += 1
info = service_model.cache_info()
print(count, time.perf_counter() - start, info.misses, info.hits)
"""
"""The same checks as verify: every spec loaded and validated, every check generated and judged."""


def time_loop(specs_dir: Path) -> tuple[float, float, int, int, int]:
    """Wall and CPU seconds, checks, and the loop's service-model cache misses (loads) and hits."""
    wall, cpu, done = _timed([sys.executable, "-c", LOOP, str(specs_dir)])
    if done.returncode != 0:
        raise SystemExit(f"the plain loop failed:\n{done.stderr}")
    count, _seconds, loads, hits = done.stdout.split()
    return wall, cpu, int(count), int(loads), int(hits)


def time_halves(specs_dir: Path) -> float:
    """Wall seconds of two ``harness verify -n 0`` processes at once, each on half of the spec files (split by
    the cost `harness.xdist_shard` plans with, whole files): what two cores give with no coordination at all,
    the ceiling for ``-n 2`` on this machine."""
    files = xdist_shard.spec_files([str(specs_dir)])
    _, owners = xdist_shard.assign([(xdist_shard.unit_cost(size, names, 1), path) for path, size, names in files], 2)
    with tempfile.TemporaryDirectory() as tmp:
        for path, (worker,) in owners.items():
            link = Path(tmp, f"half{worker}", os.path.relpath(path, specs_dir.resolve()))
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
        argv = [[sys.executable, "-m", "harness", "verify", str(Path(tmp, f"half{w}")), "--target", "botocore",
                 "--out", str(Path(tmp, f"out{w}")), "--no-report", "-n", "0"] for w in (0, 1)]
        start = time.perf_counter()
        running = [subprocess.Popen(a, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for a in argv]
        codes = [r.wait() for r in running]
        wall = time.perf_counter() - start
    if any(code not in (0, 1) for code in codes):
        raise SystemExit(f"verify -n 0 on half the specs failed (exits {codes})")
    return wall


def speed(specs_dir: Path, services: int, repeat: int) -> bool:
    """Part 2 of the docstring; prints the figures, returns whether every bar holds. Each of the three runs
    ``repeat`` times and its best wall time counts: the machines are noisy, and the best is the least disturbed."""
    print(f"\nmodel checks of {specs_dir} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"best of {repeat}, run by turns)")
    # As an installed package has its bytecode (this one may be an editable checkout, run where
    # PYTHONDONTWRITEBYTECODE is set): otherwise every process, and -n 2 starts three, compiles it again.
    compileall.compile_dir(str(ROOT / "harness"), quiet=1)
    loops, zeros, twos, halves = [], [], [], []
    for _ in range(repeat):  # by turns: a drift in the machine's speed meets all four alike
        loops.append(time_loop(specs_dir))
        zeros.append(time_verify(specs_dir, "0"))
        twos.append(time_verify(specs_dir, "2"))
        halves.append(time_halves(specs_dir))
    loop, loop_cpu, count, loads, hits = min(loops)
    zero, zero_cpu, zero_count = min(zeros)
    two, two_cpu, two_count = min(twos)
    print(f"  {count} checks; loop {loop:.1f}s (CPU {loop_cpu:.1f}s), verify -n 0 {zero:.1f}s (CPU {zero_cpu:.1f}s), "
          f"verify -n 2 {two:.1f}s (CPU {two_cpu:.1f}s, workers and controller)")
    print(f"  the loop loaded {loads} service models for {services} services ({hits} cache hits); "
          f"load average now {os.getloadavg()[0]:.1f}")
    print(f"  verify (pytest) / plain loop, CPU time: {zero_cpu / loop_cpu:.2f}")
    ceiling = zero / min(halves)
    print(f"  two verify -n 0 at once, on half the specs each: {min(halves):.1f}s, so -n 0 / that = {ceiling:.2f} "
          f"is what this machine's {os.cpu_count()} cores give with no coordination; -n 2 reaches "
          f"{zero / two / ceiling:.0%} of it")
    rows = [("verify results = loop checks", min(zero_count, two_count) / count, "=", 1.0,
             zero_count == two_count == count),
            ("verify (pytest) / plain loop", zero / loop, "≤", 2.0, zero / loop <= 2.0),
            ("-n 0 / -n 2 (speed-up)", zero / two, "≥", 1.5, zero / two >= 1.5),
            ("service models loaded / services", loads / services, "≤", 1.0, loads <= services)]
    for label, ratio, sign, bar, good in rows:
        print(f"  {label:<34} {ratio:6.2f}  bar {sign} {bar}  {'PASS' if good else 'FAIL'}")
    return all(good for *_, good in rows)


# ---- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", default=",".join(SERVICES))
    ap.add_argument("--misses", default=str(ROOT / "reports" / "accuracy-misses.txt"))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--no-speed", action="store_true", help="skip the timing part")
    ap.add_argument("--speed-only", metavar="SPECS_DIR", help="only the timing part, on specs extracted before")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs of each kind; the best counts (default 3)")
    args = ap.parse_args(argv)
    if args.speed_only:
        return 0 if speed(Path(args.speed_only), len(list(Path(args.speed_only).rglob("*.json"))), args.repeat) else 1
    services = tuple(s for s in args.services.split(",") if s)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rst = [p for s in services for p in write_rst(s, work)]
        pages = [p for s in services for p in write_html(s, work)]
        print(f"{len(services)} services; {len(rst)} RST pages, {len(pages)} HTML strings")
        protocols = sorted({session().get_service_model(s).metadata["protocol"] for s in services})
        print("protocols: " + ", ".join(protocols))
        results = {}
        for name, files, bar in (("boto3 RST", rst, RST_BAR), ("HTML strings", pages, HTML_BAR)):
            out = work / f"specs-{name.split()[0]}"
            start = time.perf_counter()
            outcome = pipeline.run([str(f) for f in files], out=out, jobs=args.jobs, keep_going=True, cache_dir=None,
                                   partial=True)
            for page in outcome.errors:
                print(f"  extraction error: {page.error}")
            pipeline.write(outcome, out)
            print(f"\n{name}: extracted in {time.perf_counter() - start:.1f}s")
            specs = load_specs(out)
            if name == "boto3 RST":
                texts = {(f.parent.name, op): f.read_text("utf-8") for f in files
                         for op in [_op_of(f.parent.name, f.stem)] if op}
                score = score_rst(services, specs, texts)
            else:
                score = score_html(services, specs)
            results[name] = (score, bar, out)
            for category in ("operations", "input names", "required flags", "enum values"):
                if name == "HTML strings" and category == "required flags":
                    print(f"  {category:<15} not stated by the HTML strings")
                    continue
                p, r, missed, extra = score.row(category)
                good = p >= bar and r >= bar
                ok &= good
                unjudged = len(score.unjudged.get(category, ()))
                print(f"  {category:<15} precision {p:7.2%}  recall {r:7.2%}  bar {bar:.0%}  "
                      f"{'PASS' if good else 'FAIL'}  ({len(missed)} missed, {len(extra)} extra"
                      + (f", {unjudged} not judged: no model enum" if unjudged else "") + ")")
        misses = Path(args.misses)
        misses.parent.mkdir(parents=True, exist_ok=True)
        with misses.open("w", encoding="utf-8") as fh:
            for name, (score, _bar, _out) in results.items():
                for category in score.truth:
                    _p, _r, missed, extra = score.row(category)
                    for item in missed:
                        fh.write(f"{name}\t{category}\tmissed\t{' '.join(map(str, item))}\n")
                    for item in extra:
                        fh.write(f"{name}\t{category}\textra\t{' '.join(map(str, item))}\n")
        print(f"\nevery miss: {misses}")
        if not args.no_speed:
            ok &= speed(results["boto3 RST"][2], len(services), args.repeat)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
