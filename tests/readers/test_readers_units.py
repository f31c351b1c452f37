"""The readers' small parts: recovery of loose text, section nesting, line rules, inline runs."""

from __future__ import annotations

import pytest

from harness.docmodel import CodeBlock, Inline, Paragraph, Section
from harness.readers import READERS, read_document
from harness.readers.html_recover import recover
from harness.readers.inlines import Runs
from harness.readers.markdown import prepare
from harness.readers.sections import Heading, nest
from harness.readers.source import SourceLines

RECOVERY = [
    # (loose text, starting line, expected [(kind, language or None, text, line)])
    ('{"a": 1}{"b": [1, 2]}', 1, [("code", "json", '{"a": 1}', 1), ("code", "json", '{"b": [1, 2]}', 1)]),
    ('see http://u\n{\n"a": 1\n}\nbye', 3,
     [("para", None, "see http://u", 3), ("code", "json", '{\n"a": 1\n}', 4), ("para", None, "bye", 7)]),
    ("1curl -X POST \\2 --url 'http://x/1' \\3 -d '{}'", 1,
     [("code", "shell", "curl -X POST \\\n --url 'http://x/1' \\\n -d '{}'", 1)]),
    ('1{2 "a": [3 10,4 20 ]5}tail', 2,
     [("code", "json", '{\n "a": [\n 10,\n 20 ]\n}', 2), ("para", None, "tail", 2)]),
    ("x'1curl a \\2 b'1{2 \"k\": true3}", 1,
     [("para", None, "x'", 1), ("code", "shell", "curl a \\\n b'", 1), ("code", "json", '{\n "k": true\n}', 1)]),
    ("version 1 of 2 (1) is out, {not json} [nor this", 5,
     [("para", None, "version 1 of 2 (1) is out, {not json} [nor this", 5)]),
]


@pytest.mark.parametrize("text, line, expected", RECOVERY)
def test_recover(text: str, line: int, expected: list) -> None:
    blocks, findings = recover("p.html", text, line)
    got = [("code", b.language, b.code, b.line) if isinstance(b, CodeBlock) else ("para", None, b.text, b.line)
           for b in blocks]
    assert got == expected
    assert [(f.code, f.severity, f.line) for f in findings] == \
        [("recovered-block", "info", e[3]) for e in expected if e[0] == "code"]


def _p(line: int) -> Paragraph:
    return Paragraph(path="p", line=line, inlines=(Inline("text", f"line {line}"),))


def test_nest_by_level_and_tab_separators() -> None:
    entries = [
        Heading(line=1, level=1, title=(Inline("text", "Top"),)),
        _p(2),
        Heading(line=3, level=2, title=(Inline("text", "Sub"),)),
        Heading(line=4, level=4, title=(Inline("text", "Python"),), tab=True),
        CodeBlock(path="p", line=6, code="x = 1", language=None),
        _p(9),
        Heading(line=10, level=2, title=(Inline("text", "Next"),)),
        _p(11),
    ]
    top, = nest("p", entries, separators=[8])
    assert isinstance(top, Section) and [b.line for b in top.blocks] == [2, 3, 10]
    sub = top.blocks[1]
    assert [b.line for b in sub.blocks] == [4, 9]  # the separator at 8 closed the tab
    tab = sub.blocks[0]
    assert tab.tab and tab.blocks[0].title == "Python"


def test_markdown_line_rules_keep_line_count_and_skip_fences() -> None:
    lines = ("Para", "------", "```", "------", " ** x ** in code", "```", " ** [p](#a) **   <a name='x'></a>")
    text, separators = prepare(lines)
    out = text.split("\n")
    assert len(out) == len(lines) + 1 and out[-1] == ""
    assert out[1] == "<!-- tab -->" and out[3] == "------" and out[4] == " ** x ** in code"
    assert out[6].startswith(" **[p](#a)**")
    assert separators == [2]


def test_runs_trim_and_count_leading_breaks() -> None:
    runs = Runs()
    runs.add("text", "\n\n  Hello  ")
    runs.add("strong", "bold  ")
    runs.add("text", "\nnext line  ")
    inlines, lead = runs.finish()
    assert lead == 2
    assert inlines == (Inline("text", "Hello  "), Inline("strong", "bold"), Inline("text", "\nnext line"))


def test_locate_prefers_hint_then_searches_forward() -> None:
    src = SourceLines(("alpha", "beta", "gamma beta", "delta"))
    assert src.locate("beta text", (3,), 1) == 3
    assert src.locate("beta text", (4,), 1) == 2
    assert src.locate("delta", (None,), 3) == 4
    assert src.locate("missing", (2,), 1) == 2


def test_readers_take_raw_text_directly() -> None:
    doc = READERS["markdown"]("# T\r\n\r\nBody\r\n", "direct.md")
    assert doc.blocks[0].blocks[0].line == 3 and doc.lines == ("# T", "", "Body")
    assert READERS["rst"]("T\n=\n\nx\n", "d.rst").title == "T"
    assert READERS["html"]("<h2>H</h2>", "d.html").title == "H"


MARKDOWN_WITH_HTML = """\
# T

<table>
<tr><th>A</th><th>B</th></tr>
<tr><td>1</td><td>two
lines</td></tr>
</table>

<a name="x"></a>

Para.

<h2>Html heading</h2>

After.
"""


def test_markdown_html_blocks_are_read_in_place() -> None:
    doc = read_document("m.md", text=MARKDOWN_WITH_HTML, fmt="markdown")
    top = doc.blocks[0]
    table, para, sub = top.blocks
    assert table.header == ("A", "B") and [r.line for r in table.body] == [5]
    assert table.body[0].cells[1].blocks[0].text == "two\nlines"
    assert (para.text, para.line) == ("Para.", 11)
    assert (sub.text, sub.line, sub.level, sub.blocks[0].line) == ("Html heading", 13, 2, 15)


def test_html_code_element_alone_is_a_code_block() -> None:
    doc = read_document("c.html", text="<p>Use <code>a\nb</code> inline</p>\n<code>block\n  code</code>\n<p>after</p>")
    para, code, after = doc.blocks
    assert para.text == "Use a\nb inline" and para.line_of(para.text.index("inline")) == 2
    assert (code.code, code.line) == ("block\n  code", 3)
    assert after.line == 5


RST_LABELS = """\
First
=====

Text.

.. _second-label:

Second
======

.. py:function:: do(x)

   Does it.

.. _table-label:

.. table:: Plain

   ==  ==
   a   b
   ==  ==
   1   2
   ==  ==

Third
=====
"""


def test_rst_labels_anchor_the_next_section_only() -> None:
    doc = read_document("l.rst", text=RST_LABELS)
    first, second, third = doc.blocks
    assert (first.anchor, second.anchor, third.anchor) == (None, "second-label", None)
    function = second.blocks[0]
    assert function.anchor == "py:function" and function.title == (Inline("code", "do(x)"),) and function.line == 11
    assert function.blocks[0].text == "Does it." and function.blocks[0].line == 13
    table = second.blocks[1]
    assert table.title == "Plain" and table.line == 17 and [r.line for r in table.rows] == [20, 22]
    assert third.line == 25
