"""Enum values, each cited where it is written.

Where the values come from, and the enum's name (``EnumValue.enum``):

* **SDK syntax in code** — ``'Status': 'RUNNING'|'STOPPED'`` (or ``Status='A'|'B'`` in a
  request): ``<Operation>.<dotted field path>``, the operation being the one the section is
  about in PascalCase and the path the keys enclosing the field, lists included without a
  marker: ``DescribeProjectVersions.ProjectVersionDescriptions.Status``. **The outputs
  extractor names ``OutputField.enum`` by this same rule.**
* **A resource's states** — "A solution version can be in one of the following states:" or
  "The status of the batch job. The status is one of the following values:" and a list:
  ``<Resource>.<field>``, Resource the noun phrase in PascalCase (see
  `states_common.resource_of`) and field the field the paragraph describes (``status`` when
  none). Each such list also yields a `StateMachineInfo` linking the resource to the enum,
  with ``Describe<Resource>`` as the describe operation when the document mentions it.
* **Values of a documented field** — "Valid Values: A | B" lines and "One of the following
  values:" lists under a field heading (`` ** status ** `` in API reference pages):
  ``<PageTitle>.<field>``.
* **Table cells** — a Description cell listing "Options:", "Enums:", "The options are:",
  "The value can be **A** or **B**": ``<Operation>.<field>``, with the field in the row's first
  column; rows of a table that describes a nested object (its title names the object,
  "Table 4 Status") are ``<Operation>.<Object>.<field>``. A list that no "Options:" introduces
  counts when the text before it names one of its items as the default ("The default value is
  timing." then "- timing: …", "- idle: …").
* **Alternatives in a guide** — a list item opening with an argument's name and giving its values
  in code, "`dataset_type` — the type of dataset (`TRAIN` or `TEST`)": ``<Operation>.<argument>``,
  the operation being the one whose example calls in the section pass that argument.
* **Kinds on a reference page** — "… can detect the following types of PPE." then bare items
  ("Face cover", "Hand cover"): ``<Operation>.<Noun>``.

Values must look like constants: uppercase words (``CREATE IN_PROGRESS``), a lowercase or
snake_case token, or a single capitalised token or acronym in an introduced list; each spelling is kept
as written (the spec builder folds ``CREATE PENDING`` and ``CREATE_PENDING``). Lists with
any item that is not such a value are left out whole, as are true/false and numbers.
"""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Block, Cell, CodeBlock, Document, ListBlock, ListItem, Paragraph, Section, Table
from harness.extract.codeindex import index_of
from harness.extract.facts import EnumValue, Fact, StateMachineInfo
from harness.extract.fields import record_tail
from harness.extract.scope import Scope, is_operation_name, title_operation
from harness.extract.states_common import (
    CONST_RE,
    NP,
    STATE_INTRO,
    STATUS_FIELD,
    DocIndex,
    chain,
    describe_operation,
    doc_index,
    field_heading,
    first_line,
    is_const,
    list_resource,
    np_resource,
    singular,
)
from harness.extract.text import cite, pascal

_VALUE_INTRO = re.compile(
    r"(?i)(?:one\s+of\s+the\s+following(?:\s+values)?|following\s+(?:values|states|statuses|options)"
    r"|(?:valid|possible|allowed|enumerated)\s+values?(?:\s+are)?|the\s+options\s+are|options|enums?"
    r"|the\s+value\s+(?:can|must)\s+be(?:\s+one\s+of)?|values?\s+include)(?:\s+(?:are\s+)?as\s+follows)?\s*:\s*$")
_INLINE_VALUES = re.compile(
    r"(?i)\b(?:the\s+)?(?:value|values|options?)\s+(?:can\s+be|could\s+be|must\s+be|is\s+one\s+of|are|include)"
    r"(?:\s+one\s+of)?\b")
