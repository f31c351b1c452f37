"""Enum values and their names.

Fixture files ``fixtures/states/*.expected.json`` pin what the extractor reads from seeds and corpus
pages (the ``enums`` list and ``enum_counts``); the unit tests below use documents built by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from harness.docmodel import Cell, CodeBlock, Document, Inline, ListBlock, ListItem, Paragraph, Row, Section, Table
from harness.extract import enums, syntax
from harness.extract.facts import EnumValue, StateMachineInfo
from harness.extract.outputs import enum_name
from harness.extract.scope import scope_of

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((Path(__file__).parent / "fixtures" / "states").glob("*.expected.json"))


def _facts(doc: Document) -> list:
    return list(enums.extract(doc, scope_of(doc)))


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def check(facts: list, expected: list[dict], counts: dict[str, int]) -> None:
    """Every expected fact is there (cited at exactly ``lines``); ``spellings`` is an enum's whole set."""
    for spec in expected:
        want = dict(spec)
        kind, lines, spellings = want.pop("kind"), want.pop("lines", None), want.pop("spellings", None)
        found = [f for f in facts if type(f).__name__ == kind
                 and all(_plain(getattr(f, k)) == v for k, v in want.items())]
        assert found, f"missing {kind} {want}"
        if spellings is not None:
            assert sorted({f.spelling for f in found}) == sorted(spellings)
        if lines is not None:
            assert sorted({f.cite.line for f in found}) == lines, f"{kind} {want}"
    seen = Counter(type(f).__name__ for f in facts)
    for kind, n in counts.items():
        assert seen[kind] == n, f"{kind}: {seen[kind]} found, {n} expected"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_documents(case: Path) -> None:
    from harness.readers import read_document

    spec = json.loads(case.read_text())
    doc = read_document(str(ROOT / spec["document"]))
    check(_facts(doc), spec["enums"], spec.get("enum_counts", {}))


# ---- documents built by hand ----------------------------------------------------------------


def para(line: int, *runs: str | tuple[str, str] | tuple[str, str, str]) -> Paragraph:
    inlines = tuple(Inline("text", r) if isinstance(r, str) else Inline(*r) for r in runs)
    return Paragraph("t.md", line, inlines)


def items(line: int, *texts: str) -> ListBlock:
    return ListBlock("t.md", line, False, tuple(ListItem("t.md", line + i, (para(line + i, t),))
                                                 for i, t in enumerate(texts)))


def document(title: str, *blocks, lines: int = 40) -> Document:
    section = Section("t.md", 1, 1, (Inline("text", title),), tuple(blocks))
    return Document("t.md", "markdown", title, (section,), ("",) * lines)


def reference_page(operation: str, syntax_block: CodeBlock) -> Document:
    """An API reference page: the operation's section with request and response subsections."""
    sub = (Section("t.md", 3, 2, (Inline("text", "Request Syntax"),), ()),
           Section("t.md", 5, 2, (Inline("text", "Response Syntax"),), (syntax_block,)))
    return document(operation, *sub)


def values(facts: list) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in facts:
        if isinstance(f, EnumValue):
            out.setdefault(f.enum, []).append(f.spelling)
    return out


SYNTAX = """\
{
    'Widgets': [
        {
            'Name': 'string',
            'Status': 'PENDING'|'RUNNING',
            'Config': {
                'Mode': 'fast'|'slow'
            }
        },
    ],
    'Kind': 'A'|'B'
}"""


def test_syntax_enums_are_named_like_the_outputs_extractor_names_them() -> None:
    block = CodeBlock("t.md", 10, SYNTAX, None)
    got = values(_facts(reference_page("DescribeWidgets", block)))
    assert got == {"DescribeWidgets.Widgets.Status": ["PENDING", "RUNNING"],
                   "DescribeWidgets.Widgets.Config.Mode": ["fast", "slow"], "DescribeWidgets.Kind": ["A", "B"]}
    assert set(got) == {enum_name("DescribeWidgets", f.path) for f in syntax.fields(block) if f.enum_values}


def test_request_syntax_keyword_arguments() -> None:
    code = "response = client.list_widgets(\n    StatusFilter='ACTIVE'|'DELETED',\n    Name='string'\n)"
    assert values(_facts(reference_page("ListWidgets", CodeBlock("t.md", 5, code, None)))) == {
        "ListWidgets.StatusFilter": ["ACTIVE", "DELETED"]}


def test_state_list_names_the_resource_and_links_its_machine() -> None:
    doc = document(
        "Widget",
        para(3, "A widget pool can be in one of the following states:"),
        items(4, "CREATE PENDING", "ACTIVE", "DELETE_FAILED"),
        para(8, "To get the status, call ", ("link", "DescribeWidgetPool", "API_DescribeWidgetPool.md"), "."),
    )
    facts = _facts(doc)
    assert values(facts) == {"WidgetPool.status": ["CREATE PENDING", "ACTIVE", "DELETE_FAILED"]}
    [info] = [f for f in facts if isinstance(f, StateMachineInfo)]
    assert (info.resource, info.enum, info.describe_operation, info.cite.line) == (
        "WidgetPool", "WidgetPool.status", "DescribeWidgetPool", 3)


def test_field_heading_lists_and_valid_values() -> None:
    doc = document(
        "WidgetSummary",
        para(3, ("strong", "kind"), "\nThe kind. One of the following values:"),
        items(5, "SMALL_WIDGET", "LARGE_WIDGET"),
        para(8, ("strong", "mode"), "\nThe mode.\nType: String\nValid Values: ", ("code", " FAST | SLOW")),
    )
    facts = _facts(doc)
    assert values(facts) == {"WidgetSummary.kind": ["SMALL_WIDGET", "LARGE_WIDGET"],
                             "WidgetSummary.mode": ["FAST", "SLOW"]}
    assert [f.cite.line for f in facts if f.enum == "WidgetSummary.mode"] == [11, 11]


