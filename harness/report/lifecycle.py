"""Lifecycle results drawn: the observed timeline over the documented state machine.

The convention for a lifecycle result's ``observed`` (any check family may use it)::

    {
      "timeline": [                        # every status read, in order
        {"t": 0.0, "state": "CREATE_PENDING"},
        {"t": 1.5, "state": "CREATE_IN_PROGRESS", "call": "StopWidgetVersionCreation"},
        {"t": 3.0, "state": "CREATE_STOPPED"}
      ],
      "failed_step": 2,                    # index into timeline of the step the docs do not allow, or null
      "resource": "SolutionVersion"        # optional: which of the service's state machines
    }

``t`` is seconds since the first call; ``state`` the status as the target returned it; ``call`` (optional)
the operation called just before this reading. Other fields may sit beside these and are shown in the
diff as usual. Leniency: ``timeline`` may also be a list of state names or of ``[t, state]`` pairs (as
harness.checks.lifecycle writes it today), and ``steps`` or ``states`` are read when ``timeline`` is
missing. When ``failed_step`` is absent and the result failed, the first reading the docs do not allow
is marked as the failing step. When ``resource`` is missing, the machine sharing most states with the
timeline is drawn.

`diagram` lays the machine out left to right (ranks by longest path, back edges drawn underneath),
highlights the observed path, marks the failing step, and returns plain geometry that the template turns
into inline SVG; states and moves the docs do not have are drawn dashed. Everything is data: no markup.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from harness.spec.model import Spec, StateMachine

CHAR_W = 7.4
"""Width of one character of the diagram's 12px monospace font."""
LABEL_W = 6.0
"""Width of one character of an edge label (10.5px sans-serif)."""
NODE_H = 28
PAD_X = 12
COL_GAP = 64
ROW_GAP = 18
MARGIN = 16.0


@dataclass(frozen=True, slots=True)
class Step:
    """One reading of the status."""

    index: int
    """Position in the observed timeline."""
    t: float | None
    """Seconds since the first call."""
    state: str
    """The status read."""
    call: str | None
    """The operation called just before, if the check says."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """A lifecycle result's observation."""

    steps: tuple[Step, ...]
    failed_step: int | None
    resource: str | None


@dataclass(frozen=True, slots=True)
class Node:
    name: str
    x: float
    y: float
    w: float
    documented: bool
    """A state the docs list."""
    initial: bool
    terminal: bool
    visits: tuple[int, ...]
    """The (1-based) row numbers of the timeline table at which the state was read."""
    failed: bool
    """The failing step read this state."""

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + NODE_H / 2


@dataclass(frozen=True, slots=True)
class Edge:
    src: str
    dst: str
    d: str
    """SVG path data."""
    label: str
    """The trigger (operation), or "" when the service moves by itself."""
    lx: float
    ly: float
    documented: bool
    observed: bool
    failed: bool
    inferred: bool
    """The docs imply the transition rather than state it."""


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the timeline table: consecutive equal readings folded together."""

    n: int
    """1-based row number (as drawn on the nodes)."""
    first: int
    """Index of the first step folded into the row."""
    count: int
    t_from: float | None
    t_to: float | None
    state: str
    call: str | None
    note: str
    """"" | "undocumented state" | "undocumented move from X" | "not allowed here"."""
    failed: bool


@dataclass(frozen=True, slots=True)
class Diagram:
    width: float
    height: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    rows: tuple[Row, ...]
    resource: str | None
    """The state machine drawn, or None when no documented machine matched."""
    loose_label_y: float | None
    """Where the caption for states without documented transitions goes, if there are any."""
    top: float = 0.0
    """The viewBox's minimum y (negative when edges arc above the nodes)."""


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _step(i: int, item: Any) -> Step | None:
    if isinstance(item, str):
        return Step(i, None, item, None)
    if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], str):
        return Step(i, _float(item[0]), item[1], None)
    if isinstance(item, dict):
        state = item.get("state", item.get("status"))
        if isinstance(state, str):
            call = item.get("call")
            return Step(i, _float(item.get("t")), state, call if isinstance(call, str) else None)
    return None