_GAP = re.compile(r"[\s:]*(?:the\s+following(?:\s+values)?)?[\s:]*", re.IGNORECASE)
"""What may stand between "The value can be" and its first value."""
_VALID_VALUES = re.compile(r"(?m)^[ \t]*Valid Values\s*:\s*(?P<values>.+?)\s*$")
_IDENT = re.compile(r"^[A-Za-z_][\w.\-]*$")
_STATUS_WORD = re.compile(r"\b(?:status|state)\b", re.IGNORECASE)
_LOWER = re.compile(r"^[a-z][a-z0-9]*(?:[_\-.][a-z0-9]+)*$")
_CAPITAL = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z\-][A-Za-z0-9]*)*$")
_ITEM_HEAD = re.compile(r"^(?P<head>[^:(–—]+?)\s*(?::|\s[-–—]\s|\(|$)")
_NOT_VALUES = frozenset({"true", "false", "null", "none", "string", "yes", "no"})

_SYNTAX_VALUES = re.compile(r"""^\[?\s*(?P<q>['"])(?P<first>[^'"]*)(?P=q)(?P<more>(?:\s*\|\s*(?P=q)[^'"]*(?P=q))+)""")
_SYNTAX_KEY = re.compile(r"""^\s*(?:'(?P<k1>[^']+)'|"(?P<k2>[^"]+)"|(?P<k3>[A-Za-z_]\w*))\s*[:=]\s*(?P<rest>.*)$""")
_SINGLE_VALUE = re.compile(r"""^\[?\s*'(?P<v>[^'\s]+)'\s*,?\s*\]?\s*,?\s*$""")
"""boto3 syntax writes a one-value enum as that value (``'Mode': 'PER_TENANT'``); other strings are 'string'."""
_QUOTED = re.compile(r"""(['"])([^'"]*)\1""")
_TABLE_NUMBER = re.compile(r"^\s*(?:Table\s*\d+[.:]?)\s*", re.I)
_NAME_HEADERS = ("parameter", "name", "field", "attribute", "property", "key")
_VALUE_HEADERS = ("status", "state", "value", "enumerated value", "enum value", "valid value", "status value")
_STATES_OF = re.compile(rf"(?:status(?:es)?|states?)\s+of\s+(?:an?|the)\s+{NP}", re.IGNORECASE)
_NOUN_STATES = re.compile(rf"\b{NP}\s+(?:status(?:es)?|states)\b", re.IGNORECASE)


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    index = doc_index(doc, scope)
    yield from _visit(doc, index, doc.blocks, ())


def _visit(doc: Document, index: DocIndex, blocks: tuple[Block, ...], trail: tuple[Section, ...],
           in_cell: bool = False) -> Iterator[Fact]:
    """Every block once; inside table cells only code and nested tables (`_table` reads the cells)."""
    prev: Paragraph | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if not in_cell and "Valid Values" in block.text:
                yield from _valid_values(doc, index, trail, block)
            if not in_cell and " or " in block.text and block.inlines and block.inlines[0].kind == "code":
                yield from _alternatives(doc, index, trail, block)
            prev = block
            continue
        if isinstance(block, Section):
            yield from _visit(doc, index, block.blocks, trail + (block,), in_cell)
        elif isinstance(block, ListBlock):
            if prev is not None and not in_cell:
                yield from _listed(doc, index, trail, prev, block)
                tail = record_tail(block)
                if tail is not None and "Valid Values" in tail.text:
                    yield from _valid_values(doc, index, trail, tail, field_heading(prev))
            for item in block.items:
                yield from _visit(doc, index, item.blocks, trail, in_cell)
        elif isinstance(block, CodeBlock):
            if "|" in block.code:
                yield from _syntax(doc, index, trail, block)
        elif isinstance(block, Table):
            yield from _table(doc, index, trail, block)
            yield from _value_table(doc, index, trail, block, prev)
            for row in block.rows:
                for cell in row.cells:
                    yield from _visit(doc, index, cell.blocks, trail, True)
        prev = None


# ---- lists after an introducing paragraph ------------------------------------------------


def _page_name(doc: Document, index: DocIndex, trail: tuple[Section, ...]) -> str | None:
    title = doc.title.strip()
    if _IDENT.match(title):
        return title
    own = index.scope.operation_at(trail)
    return pascal(own) if own else None