@pytest.mark.parametrize("texts", [
    ("Open the console and choose Widgets.", "ACTIVE"),
    ("true", "false"),
    ("1", "2"),
])
def test_lists_of_prose_booleans_or_numbers_are_not_enums(texts: tuple[str, ...]) -> None:
    doc = document("WidgetSummary", para(3, ("strong", "kind"), "\nThe kind. One of the following values:"),
                   items(5, *texts))
    assert values(_facts(doc)) == {}


def _cell(line: int, *blocks) -> Cell:
    """A table cell holding ``blocks``."""
    return Cell("t.rst", line, tuple(blocks))


def test_table_description_cells() -> None:
    header = Row("t.rst", 5, (_cell(5, para(5, "Parameter")), _cell(5, para(5, "Type")),
                              _cell(5, para(5, "Description"))), header=True)
    options = Row("t.rst", 7, (_cell(7, para(7, "status")), _cell(7, para(7, "String")), _cell(
        7, para(7, "Widget status. Options:"),
        ListBlock("t.rst", 9, False, (ListItem("t.rst", 9, (para(9, ("strong", "RUNNING"), ": running"),)),
                                      ListItem("t.rst", 11, (para(11, ("strong", "STOPPED"), ": stopped"),)))))))
    inline = Row("t.rst", 13, (_cell(13, para(13, "order")), _cell(13, para(13, "String")), _cell(
        13, para(13, "Sorting order. The value can be ", ("strong", "asc"), " or ", ("strong", "desc"), "."))))
    boolean = Row("t.rst", 15, (_cell(15, para(15, "flag")), _cell(15, para(15, "Boolean")), _cell(
        15, para(15, "The value can be ", ("strong", "true"), " or ", ("strong", "false"), "."))))
    plain = Table("t.rst", 4, (header, options, inline, boolean), title="Table 2 Response body parameters")
    nested = Table("t.rst", 20, (header, options), title="Table 3 Progress")
    section = Section("t.rst", 1, 1, (Inline("text", "Querying a Widget"),),
                      (Section("t.rst", 2, 2, (Inline("text", "URI"),), (para(3, "GET /v1/widgets/{id}"),)),
                       plain, nested))
    doc = Document("t.rst", "rst", "Querying a Widget", (section,), ("",) * 30)
    got = values(_facts(doc))
    assert got == {"QueryWidget.status": ["RUNNING", "STOPPED"], "QueryWidget.order": ["asc", "desc"],
                   "QueryWidget.Progress.status": ["RUNNING", "STOPPED"]}


def test_table_of_states() -> None:
    header = Row("t.md", 5, (_cell(5, para(5, "Status")), _cell(5, para(5, "Description"))), header=True)
    rows = tuple(Row("t.md", n, (_cell(n, para(n, value)), _cell(n, para(n, "what it means"))))
                 for n, value in ((6, "QUEUED"), (7, "RUNNING"), (8, "DONE")))
    table = Table("t.md", 4, (header,) + rows, title="Table 3 Training job statuses")
    facts = _facts(document("Training jobs", table))
    assert values(facts) == {"TrainingJob.status": ["QUEUED", "RUNNING", "DONE"]}
    assert [f.cite.line for f in facts if isinstance(f, EnumValue)] == [6, 7, 8]


def _html_string(body: str) -> list:
    """A botocore-style HTML documentation string of an operation, headed as the accuracy benchmark heads them."""
    from harness.readers import read_document

    text = "http://widgets.{region}.amazonaws.com/#X-Amz-Target=Widgets_20200101.FrobWidget" + body
    doc = read_document("widgets/FrobWidget.html", text=text, fmt="html")
    return [f for f in enums.extract(doc, scope_of(doc)) if isinstance(f, EnumValue)]


def test_items_that_open_with_a_value_in_code_and_define_it() -> None:
    got = _html_string(
        "<p>Use <code>FrobWidget</code> to perform the following actions:</p><ul>"
        "<li><p><code>CREATE</code>: Creates a widget.</p></li><li><p><code>UPSERT</code>: Creates or updates it.</p>"
        "</li></ul><p>You can specify one of the following retrieval options in the <code>Tier</code> element:</p><ul>"
        "<li><p><code>Fast</code> - Quick.</p></li><li><p><code>Bulk</code> - Cheap.</p></li></ul>")
    assert {(f.enum, f.spelling) for f in got} == {("FrobWidget.Action", "CREATE"), ("FrobWidget.Action", "UPSERT"),
                                                   ("FrobWidget.Tier", "Fast"), ("FrobWidget.Tier", "Bulk")}


@pytest.mark.parametrize("body", [
    # fields, not values: capitalised names under an introduction that speaks of no kind of value
    "<p>The following are required:</p><ul><li><p><code>WidgetName</code> - its name.</p></li>"
    "<li><p><code>Colour</code> - its colour.</p></li></ul>",
    # operations
    "<p>The following options are available:</p><ul><li><p><code>ListWidgets</code> - lists.</p></li>"
    "<li><p><code>DescribeWidget</code> - describes.</p></li></ul>",
    # a term without a definition after it
    "<p>The following options are available:</p><ul><li><p><code>FAST</code> and more</p></li>"
    "<li><p><code>SLOW</code></p></li></ul>",
])
def test_lists_that_do_not_define_values(body: str) -> None:
    assert _html_string(body) == []