def timeline(observed: Any) -> Timeline | None:
    """The observation in ``observed``, if it follows the convention (leniently); else None."""
    if not isinstance(observed, dict):
        return None
    raw = next((observed[k] for k in ("timeline", "steps", "states") if isinstance(observed.get(k), list)), None)
    if not raw:
        return None
    steps = [_step(i, item) for i, item in enumerate(raw)]
    if any(s is None for s in steps):
        return None
    failed = observed.get("failed_step")
    failed = failed if isinstance(failed, int) and not isinstance(failed, bool) and 0 <= failed < len(raw) else None
    resource = observed.get("resource")
    return Timeline(tuple(s for s in steps if s is not None), failed, resource if isinstance(resource, str) else None)


def pick_machine(spec: Spec | None, observed: Timeline) -> StateMachine | None:
    """The machine named by the observation, else the one sharing most states with it."""
    if spec is None or not spec.state_machines:
        return None
    if observed.resource:
        named = next((m for m in spec.state_machines if m.resource == observed.resource), None)
        if named is not None:
            return named
    seen = {s.state for s in observed.steps}
    best = max(spec.state_machines, key=lambda m: len(seen & set(m.states)))
    return best if seen & set(best.states) else None


def _rows(tl: Timeline, documented: set[str], moves: set[tuple[str, str]], has_machine: bool) -> list[Row]:
    rows: list[Row] = []
    for step in tl.steps:
        failed = step.index == tl.failed_step
        if rows and rows[-1].state == step.state and not failed and not rows[-1].failed and step.call is None:
            last = rows[-1]
            rows[-1] = Row(last.n, last.first, last.count + 1, last.t_from, step.t, last.state, last.call,
                           last.note, False)
            continue
        note = ""
        if has_machine and step.state not in documented:
            note = "undocumented state"
        elif has_machine and rows and rows[-1].state != step.state and (rows[-1].state, step.state) not in moves:
            note = f"undocumented move from {rows[-1].state}"
        if failed and not note:
            note = "not allowed here"
        rows.append(Row(len(rows) + 1, step.index, 1, step.t, step.t, step.state, step.call, note, failed))
    return rows