def _listed(doc: Document, index: DocIndex, trail: tuple[Section, ...], intro: Paragraph,
            block: ListBlock) -> Iterator[Fact]:
    text = intro.text.strip()
    last = text.rsplit("\n", 1)[-1]
    state = STATE_INTRO.search(last)
    if not (state or _VALUE_INTRO.search(last)):
        yield from _kinds(doc, index, trail, last, block)
        yield from _defined_terms(doc, index, trail, intro, block)
        return
    values = _item_values(block)
    if not values:
        return
    field = field_heading(intro)
    if state or _STATUS_WORD.search(last):
        resource = list_resource(intro, index.scope.operation_at(trail))
        if not resource:
            return
        name = f"{resource}.{field if field and STATUS_FIELD.search(field) else 'status'}"
        line = intro.line_of(text.rfind(last)) if last in text else intro.line
        yield StateMachineInfo(resource, name, None, describe_operation(resource, index), cite(doc, line, last))
    elif field:
        page = _page_name(doc, index, trail)
        if not page:
            return
        name = f"{page}.{field}"
    else:
        return
    for spelling, line, said in values:
        yield EnumValue(name, spelling, cite(doc, line, said))


_KINDS_INTRO = re.compile(r"(?i)\bthe\s+following\s+(?:types|kinds|categories)\s+of\s+(?P<noun>[A-Za-z][\w-]*"
                          r"(?:\s+[A-Za-z][\w-]*){0,2})\s*[.:]\s*$")
_PHRASE = re.compile(r"^[A-Z][a-z]+(?:[ -][a-z]+){0,2}$")


def _kinds(doc: Document, index: DocIndex, trail: tuple[Section, ...], last: str,
           block: ListBlock) -> Iterator[Fact]:
    """On a reference page, "… detects the following types of PPE." then bare items ("Face cover", "Hand cover"):
    the kinds an operation tells apart, ``<Operation>.<Noun>``. Guides list kinds of everything, so only an
    operation's own page counts."""
    m = _KINDS_INTRO.search(last)
    operation = index.scope.operation_at(trail)
    if not m or not operation or len(block.items) < 2:
        return
    items = [(first_line(item.text).strip(), item.line) for item in block.items]
    if not all(_PHRASE.match(t) or is_value(t, introduced=True) for t, _line in items):
        return
    name = f"{pascal(operation)}.{pascal(m.group('noun'))}"
    for value, line in items:
        yield EnumValue(name, value, cite(doc, line, value))


_TERMS_INTRO = re.compile(r"(?i)\b(?:the\s+following|(?:two|three|four|five|six)|available)\b[^.:]*(?::\s*)+$")
_TERMS_NOUN = re.compile(r"(?i)\b(?P<noun>options?|tiers?|modes?|types?|strateg(?:y|ies)|categor(?:y|ies)|"
                         r"actions?|values?|levels?|methods?|classes)\b")
_TERM_SEP = re.compile(r"^\s*(?::|[-–—]\s)")
_IN_FIELD = re.compile(r"\bin\s+the\s+\x00(?P<field>[A-Za-z]\w*)\x00\s+(?:element|field|parameter|property|member)\b")


