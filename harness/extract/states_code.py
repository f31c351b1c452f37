"""What example code says about a resource's states.

* **Polling loops.** A ``while``/``do`` loop that compares a status with constants and sleeps
  in some branches waits through those states; a branch that ends the loop without an error
  (``finished = True``, ``break``, ``return``) is the state it finishes on. Each waited state →
  each finishing state is an ``inferred`` transition whose trigger is the last operation call
  before the loop that is not a read (``stop_project_version``). A branch that raises or throws
  on a named state (``if status == "CREATE_FAILED": raise``) ends the loop too: the resource may
  end in that state, so it is a finishing state as well (a ``default:``/``else`` throw names none).
* **Status reads.** ``describe_x(...)['solutionVersion']`` then ``['status']`` (following
  assignments and ``for`` loops, a loop adding ``[]``) → status field
  ``solutionVersion.status`` and describe operation ``describe_x``. Java getter chains
  (``describeX(r).solutionVersion().status()``) give the describe operation only, since Java
  getters do not keep the field's wire spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harness.extract.states_common import READ_VERBS, as_operation, op_resource, op_verb

_PY_WHILE = re.compile(r"^(?P<indent>[ \t]*)while\b.*:\s*(?:#.*)?$")
_JAVA_LOOP = re.compile(r"^[ \t]*(?:do\s*\{|while\s*\(.*\)\s*\{)\s*$")
_PY_BRANCH = re.compile(r"^(?P<indent>[ \t]*)(?:if|elif)\s+(?P<cond>.+?):\s*(?:#.*)?$")
_JAVA_CASE = re.compile(r"^[ \t]*case\s+(?:[A-Za-z_]\w*\.)*(?P<state>[A-Z][A-Z0-9_]*)\s*:")
_JAVA_IF = re.compile(r"^[ \t]*(?:\}\s*else\s+)?if\s*\((?P<cond>.*)\)\s*\{?\s*$")
_JAVA_END_CASE = re.compile(r"^[ \t]*(?:case\b|default\s*:|\})")
_COMPARED = re.compile(r"""==\s*(?P<q>['"])(?P<a>[^'"]+)(?P=q)|\.equals\(\s*"(?P<b>[^"]+)"\s*\)"""
                       r"""|==\s*(?:[A-Z]\w*\.)+(?P<c>[A-Z][A-Z0-9_]*)\b""")
_IN_SET = re.compile(r"""\bin\s*[\(\[\{](?P<items>[^)\]}]*)[\)\]\}]""")
_QUOTED = re.compile(r"""(['"])([^'"]+)\1""")
_NEGATED = re.compile(r"!=|\bnot\b|!\s*\w+\.equals")
_SLEEP = re.compile(r"\bsleep\s*\(|\.wait\s*\(")
_FAIL = re.compile(r"\braise\b|\bthrow\b|\bexit\s*\(")
_FINISH = re.compile(r"\bbreak\b|\breturn\b|=\s*(?:True|true)\b")
_PY_CALL = re.compile(r"\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(")
_JAVA_CALL = re.compile(r"\.\s*([a-z]+(?:[A-Z][a-z0-9]*)+)\s*\(")

_STATUS_KEY = re.compile(r"""\[\s*(['"])(?P<key>status|Status|state|State)\1\s*\]""")
_EXPR_BEFORE = re.compile(r"""(?P<var>[A-Za-z_]\w*)(?P<keys>(?:\s*\[\s*(['"])[^'"]+\3\s*\])*)\s*$""")
_KEYS = re.compile(r"""\[\s*(['"])([^'"]+)\1\s*\]""")
_JAVA_STATUS = re.compile(r"\.\s*(?P<op>(?:describe|get)[A-Z]\w*)\s*\((?:[^()]|\([^()]*\))*\)"
                          r"(?:\s*\.\s*\w+\s*\(\s*\))*?"
                          r"\s*\.\s*status\s*\(\s*\)")


@dataclass(frozen=True, slots=True)
class Loop:
    """A polling loop: the states it waits through and the ones it finishes on."""

    waits: tuple[tuple[str, int, str], ...]
    """(state, line offset in the block, code line)."""
    finishes: tuple[tuple[str, int, str], ...]
    trigger: str | None
    """The last call before the loop that is not a read, as spelled in the code."""
    reader: str | None
    """A describe/get call inside the loop, as spelled."""


@dataclass(frozen=True, slots=True)
class StatusRead:
    describe: str
    """The describe operation as spelled in the code."""
    field: str | None
    line: int
    """Line offset in the block."""
    text: str


def loops(code: str) -> list[Loop]:
    """Every polling loop in ``code`` that waits through named states and finishes on others."""
    if "sleep" not in code and "wait" not in code:
        return []
    lines = code.split("\n")
    out = []
    for i, line in enumerate(lines):
        end = None
        if _PY_WHILE.match(line):
            end = _py_block_end(lines, i)
        elif _JAVA_LOOP.match(line):
            end = _brace_end(lines, i)
        if end is None:
            continue
        waits, finishes = _branches(lines, i + 1, end)
        if waits and finishes:
            reader = _reader(lines[i:end])
            trigger = _change_call(lines[:i], reader, True) or (
                _change_call(lines[end:], reader, False) if reader else None)
            out.append(Loop(tuple(waits), tuple(finishes), trigger, reader))
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _py_block_end(lines: list[str], start: int) -> int:
    base = _indent(lines[start])
    j = start + 1
    while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
        j += 1
    return j


def _brace_end(lines: list[str], start: int) -> int:
    depth = 0
    for j in range(start, len(lines)):
        depth += lines[j].count("{") - lines[j].count("}")
        if depth <= 0 and j > start:
            return j + 1
    return len(lines)


def _branches(lines: list[str], start: int, end: int) -> tuple[list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    waits: list[tuple[str, int, str]] = []
    finishes: list[tuple[str, int, str]] = []
    j = start
    while j < end:
        line = lines[j]
        states: list[str] = []
        body_end = j + 1
        m = _PY_BRANCH.match(line)
        if m:
            states = _compared(m.group("cond"))
            body_end = _py_block_end(lines, j)
        else:
            m = _JAVA_CASE.match(line)
            if m:
                states = [m.group("state")]
                body_end = j + 1
                while body_end < end and not _JAVA_END_CASE.match(lines[body_end]):
                    body_end += 1
            else:
                m = _JAVA_IF.match(line)
                if m:
                    states = _compared(m.group("cond"))
                    body_end = _brace_end(lines, j) if line.rstrip().endswith("{") else j + 2
        if states:
            body = "\n".join(lines[j + 1:body_end])
            kind = "wait" if _SLEEP.search(body) else "fail" if _FAIL.search(body) else \
                "finish" if _FINISH.search(body) else None
            if kind == "wait":
                waits.extend((s, j, line.strip()) for s in states)
            elif kind in ("finish", "fail"):
                finishes.extend((s, j, line.strip()) for s in states)
        j += 1
    return waits, finishes


def _compared(cond: str) -> list[str]:
    if _NEGATED.search(cond) or "status" not in cond.lower() and "state" not in cond.lower():
        return []
    found = [m.group("a") or m.group("b") or m.group("c") for m in _COMPARED.finditer(cond)]
    for m in _IN_SET.finditer(cond):
        found.extend(v for _q, v in _QUOTED.findall(m.group("items")))
    return found


def _calls(line: str) -> list[str]:
    return [m.group(1) for m in _PY_CALL.finditer(line)] + [m.group(1) for m in _JAVA_CALL.finditer(line)]


def _change_call(lines: list[str], reader: str | None, backwards: bool) -> str | None:
    """The nearest call that changes something (not a read); when the loop reads a resource, only a call
    on a related resource (``update_dataset_entries`` for ``describe_dataset``), so that helper calls such
    as ``parser.add_argument`` are never taken."""
    wanted = op_resource(reader) if reader else None
    for line in (reversed(lines) if backwards else lines):
        for spelled in (reversed(_calls(line)) if backwards else _calls(line)):
            name = as_operation(spelled)
            if not name or op_verb(name) in READ_VERBS or "Request" in name:
                continue
            resource = op_resource(name) or ""
            if wanted is None or wanted in resource or resource in wanted:
                return spelled
    return None


def _reader(lines: list[str]) -> str | None:
    for line in lines:
        for spelled in _calls(line):
            name = as_operation(spelled)
            if name and op_verb(name) in ("Describe", "Get"):
                return spelled
    return None


# ---- status reads -------------------------------------------------------------------------


def status_reads(code: str) -> list[StatusRead]:
    out: list[StatusRead] = []
    if "tatus" not in code and "tate" not in code:
        return out
    for m in _STATUS_KEY.finditer(code):
        expr = _EXPR_BEFORE.search(code, 0, m.start())
        if not expr:
            continue
        keys = [k for _q, k in _KEYS.findall(expr.group("keys"))]
        found = _resolve(code, expr.group("var"), expr.start(), 0)
        if found:
            describe, prefix = found
            line = code.count("\n", 0, m.start())
            path = ".".join(prefix + keys + [m.group("key")])
            out.append(StatusRead(describe, path, line, _line_at(code, m.start())))
    for m in _JAVA_STATUS.finditer(code):
        line = code.count("\n", 0, m.start())
        out.append(StatusRead(m.group("op"), None, line, _line_at(code, m.start())))
    return out


def _line_at(code: str, pos: int) -> str:
    start = code.rfind("\n", 0, pos) + 1
    end = code.find("\n", pos)
    return code[start:end if end >= 0 else len(code)].strip()


def _resolve(code: str, var: str, before: int, depth: int) -> tuple[str, list[str]] | None:
    """The describe call a Python variable's value comes from, and the keys taken from its response."""
    if depth > 4:
        return None
    assign = None
    for m in re.finditer(rf"(?m)^[ \t]*(?:{re.escape(var)}\s*=(?!=)|for\s+{re.escape(var)}\s+in\s+)", code[:before]):
        assign = m
    if assign is None:
        return None
    rhs = _statement(code, assign.end())
    looped = assign.group(0).lstrip().startswith("for")
    if looped:
        rhs = rhs.rstrip().rstrip(":")
    call = None
    for m in _PY_CALL.finditer(rhs):
        name = as_operation(m.group(1))
        if name and op_verb(name) in ("Describe", "Get"):
            call = m
    if call is not None:
        close = _close_paren(rhs, call.end() - 1)
        keys = [k for _q, k in _KEYS.findall(rhs[close:])] if close is not None else []
        base: tuple[str, list[str]] | None = (call.group(1), [])
    else:
        expr = re.match(r"""\s*(?P<var>[A-Za-z_]\w*)(?P<keys>(?:\s*\[\s*(['"])[^'"]+\3\s*\])*)\s*$""", rhs)
        if not expr or expr.group("var") == var:
            return None
        keys = [k for _q, k in _KEYS.findall(expr.group("keys"))]
        base = _resolve(code, expr.group("var"), assign.start(), depth + 1)
    if base is None:
        return None
    path = base[1] + keys
    if looped and path:
        path = path[:-1] + [path[-1] + "[]"]
    return base[0], path


def _statement(code: str, start: int) -> str:
    """From ``start`` to the end of the Python statement (newlines inside brackets kept)."""
    depth = 0
    for j in range(start, len(code)):
        ch = code[j]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "\n" and depth <= 0:
            return code[start:j]
    return code[start:]


def _close_paren(text: str, open_at: int) -> int | None:
    depth = 0
    for j in range(open_at, len(text)):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return None