def _ranks(names: list[str], edges: list[tuple[str, str]], roots: list[str]) -> dict[str, int]:
    """Longest-path layering after dropping the back edges a DFS from ``roots`` finds."""
    out_edges: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        if a != b and b not in out_edges[a]:
            out_edges[a].append(b)
    state: dict[str, int] = {}
    order: list[str] = []
    back: set[tuple[str, str]] = set()

    def visit(start: str) -> None:
        stack = [(start, iter(out_edges[start]))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((node, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(out_edges[nxt])))

    for root in roots + names:
        if root not in state:
            visit(root)
    rank = {n: 0 for n in names}
    for node in reversed(order):
        for nxt in out_edges[node]:
            if (node, nxt) not in back:
                rank[nxt] = max(rank[nxt], rank[node] + 1)
    return rank


def diagram(machine: StateMachine | None, tl: Timeline, failed: bool = False) -> Diagram:
    """The geometry of ``machine`` with ``tl`` drawn over it. For a ``failed`` result whose observation
    names no failing step, the first reading the docs do not allow is marked as the failing one."""
    documented = list(machine.states) if machine else []
    doc_moves: dict[tuple[str, str], tuple[str, bool]] = {}
    for tr in machine.transitions if machine else ():
        doc_moves.setdefault((tr.from_, tr.to), (tr.trigger or "", tr.confidence == "inferred"))
        for s in (tr.from_, tr.to):
            if s not in documented:
                documented.append(s)
    rows = _rows(tl, set(documented), set(doc_moves), machine is not None)
    if failed and tl.failed_step is None:
        first = next((i for i, r in enumerate(rows) if r.note), None)
        if first is not None:
            r = rows[first]
            rows[first] = Row(r.n, r.first, r.count, r.t_from, r.t_to, r.state, r.call, r.note, True)
    observed_moves: dict[tuple[str, str], str] = {}
    failed_move: tuple[str, str] | None = None
    for prev, row in pairwise(rows):
        if prev.state != row.state:
            observed_moves.setdefault((prev.state, row.state), row.call or "")
            if row.failed:
                failed_move = (prev.state, row.state)
    names = documented + [r.state for r in rows if r.state not in documented]
    names = list(dict.fromkeys(names))
    all_moves = list(doc_moves) + [m for m in observed_moves if m not in doc_moves]
    visited = {r.state for r in rows}
    connected = [n for n in names if n in visited or any(n in m for m in all_moves)]
    loose = [n for n in names if n not in connected]
    initial = set(machine.initial) if machine else set()
    incoming = {b for a, b in all_moves if a != b}
    roots = [n for n in connected if n in initial] or [n for n in connected if n not in incoming] or connected[:1]
    if rows and rows[0].state in connected and rows[0].state not in roots:
        roots.insert(0, rows[0].state)
    rank = _ranks(connected, all_moves, roots)

    columns: dict[int, list[str]] = defaultdict(list)
    for n in connected:
        columns[rank[n]].append(n)
    _order_columns(columns, all_moves)
    width = {n: len(n) * CHAR_W + 2 * PAD_X for n in names}
    gaps: dict[int, float] = defaultdict(lambda: COL_GAP)
    for (a, b) in all_moves:
        label = doc_moves.get((a, b), (observed_moves.get((a, b), ""), False))[0]
        if label and a in rank and b in rank and rank[b] == rank[a] + 1:
            gaps[rank[a]] = max(gaps[rank[a]], len(label) * LABEL_W + 28)
    col_x: dict[int, float] = {}
    x = MARGIN
    for c in sorted(columns):
        col_x[c] = x
        x += max(width[n] for n in columns[c]) + gaps[c]
    graph_w = x - gaps[max(columns)] + MARGIN if columns else 2 * MARGIN
    tallest = max((len(v) for v in columns.values()), default=0)
    graph_h = tallest * (NODE_H + ROW_GAP) - ROW_GAP if tallest else 0
    top = MARGIN + 14
    pos: dict[str, tuple[float, float]] = {}
    for c, members in columns.items():
        h = len(members) * (NODE_H + ROW_GAP) - ROW_GAP
        y0 = top + (graph_h - h) / 2
        for i, n in enumerate(members):
            colw = max(width[m] for m in members)
            pos[n] = (col_x[c] + (colw - width[n]) / 2, y0 + i * (NODE_H + ROW_GAP))

    bottom = top + graph_h
    back_depth = 0
    over_depth = 0
    ceiling = top
    edges: list[Edge] = []
    for a, b in all_moves:
        if a not in pos or b not in pos:
            continue
        documented_move = (a, b) in doc_moves
        label, inferred = doc_moves.get((a, b), (observed_moves.get((a, b), ""), False))
        ax, ay = pos[a]
        bx, by = pos[b]
        if a == b:
            cx = ax + width[a] / 2
            d = f"M{cx - 8:.1f},{ay:.1f} C{cx - 22:.1f},{ay - 26:.1f} {cx + 22:.1f},{ay - 26:.1f} {cx + 8:.1f},{ay:.1f}"
            lx, ly = cx, ay - 24
        elif rank[b] > rank[a] + 1 and _blocked(pos, width, a, b):
            over_depth += 1
            high = min(ay, by) - 22 - 16 * over_depth
            ceiling = min(ceiling, high)
            x1, y1 = ax + width[a] * 0.6, ay
            x2, y2 = bx + width[b] * 0.4, by
            d = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{high:.1f} {x2:.1f},{high:.1f} {x2:.1f},{y2:.1f}"
            lx, ly = (x1 + x2) / 2, high + 0.75 * (min(ay, by) - high) - 4
        elif rank[b] > rank[a]:
            x1, y1 = ax + width[a], ay + NODE_H / 2
            x2, y2 = bx, by + NODE_H / 2
            dx = max((x2 - x1) / 2, 20)
            d = f"M{x1:.1f},{y1:.1f} C{x1 + dx:.1f},{y1:.1f} {x2 - dx:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
            lx, ly = (x1 + x2) / 2, (y1 + y2) / 2 - 5
        else:
            back_depth += 1
            low = bottom + 18 + 14 * back_depth
            x1, y1 = ax + width[a] / 2, ay + NODE_H
            x2, y2 = bx + width[b] / 2, by + NODE_H
            d = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
            lx, ly = (x1 + x2) / 2, low - 12 * 0.75 + 4
        edges.append(Edge(a, b, d, label, lx, ly, documented_move, (a, b) in observed_moves,
                          (a, b) == failed_move, inferred))
    bottom += (18 + 14 * back_depth + 8) if back_depth else 0

    visits: dict[str, list[int]] = defaultdict(list)
    failed_states = {r.state for r in rows if r.failed}
    for r in rows:
        visits[r.state].append(r.n)
    loose_label_y = None
    if loose:
        loose_label_y = bottom + 26
        y = loose_label_y + 10
        x = MARGIN
        limit = max(graph_w, 640.0)
        for n in loose:
            if x + width[n] > limit - MARGIN and x > MARGIN:
                x, y = MARGIN, y + NODE_H + 10
            pos[n] = (x, y)
            x += width[n] + 10
        bottom = y + NODE_H
        graph_w = max(graph_w, min(limit, max(pos[n][0] + width[n] for n in loose) + MARGIN))
    terminal = set(machine.terminal) if machine else set()
    nodes = tuple(Node(n, pos[n][0], pos[n][1], width[n], n in documented, n in initial, n in terminal,
                       tuple(visits.get(n, ())), n in failed_states) for n in names)
    # Observed edges last, so they are drawn over the documented ones.
    edges.sort(key=lambda e: (e.observed, e.failed))
    top_y = min(0.0, ceiling - MARGIN)
    return Diagram(round(graph_w, 1), round(bottom + MARGIN - top_y, 1), nodes, tuple(edges), tuple(rows),
                   machine.resource if machine else None, loose_label_y, round(top_y, 1))


def _blocked(pos: dict[str, tuple[float, float]], width: dict[str, float], a: str, b: str) -> bool:
    """Would a straight curve from ``a`` to ``b`` run through another node?"""
    (ax, ay), (bx, by) = pos[a], pos[b]
    x1, x2 = ax + width[a], bx
    for n, (x, y) in pos.items():
        if n in (a, b) or x + width[n] < x1 or x > x2:
            continue
        mid = (x + width[n] / 2 - x1) / max(x2 - x1, 1)
        line_y = ay + (by - ay) * mid
        if y - 6 <= line_y + NODE_H / 2 <= y + NODE_H + 6:
            return True
    return False


def _order_columns(columns: dict[int, list[str]], moves: list[tuple[str, str]]) -> None:
    """Reorder each column by the mean position of its neighbours in the previous one (two sweeps)."""
    preds: dict[str, list[str]] = defaultdict(list)
    for a, b in moves:
        if a != b:
            preds[b].append(a)
    for _ in range(2):
        index = {n: i for members in columns.values() for i, n in enumerate(members)}
        for c in sorted(columns)[1:]:
            here = set(columns[c])

            def key(n: str, index: dict[str, int] = index, here: set[str] = here) -> float:
                ps = [index[p] for p in preds[n] if p in index and p not in here]
                return sum(ps) / len(ps) if ps else index[n]
            columns[c].sort(key=key)