def _defined_terms(doc: Document, index: DocIndex, trail: tuple[Section, ...], intro: Paragraph,
                   block: ListBlock) -> Iterator[Fact]:
    """On an operation's page, "… perform the following actions:" / "The following options are available:" then
    items that each open with a value in code and define it ("``UPSERT``: creates or updates …", "``Bulk`` - …"):
    the values of ``<Operation>.<field>`` — the field the introduction names in code ("in the ``Tier`` element"),
    else its noun (actions → Action). Constants always; other words only when the introduction speaks of options,
    tiers, modes, types, strategies, categories, actions, values, levels, methods or classes."""
    operation = index.scope.operation_at(trail)
    last = intro.text.strip().rsplit("\n", 1)[-1]
    if not operation or len(block.items) < 2 or not _TERMS_INTRO.search(last):
        return
    noun = _TERMS_NOUN.search(last.rsplit(". ", 1)[-1])
    heads: list[tuple[str, int, str]] = []
    for item in block.items:
        para = next((b for b in item.blocks if isinstance(b, Paragraph)), None)
        runs = [r for r in para.inlines if r.text.strip()] if para is not None else []
        if len(runs) < 2 or runs[0].kind != "code" or not _TERM_SEP.match(runs[1].text):
            return
        head = runs[0].text.strip()
        if not (is_const(head) or (noun and is_value(head, introduced=True))) or is_operation_name(head):
            return
        heads.append((head, item.line, first_line(item.text)))
    marked = "".join(f"\x00{r.text.strip()}\x00" if r.kind == "code" else r.text for r in intro.inlines)
    named = _IN_FIELD.search(marked)
    field = named.group("field") if named else pascal(singular(noun.group("noun").lower())) if noun else "Value"
    name = f"{pascal(operation)}.{field}"
    for value, line, said in heads:
        yield EnumValue(name, value, cite(doc, line, said))


def _item_values(block: ListBlock) -> list[tuple[str, int, str]] | None:
    """(value, line, item text) for every item, or None unless every item names values."""
    out: list[tuple[str, int, str]] = []
    for item in block.items:
        found = item_values(item)
        if not found:
            return None
        line = first_line(item.text)
        out.extend((v, item.line, line) for v in found)
    return out if len(out) >= 2 else None


def item_values(item: ListItem) -> list[str] | None:
    """The values a list item names: "CREATE PENDING", "**INIT**: being initialised", "A > B -or- C"."""
    text = first_line(item.text)
    if not text:
        return None
    steps = chain(text)
    if steps:
        return [s for alts in steps for s in alts]
    para = next((b for b in item.blocks if isinstance(b, Paragraph)), None)
    head = None
    if para is not None and para.inlines and para.inlines[0].kind in ("strong", "code"):
        head = para.inlines[0].text.strip()
    if head is None:
        m = _ITEM_HEAD.match(text)
        head = m.group("head").strip() if m else text
    return [head] if is_value(head, introduced=True) else None


def is_value(text: str, introduced: bool = False) -> bool:
    """Whether ``text`` looks like an enum constant (a capitalised word only in an introduced list)."""
    if not text or text.lower() in _NOT_VALUES or text.isdigit():
        return False
    if is_const(text) or _LOWER.match(text):
        return True
    # In an introduced list an acronym is a value too ("Enums:" then "**SFS**", "**EVS**").
    return introduced and bool(_CAPITAL.match(text) or CONST_RE.fullmatch(text))


# ---- "Valid Values: A | B" -----------------------------------------------------------------


def _valid_values(doc: Document, index: DocIndex, trail: tuple[Section, ...], p: Paragraph,
                  field: str | None = None) -> Iterator[Fact]:
    """``Valid Values:`` lines of a field's record ``p`` (or of the tail of a record a list interrupted, whose
    ``field`` the paragraph before the list names)."""
    field = field or field_heading(p)
    page = _page_name(doc, index, trail)
    if not field or not page:
        return
    text = p.text
    for m in _VALID_VALUES.finditer(text):
        values = [v.strip().strip("`").strip() for v in m.group("values").split("|")]
        if not values or not all(v and " " not in v for v in values):
            continue
        line = p.line_of(m.start("values"))
        for v in values:
            yield EnumValue(f"{page}.{field}", v, cite(doc, line, m.group(0)))


# ---- "`dataset_type` — the type of dataset (`TRAIN` or `TEST`)" ------------------------------------------


_HEAD_DASH = re.compile(r"^\s*(?:[-–—:]|\s-)")
_OR_GAP = re.compile(r"^\s*(?:,\s*)?(?:or\s+|and\s+)?$|^\s*,\s*$")


