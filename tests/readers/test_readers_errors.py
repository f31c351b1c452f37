"""Bad input: every failure is one ReadError naming the path; damaged markup still reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from harness.errors import ReadError
from harness.readers import READERS, read_document

CASES = [
    # (file name, bytes, expected message after "<path>")
    ("empty.md", b"", ": empty document"),
    ("blank.rst", b"  \n\n\t\n", ": empty document"),
    ("junk.bin", bytes(range(256)) * 8, ": not a text document (NUL bytes)"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40 + b"abc", ": not a text document"),
    ("latin1.md", b"# Title\n\nline two\ncaf\xe9 au lait\n", ":4: invalid UTF-8 (byte 0xe9)"),
]


@pytest.mark.parametrize("name, data, message", CASES, ids=[c[0] for c in CASES])
def test_unreadable_content(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_document(str(path))
    assert str(info.value) == f"{path}{message}"
    assert "\n" not in str(info.value)
    assert info.value.kwargs["path"] == str(path)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.md"
    with pytest.raises(ReadError, match=r"nope\.md: No such file or directory$"):
        read_document(str(path))


def test_directory_path(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r": Is a directory$") as info:
        read_document(str(tmp_path))
    assert str(info.value).startswith(str(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permission(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("# x\n", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError, match="Permission denied"):
        read_document(str(path))


def test_given_text_is_checked_too() -> None:
    with pytest.raises(ReadError, match=r"^given\.md: empty document$"):
        read_document("given.md", text="   \n")


def test_unknown_format() -> None:
    with pytest.raises(ReadError, match=r"unknown format 'pdf'"):
        read_document("a.md", text="# A\n", fmt="pdf")


def test_parser_failure_becomes_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(text: str, path: str) -> None:
        raise ValueError("kaputt\nsecond line")

    monkeypatch.setitem(READERS, "markdown", boom)
    with pytest.raises(ReadError, match=r"^x\.md: cannot read as markdown: ValueError: kaputt second line$"):
        read_document("x.md", text="# A\n", fmt="markdown")


def test_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "win.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\nText here.\r\n")
    doc = read_document(str(path))
    assert doc.title == "Title"
    assert doc.lines == ("# Title", "", "Text here.")
    assert doc.blocks[0].blocks[0].line == 3


BROKEN_RST = """\
Title
=====

Some `unclosed interpreted text.

* a list
not indented properly

.. image::

:unknownrole:`still read` and |undefined| substitution.

.. some-unknown-directive:: argument text

   Body of the unknown directive.
"""


def test_broken_rst_reads_with_findings() -> None:
    doc = read_document("broken.rst", text=BROKEN_RST)
    texts = [block.text for _, block in doc.walk() if hasattr(block, "inlines")]
    assert "still read and undefined substitution." in texts
    assert "argument text" in texts
    assert "Body of the unknown directive." in texts
    codes = {f.code for f in doc.findings}
    assert codes <= {"rst-warning", "rst-error"} and codes
    assert all(f.line is None or 1 <= f.line <= len(doc.lines) for f in doc.findings)
    assert any(f.line == 4 for f in doc.findings)


def test_truncated_html_mid_tag() -> None:
    doc = read_document("cut.html", text='<h1>Title</h1>\n<p>Hello <b>world</b> and <a href="http://x')
    assert [f.code for f in doc.findings] == ["truncated-html"]
    assert doc.findings[0].severity == "error"  # the pipeline turns it into one error line naming the file
    para = doc.blocks[0].blocks[0]
    assert para.text == "Hello world and" and para.line == 2


def test_truncated_html_mid_element() -> None:
    doc = read_document("cut.html", text="<ul>\n<li>one</li>\n<li>tw", fmt="html")
    assert [f.code for f in doc.findings] == ["truncated-html"]
    assert "<ul>" in doc.findings[0].message
    assert [i.text for i in doc.blocks[0].items] == ["one", "tw"]
    assert [i.line for i in doc.blocks[0].items] == [2, 3]


def test_markdown_never_fails_on_odd_input() -> None:
    text = "```\nunclosed fence\n" + ">" * 200 + " deep\n" + "- " * 100 + "x\n<div>\n"
    doc = read_document("odd.md", text=text)
    assert doc.blocks and doc.format == "markdown"


def test_truncated_html_mid_text() -> None:
    doc = read_document("cut.html", text="<h1>StopThing</h1><p>Stops a <b>thing")
    assert [(f.code, f.severity) for f in doc.findings] == [("truncated-html", "error")]
    assert "<b>" in doc.findings[0].message
    assert doc.blocks[0].text == "StopThing" and doc.blocks[0].blocks[0].text == "Stops a thing"
