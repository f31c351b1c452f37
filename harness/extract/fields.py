"""Field records, the shared ground of inputs and outputs.

A field is documented in one of a few shapes, whatever the format:
- a parameter table: a header with a name column (Parameter, Name, Field) and any of
  Mandatory/Required, Type, Description (OTC reference pages, Markdown tables);
- an AWS API-reference record: a paragraph ``name`` / ``Type: String`` / ``Required: Yes``;
- a boto3 field list: ``:type X: string`` and ``:param X: **[REQUIRED]** …``;
- a syntax block: ``{"name": "string"}`` or ``client.op(Name='string')``.

`records(doc, scope, side)` yields them for "request" or "response" sections.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Iterator

from harness.docmodel import CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.extract.scope import Scope
from harness.extract.text import clean

REQUEST_WORDS = ("request", "uri", "path param", "query", "header", "input", "argument")
RESPONSE_WORDS = ("response", "output", "return", "result")
GENERIC_REQUEST_WORDS = ("parameter",)

_NAME_COLS = ("parameter", "name", "field", "property", "member", "key")
_REQ_COLS = ("mandatory", "required")
_TYPE_COLS = ("type", "data type")
_DESC_COLS = ("description", "meaning", "remarks")
_YES = {"yes", "true", "required", "mandatory", "y"}
_NO = {"no", "false", "optional", "n"}
_RECORD_TYPE = re.compile(r"^Type:\s*(?P<type>.+?)\s*$", re.M)
_RECORD_REQ = re.compile(r"^Required:\s*(?P<req>Yes|No)\b", re.M | re.I)
_IDENT = re.compile(r"^[A-Za-z_$][\w.$\-]*$")


@dataclass(frozen=True, slots=True)
class Record:
    name: str
    required: bool | None
    type: str | None
    location: str | None
    description: str
    line: int
    text: str
    """The words to cite."""
    operation: str | None


def side_of(trail: tuple[Section, ...], title: str | None = None, label: str | None = None) -> str | None:
    """"request" or "response": from the table title, the latest label (``**Response Syntax**``), then the
    enclosing section titles, nearest first; the bare word "parameters" counts as request only as a last resort."""
    names = [n for n in (title, label) if n] + [s.text for s in reversed(trail)]
    for name in names:
        low = name.lower()
        if any(w in low for w in RESPONSE_WORDS):
            return "response"
        if any(w in low for w in REQUEST_WORDS):
            return "request"
    if any(w in n.lower() for n in names for w in GENERIC_REQUEST_WORDS):
        return "request"
    return None


class Sides:
    """`side_of`, remembered per innermost section during one walk of one document (section titles are joined
    from their inlines on every read, and a walk asks once per block)."""

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str | None, str | None], str | None] = {}

    def __call__(self, trail: tuple[Section, ...], title: str | None = None, label: str | None = None) -> str | None:
        key = (id(trail[-1]) if trail else 0, title, label)
        if key not in self._memo:
            self._memo[key] = side_of(trail, title, label)
        return self._memo[key]


_LOCATIONS = (("query", "query"), ("header", "header"), ("body", "body"), ("path", "path"), ("uri", "path"))


def location_of(trail: tuple[Section, ...], title: str | None, name: str, uri: str | None) -> str | None:
    """Where a parameter goes: in the route's template → path; else what the nearest title says
    (the table's own title first, then the sections from the innermost out)."""
    if uri and "{" + name + "}" in uri:
        return "path"
    for words in [title or ""] + [s.text for s in reversed(trail)]:
        low = words.lower()
        for key, loc in _LOCATIONS:
            if key in low:
                return loc
    return None


def _col(header: tuple[str, ...], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        low = h.lower().strip()
        if any(low == n or low.startswith(n) for n in names):
            return i
    return None


def _yes_no(text: str) -> bool | None:
    low = text.strip().lower().rstrip(".")
    first = low.split()[0] if low.split() else ""
    return True if first in _YES else False if first in _NO else None


def table_records(doc: Document, scope: Scope, trail: tuple[Section, ...], table: Table,
                  uri: str | None) -> Iterator[Record]:
    header = table.header
    name_i = _col(header, _NAME_COLS)
    if name_i is None or (_col(header, _TYPE_COLS) is None and _col(header, _REQ_COLS) is None):
        return
    req_i, type_i, desc_i = _col(header, _REQ_COLS), _col(header, _TYPE_COLS), _col(header, _DESC_COLS)
    operation = scope.operation_at(trail)
    for row in table.body:
        cells = row.cells
        if name_i >= len(cells):
            continue
        name = clean(cells[name_i].text).split(" ")[0].strip("`*")
        if not name or not _IDENT.match(name):
            continue
        required = _yes_no(cells[req_i].text) if req_i is not None and req_i < len(cells) else None
        typ = clean(cells[type_i].text) if type_i is not None and type_i < len(cells) else None
        desc = clean(cells[desc_i].text) if desc_i is not None and desc_i < len(cells) else ""
        text = " | ".join(clean(c.text) for c in cells)
        yield Record(name, required, typ or None, location_of(trail, table.title, name, uri), desc,
                     cells[name_i].line, text, operation)


_RECORD_LINE = re.compile(r"^\s*(?:Type|Required|Valid Values|Length Constraints|Array Members|Valid Range):", re.M)


def record_head(p: Paragraph) -> str | None:
    """The field a record paragraph opens with (``**importMode**`` on a line of its own), or None."""
    first = next((i for i in p.inlines if i.text.strip()), None)
    if first is None or first.kind not in {"strong", "link", "code"}:
        return None
    name = first.text.strip().strip("*` ")
    return name if _IDENT.match(name) else None


def record_tail(block: ListBlock) -> Paragraph | None:
    """The rest of a record that a bullet list interrupted: the list's last paragraph, when its lines go on with
    ``Type:`` / ``Valid Values:`` / ``Required:`` (Markdown folds those lines into the last item)."""
    if not block.items:
        return None
    last = block.items[-1].blocks
    tail = last[-1] if last else None
    return tail if isinstance(tail, Paragraph) and _RECORD_LINE.search(tail.text) else None


def paragraph_record(scope: Scope, trail: tuple[Section, ...], p: Paragraph, uri: str | None,
                     tail: Paragraph | None = None) -> Record | None:
    """An API-reference record: a bold name line followed by Type:/Required: lines (in ``tail`` when a list
    interrupted the record, see `record_tail`)."""
    text = p.text
    if tail is not None:
        m = _RECORD_LINE.search(tail.text)
        text += "\n" + tail.text[m.start():].lstrip() if m else ""
    if "Type:" not in text and "Required:" not in text:
        return None
    name = record_head(p)
    if name is None:
        return None
    typ = _RECORD_TYPE.search(text)
    req = _RECORD_REQ.search(text)
    lines = text.split("\n")
    desc = clean(" ".join(ln for ln in lines[1:] if not re.match(r"^\s*(Type|Required|Length Constraints|Pattern|"
                                                                  r"Valid Values|Array Members|Valid Range):", ln)))
    required = None if req is None else req.group("req").lower() == "yes"
    return Record(name, required, clean(typ.group("type")) if typ else None,
                  location_of(trail, None, name, uri) or "body", desc, p.line, lines[0].strip() + (
                      f" … Required: {req.group('req')}" if req else ""), scope.operation_at(trail))


_FIELD = re.compile(r"^(?P<kind>type|param)\s+(?P<name>[A-Za-z_][\w]*)\s*:?\s*(?P<rest>.*)$", re.S)


def boto_field(text: str) -> tuple[str, str, str] | None:
    """":param X: **[REQUIRED]** …" → ("param", "X", rest); ":type X: string" → ("type", "X", "string")."""
    m = _FIELD.match(text.strip().lstrip(":"))
    return (m.group("kind"), m.group("name"), m.group("rest")) if m else None


def syntax_keys(block: CodeBlock) -> list[tuple[str, int]]:
    """Top-level keys of a JSON-ish or Python dict syntax block, with their lines."""
    code = block.code
    keys: list[tuple[str, int]] = []
    depth = 0
    for i, line in enumerate(code.splitlines()):
        stripped = line.strip()
        if depth == 1:
            m = re.match(r"""^["']([A-Za-z_][\w.\-]*)["']\s*:""", stripped)
            if m:
                keys.append((m.group(1), block.line + i))
        depth += _depth_change(stripped)
    return keys


def _depth_change(line: str) -> int:
    s = re.sub(r"""(["'])(?:\\.|(?!\1).)*\1""", "", line)
    return s.count("{") + s.count("[") - s.count("}") - s.count("]")


def call_keywords(code: str) -> list[tuple[str, str, int]]:
    """``x.method(Name=value, …)`` calls in Python code: (method, keyword, 0-based line)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            for kw in node.keywords:
                if kw.arg:
                    out.append((node.func.attr, kw.arg, kw.value.lineno - 1 if hasattr(kw.value, "lineno") else 0))
    return sorted(out, key=lambda t: t[2])


def is_json_object(code: str) -> bool:
    try:
        return isinstance(json.loads(code), dict)
    except ValueError:
        return False