def _alternatives(doc: Document, index: DocIndex, trail: tuple[Section, ...], p: Paragraph) -> Iterator[Fact]:
    """A paragraph (a list item) that opens with an argument's name and gives its values as alternatives in code:
    ``<Operation>.<argument>``, the operation being the one whose example calls in the section pass it."""
    runs = p.inlines
    field = runs[0].text.strip()
    if len(runs) < 4 or not _IDENT.match(field) or not _HEAD_DASH.match(runs[1].text):
        return
    values: list[tuple[str, int]] = []
    offset = len(runs[0].text)
    best: list[tuple[str, int]] = []
    said = False
    for i in range(1, len(runs)):
        run, start = runs[i], offset
        offset += len(run.text)
        if run.kind == "code" and is_value(run.text.strip()):
            values.append((run.text.strip(), start))
        elif run.kind == "text" and values and _OR_GAP.match(run.text):
            said = said or " or " in f" {run.text} "
            continue
        else:
            if len(values) >= 2 and said and len(values) > len(best):
                best = values
            values, said = [], False
    if len(values) >= 2 and said and len(values) > len(best):
        best = values
    if not best:
        return
    code = index_of(doc, index.scope)
    ops = code.operations_passing(trail, field)
    name = code.argument(ops[0], field) if len(ops) == 1 else None
    if not name:
        return
    line = p.line_of(best[0][1])
    for value, _start in best:
        yield EnumValue(f"{pascal(ops[0])}.{name}", value, cite(doc, line, doc.source_line(line)))


# ---- SDK syntax: 'Status': 'A'|'B' ------------------------------------------------------------


def _syntax(doc: Document, index: DocIndex, trail: tuple[Section, ...], block: CodeBlock) -> Iterator[Fact]:
    own = index.scope.operation_at(trail)
    if not own:
        return
    operation = pascal(own)
    singles = "'string'" in block.code  # a boto3 syntax block, where any other quoted scalar is an enum value
    stack: list[tuple[str, int]] = []
    depth = 0
    for i, code_line in enumerate(block.code.split("\n")):
        m = _SYNTAX_KEY.match(code_line)
        key = None
        if m:
            key = m.group("k1") or m.group("k2") or m.group("k3")
            rest = m.group("rest")
            found = _SYNTAX_VALUES.match(rest) or (singles and _SINGLE_VALUE.match(rest))
            if found:
                values = [v for _q, v in _QUOTED.findall(found.group(0))]
                path = ".".join([k for k, _d in stack] + [key])
                for v in values:
                    if v and v != "string":
                        yield EnumValue(f"{operation}.{path}", v, cite(doc, block.line + i, code_line))
        elif stack:  # a list of enum values: ``CompatibleRuntimes=[`` then ``'a'|'b',`` on its own line
            found = _SYNTAX_VALUES.match(code_line.strip()) or (singles and _SINGLE_VALUE.match(code_line.strip()))
            if found:
                path = ".".join(k for k, _d in stack)
                for _q, v in _QUOTED.findall(found.group(0)):
                    if v and v != "string":
                        yield EnumValue(f"{operation}.{path}", v, cite(doc, block.line + i, code_line))
        depth, stack = _brackets(code_line, key, depth, stack)


def _brackets(line: str, key: str | None, depth: int,
              stack: list[tuple[str, int]]) -> tuple[int, list[tuple[str, int]]]:
    """Follow the nesting of one syntax line: a key opening ``{`` or ``[`` encloses what follows."""
    pushed = False
    for ch in _QUOTED.sub("''", line):
        if ch in "{[(":
            depth += 1
            if key and ch in "{[" and not pushed:
                stack.append((key, depth))
                pushed = True
        elif ch in "}])":
            depth -= 1
            while stack and stack[-1][1] > depth:
                stack.pop()
    return depth, stack


# ---- tables ------------------------------------------------------------------------------------


def _table(doc: Document, index: DocIndex, trail: tuple[Section, ...], table: Table) -> Iterator[Fact]:
    header = [h.strip().lower() for h in table.header]
    if not header or "description" not in header:
        return
    own = index.scope.operation_at(trail) or title_operation(doc.title)
    if not own:
        return
    name_col = next((i for i, h in enumerate(header) if h in _NAME_HEADERS), 0)
    desc_col = header.index("description")
    type_col = header.index("type") if "type" in header else None
    obj = _object_name(table.title)
    prefix = f"{pascal(own)}.{obj + '.' if obj else ''}"
    for row in table.body:
        if len(row.cells) <= max(name_col, desc_col):
            continue
        field = row.cells[name_col].text.strip()
        if not _IDENT.match(field) or (type_col is not None and type_col < len(row.cells)
                                        and "boolean" in row.cells[type_col].text.lower()):
            continue
        for spelling, line, said in cell_values(row.cells[desc_col]):
            yield EnumValue(prefix + field, spelling, cite(doc, line, said))


