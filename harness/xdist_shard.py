"""pytest-xdist by shares: each worker collects and runs its own share of the spec files.

Model checks take a tenth of a millisecond. Under xdist's own schedulers every worker collects every spec
(loads, validates and generates checks for all of them: half of a large run's work, done once per worker),
and every check sends its report to the controller, whose handling of it costs more than the check. With
``--harness-shard`` (`HarnessRun` decides when it applies) the controller plans, before the workers start,
which worker takes which spec files (`plan`: by size, a large file cut into parts that several workers
share, check by check); a worker collects only its share; `ShardScheduling` has each worker run all it
collected, as soon as it has collected it; the worker runs it in a loop of its own (`run`), not through
xdist's per-item queue; and a worker sends each check's result, not its report, in batches
(`harness.xdist_batch`), as a row (`row`) that holds the result written out (`harness.results.Rendered`):
the controller keeps it as it came and writes it as it is. Checks that fail or end in error still report through pytest (so ``-x``
and ``--junitxml`` see them).

A file the plan did not list (say, one pytest found in a place the planner does not look) goes to one
worker by a hash of its path, so every file is collected by exactly one worker. A crashed worker's share
goes to the worker xdist starts in its place, which runs again every check whose result had not arrived:
results travel in batches, so which check the crash came in is not known. That worker is careful: it sends
each result as soon as it has it, so if it crashes too, the check it crashed in is known, and reported.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.results import Rendered, Result, SpecRef

PER_BYTE = 1.2e-7
"""Seconds a worker spends per byte of a spec it holds any part of: reading and validating it, and what grows
with the text rather than the count of checks."""
PER_NAME_SHARED = 8e-5
PER_NAME = 1.3e-4
"""Seconds per ``"name"`` key in a spec (about one check in two): generating the checks, which every part of
the file pays in full, and making and running the items, which its parts divide. The three are a least-squares
fit of each file's CPU time (parse, collection and run, in one ``-n 0`` process) on ``benchmarks/accuracy.py``'s
17 services: with 7e-8 per byte, the one 18 MB file's worker had a tenth more to do than the other."""


def unit_cost(size: int, names: int, parts: int) -> float:
    """What one of ``parts`` parts of a spec of ``size`` bytes with ``names`` name keys costs a worker."""
    return size * PER_BYTE + names * (PER_NAME_SHARED + PER_NAME / parts)


@dataclass(frozen=True, slots=True)
class Share:
    """One worker's share of a plan: the files it takes whole or in part."""

    index: int
    """This worker's place in the plan, 0 ≤ index < count."""
    count: int
    owners: dict[str, list[int]]
    """Absolute path → the worker index of each part (one entry: the file is taken whole)."""
    careful: bool = False
    """Taken over from a crashed worker: send each result at once."""

    def part(self, path: str | os.PathLike[str]) -> tuple[int, int] | None:
        """(part, parts) of the file this worker takes, or None when it takes none of it."""
        full = os.path.abspath(path)
        owners = self.owners.get(full)
        if owners is None:  # not planned: one worker, by a hash that every worker computes alike
            return (0, 1) if zlib.crc32(full.encode("utf-8")) % self.count == self.index else None
        return (owners.index(self.index), len(owners)) if self.index in owners else None

    def to_input(self) -> dict[str, Any]:
        """What xdist hands the worker (``workerinput``: plain values only)."""
        return {"index": self.index, "count": self.count, "owners": self.owners, "careful": self.careful}

    @classmethod
    def from_input(cls, data: dict[str, Any]) -> Share:
        return cls(int(data["index"]), int(data["count"]), {k: list(v) for k, v in data["owners"].items()},
                   bool(data.get("careful")))


def takes(index: int, part: tuple[int, int]) -> bool:
    """Whether the part (part, parts) of a spec file holds its ``index``-th check: every parts-th, from the
    part-th on (what a worker collects, and what the controller makes errors of when it could not)."""
    return index % part[1] == part[0]


def spec_files(args: Iterable[str], skip: Callable[[str], bool] | None = None) -> list[tuple[str, int, int]]:
    """The files given and the ``*.json`` files in the folders given, with their sizes and the number of
    ``"name"`` keys in them (checks grow with it; counting costs a read, not a parse): what workers may
    collect as specs (``skip(path)`` drops files found in a folder that the plugin would not read). Paths that
    cannot be read are left out; the worker that collects them reports them."""
    found: dict[str, tuple[int, int]] = {}
    for arg in args:
        path = Path(arg.split("::")[0])
        if path.is_file():
            candidates = [(path, False)]
        else:
            candidates = [(f, True) for f in sorted(path.rglob("*.json"))] if path.is_dir() else []
        for file, in_folder in candidates:
            full = os.path.abspath(file)
            if full in found or (in_folder and skip is not None and skip(full)):
                continue
            try:
                data = file.read_bytes()
            except OSError:
                continue
            found[full] = (len(data), data.count(b'"name"'))
    return [(path, size, names) for path, (size, names) in sorted(found.items())]