def _value_table(doc: Document, index: DocIndex, trail: tuple[Section, ...], table: Table,
                 intro: Paragraph | None) -> Iterator[Fact]:
    """A table listing a resource's states, one per row: a "Status"/"State"/"Value" column, and a title or
    introduction naming whose states they are ("Table 3 Training job statuses")."""
    header = [h.strip().lower() for h in table.header]
    col = next((i for i, h in enumerate(header) if h in _VALUE_HEADERS), None)
    if col is None:
        return
    said = " ".join(t for t in (table.title, intro.text if intro is not None else None) if t)
    m = _STATES_OF.search(said) or _NOUN_STATES.search(said)
    resource = np_resource(m.group("np").lower()) if m else None
    if not resource:
        return
    rows = [(row.cells[col].text.strip(), row.line) for row in table.body if col < len(row.cells)]
    if len(rows) < 2 or not all(is_value(v, introduced=True) for v, _line in rows):
        return
    name = f"{resource}.status"
    yield StateMachineInfo(resource, name, None, describe_operation(resource, index),
                           cite(doc, table.line, table.title or said))
    for value, line in rows:
        yield EnumValue(name, value, cite(doc, line, value))


def _object_name(title: str | None) -> str | None:
    """"Table 4 Status" → "Status"; None for "Table 1 Parameters", "Request body parameters"…"""
    if not title:
        return None
    rest = _TABLE_NUMBER.sub("", title.replace("*", "")).strip()
    if not rest or " " in rest or not _IDENT.match(rest) or rest.lower().endswith("parameters"):
        return None
    return rest


def cell_values(cell: Cell) -> list[tuple[str, int, str]]:
    """Values a description cell lists: "Options:" + list, or "The value can be **A** or **B**"."""
    out: list[tuple[str, int, str]] = []
    blocks = cell.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text.rstrip()
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(nxt, ListBlock):
            found = _item_values(nxt)
            if found and (_VALUE_INTRO.search(text.rsplit("\n", 1)[-1]) or _names_default(text, found)):
                out.extend(found)
                continue
        out.extend(_inline_values(block))
    return out


_DEFAULT = re.compile(r"(?i)\bdefault(?:\s+value)?\s+is\s+[*`'\"]*(?P<v>[\w\-]+(?:\.[\w\-]+)*)"
                      r"|\bdefaults\s+to\s+[*`'\"]*(?P<w>[\w\-]+(?:\.[\w\-]+)*)")


def _names_default(text: str, values: list[tuple[str, int, str]]) -> bool:
    """A list without an introduction lists values when the text before it says the default is one of them
    ("The default value is timing." then "- timing: …", "- idle: …")."""
    m = _DEFAULT.search(text)
    return m is not None and (m.group("v") or m.group("w")) in {v for v, _line, _said in values}


def _inline_values(p: Paragraph) -> list[tuple[str, int, str]]:
    text = p.text
    m = _INLINE_VALUES.search(text)
    if not m:
        return []
    end = text.find(". ", m.end())
    end = len(text) if end < 0 else end
    said = text[m.start():end + 1]
    values: list[str] = []
    offset = 0
    for run in p.inlines:
        start = offset
        offset += len(run.text)
        if start < m.end() or start > end:
            continue
        if run.kind in ("strong", "code"):
            if not values and not _GAP.fullmatch(text[m.end():start]):
                return []
            v = run.text.strip()
            if not is_value(v, introduced=True):
                return []
            values.append(v)
    if len(values) < 2:
        return []
    line = p.line_of(m.start())
    return [(v, line, said) for v in values]