def assign(units: list[tuple[float, str]], workers: int) -> tuple[list[float], dict[str, list[int]]]:
    """Longest unit first, each to the least loaded worker that holds no other part of its file."""
    loads = [0.0] * workers
    owners: dict[str, list[int]] = {}
    for cost, path in sorted(units, key=lambda u: (-u[0], u[1])):
        held = owners.setdefault(path, [])
        worker = min((w for w in range(workers) if w not in held), key=lambda w: (loads[w], w))
        loads[worker] += cost
        held.append(worker)
    return loads, owners


def plan(files: Sequence[tuple[str, int, int]], workers: int) -> dict[str, list[int]]:
    """Path → the worker of each of its parts, for (path, size, names) files (`spec_files`). Files are taken
    whole while that balances the workers; otherwise the file behind the most loaded worker's largest unit is
    cut into one more part, as long as that lowers the most loaded worker's cost."""
    if not files:
        return {}
    parts = dict.fromkeys((path for path, _, _ in files), 1)
    sizes = {path: (size, names) for path, size, names in files}

    def cost(path: str) -> float:
        return unit_cost(*sizes[path], parts[path])

    def units() -> list[tuple[float, str]]:
        return [(cost(p), p) for p, n in parts.items() for _ in range(n)]

    loads, owners = assign(units(), workers)
    while True:
        busiest = max(range(workers), key=lambda w: (loads[w], -w))
        mine = [p for p, held in owners.items() if busiest in held and parts[p] < workers]
        if not mine:
            break
        widest = max(mine, key=lambda p: (cost(p), p))
        parts[widest] += 1
        trial_loads, trial_owners = assign(units(), workers)
        if max(trial_loads) >= max(loads):
            parts[widest] -= 1
            break
        loads, owners = trial_loads, trial_owners
    return owners


def row(label: str, spec: SpecRef, result: Result | None) -> tuple[list[Any] | None, str, str]:
    """A check's row, as `harness.xdist_batch.Batcher.row` sends it: a JSON head (target label, spec, and what
    a summary counts; None for an item that ended without a result), then the result's line in results.json
    and its JUnit testcase."""
    if result is None:
        return None, "", ""
    done = Rendered.of(result)
    return [label, spec.path, spec.sha256, done.id, done.verdict, done.duration_s, done.left_behind], done.line, \
        done.case


def read_rows(heads: list[Any], texts: list[list[str]]) -> Iterator[tuple[str, SpecRef, Rendered] | None]:
    """(target label, spec, result) of each row of a batch; None for an item that ended without a result."""
    specs: dict[tuple[str, str], SpecRef] = {}
    for head, line, case in zip(heads, *texts):
        if head is None:
            yield None
            continue
        label, path, sha256, result_id, verdict, duration, left_behind = head
        spec = specs.get((path, sha256))
        if spec is None:
            spec = specs[path, sha256] = SpecRef(path, sha256)
        yield label, spec, Rendered(result_id, verdict, duration, tuple(left_behind), line, case)


def orders(channel: Any, count: int) -> list[int]:
    """The indices of the items the controller tells this worker to run, read off xdist's channel up to its
    shutdown command (`ShardScheduling.schedule` sends both at once); ``count`` is the number collected."""
    import execnet  # an xdist worker has it

    indices: list[int] = []
    while True:
        try:
            command = channel.receive()
        except (EOFError, execnet.RemoteError):  # the controller is gone: nothing more will come
            return indices
        name, kwargs = command if isinstance(command, tuple) and len(command) == 2 else ("shutdown", {})
        if name == "runtests_all":
            indices.extend(range(count))
        elif name == "runtests":
            indices.extend(kwargs["indices"])
        elif name == "shutdown":
            return indices


def run(session: Any, interactor: Any) -> None:
    """A worker's share, run in one loop in place of xdist's (`orders` says which items): xdist's worker puts
    each index in a queue from its receiver thread and takes it out under a lock, with an event set and
    cleared and the process title written twice, per item, which cost more than a model check. Each item
    still goes through the ``pytest_runtest_protocol`` hook; xdist's report hook reads ``item_index``."""
    items = session.items
    order = orders(interactor.channel, len(items))
    protocol = session.config.hook.pytest_runtest_protocol
    for place, index in enumerate(order):
        interactor.item_index = index
        following = items[order[place + 1]] if place + 1 < len(order) else None
        protocol(item=items[index], nextitem=following)
        if session.shouldfail or session.shouldstop:
            break


class ShardScheduling:
    """An xdist scheduler for shares: each node runs every item it collected (its collections differ, so
    nothing is compared), then shuts down; it starts as soon as its own collection is in, not once every
    node's is (xdist calls `schedule` whenever `collection_is_completed` holds). Completion is counted from
    the results a node sends (`completed`), or from xdist's per-item events where a worker sends those
    instead."""

    def __init__(self, numnodes: int, session: Any = None, log: Any = None) -> None:
        self.numnodes = numnodes
        self.session = session
        """The controller's session: xdist sets its count of collected items to each node's in turn, which with
        shares is the sum (`add_node_collection`)."""
        self.log = log
        self.node2collection: dict[Any, list[str]] = {}
        self.node2pending: dict[Any, list[int] | None] = {}
        """Indices a node is to run; None until its collection is in (then all of it, or what a crashed node
        with the same share left)."""
        self.node2done: dict[Any, int] = {}
        self.removed: dict[int, tuple[Any, list[int]]] = {}
        """Share index → a crashed node with that share, and what it left to run."""
        self.started: list[Any] = []
        self.shares_in: set[int] = set()
        """Shares whose collection some node has sent."""
        self.all_collected = False
        """As many collections in as xdist started nodes."""

    @staticmethod
    def share_of(node: Any) -> int:
        return int(node.workerinput["harness_share"]["index"])

    @property
    def nodes(self) -> list[Any]:
        return list(self.node2pending)

    def _left(self, node: Any) -> list[int]:
        pending = self.node2pending.get(node) or []
        return pending[self.node2done.get(node, 0):]

    @property
    def tests_finished(self) -> bool:
        return (self.all_collected and not self.removed
                and all(node in self.started and not self._left(node) for node in self.node2pending))

    @property
    def has_pending(self) -> bool:
        return any(self._left(node) for node in self.node2pending)

    @property
    def collection_is_completed(self) -> bool:
        """What xdist asks before it calls `schedule`: here, whether any node's collection is in (each node
        starts on its own; a node that collects quicker does not wait for the others)."""
        return bool(self.node2collection)

    def add_node(self, node: Any) -> None:
        self.node2pending[node] = None
        self.node2done[node] = 0

    def add_node_collection(self, node: Any, collection: Sequence[str]) -> None:
        self.node2collection[node] = list(collection)
        _, left = self.removed.pop(self.share_of(node), (None, None))
        self.node2pending[node] = left if left is not None and max(left, default=-1) < len(collection) \
            else list(range(len(collection)))
        if left is None and self.share_of(node) in self.shares_in:  # a replacement whose crashed node left nothing
            self.node2pending[node] = []
        self.shares_in.add(self.share_of(node))
        if len(self.node2collection) >= self.numnodes:
            self.all_collected = True
        if self.session is not None:  # a crashed node's collection is its replacement's: not counted twice
            live = [c for n, c in self.node2collection.items() if n in self.node2pending]
            self.session.testscollected = sum(len(c) for c in live)

    def completed(self, node: Any, count: int = 1) -> None:
        """``count`` more of the node's items have run (called from the node's receiver thread)."""
        self.node2done[node] = self.node2done.get(node, 0) + count

    def mark_test_complete(self, node: Any, item_index: int, duration: float = 0) -> None:
        self.completed(node)

    def mark_test_pending(self, item: str) -> None:
        raise NotImplementedError("shares are fixed: an item cannot move to another worker")

    def remove_pending_tests_from_node(self, node: Any, indices: Sequence[int]) -> None:
        raise NotImplementedError("shares are fixed: an item cannot move to another worker")

    def remove_node(self, node: Any) -> str | None:
        """Forget a node. When it went down with items left, those wait for the node that takes its share; a
        careful node (`Share.careful`) crashed in the first of them, which is returned (xdist reports it) and
        not run again."""
        left = self._left(node)
        self.node2pending.pop(node)
        self.node2done.pop(node, None)
        if node in self.started:
            self.started.remove(node)
        if not left:
            return None
        careful = bool(node.workerinput["harness_share"].get("careful"))
        rest = left[1:] if careful else left
        if rest:
            self.removed[self.share_of(node)] = (node, rest)
        return self.node2collection[node][left[0]] if careful else None

    def never_run(self) -> list[str]:
        """The items that crashed nodes left and no node took over (xdist starts only so many replacements)."""
        return [self.node2collection[node][i] for node, left in self.removed.values() for i in left]

    def schedule(self) -> None:
        for node, pending in self.node2pending.items():
            if node in self.started or pending is None:
                continue
            if pending == list(range(len(self.node2collection[node]))):
                node.send_runtest_all()
            elif pending:
                node.send_runtest_some(pending)
            node.shutdown()
            self.started.append(node)
