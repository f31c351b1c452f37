"""Clues to which service a document describes.

The clues are generic forms, not names: ``boto3.client('x')``, ``aws x command``,
``X-Amz-Target: Prefix.Op``, ``x.{region}.amazonaws.com``, AWS ``goto`` links
(``x-2016-06-27/Op``), boto3's ``X.Client.method``, a Sphinx ``original_name`` of the
form ``x_03_0051.html`` (and, weaker, cross-references to labels of that form: ``:ref:`… <x_03_0147>```),
error codes such as ``X.0105``, and "Amazon X" in a title.
`harness.spec.services` weighs them.
"""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document, Section
from harness.extract.facts import Fact, ServiceHint
from harness.extract.scope import Scope, amz_target, py_method
from harness.extract.text import cite, code_blocks, paragraphs

_CLIENT = re.compile(r"""boto3\.(?:client|resource)\(\s*['"](?P<v>[a-z0-9-]+)['"]""")
_CLI = re.compile(r"(?:^|\s|\$ )aws\s+(?P<v>[a-z0-9][a-z0-9-]*)\s+[a-z]")
_ENDPOINT = re.compile(r"\b(?P<v>[a-z0-9-]+)\.(?:\{region\}|[a-z]{2}-[a-z]+-\d)\.amazonaws\.com")
_GOTO = re.compile(r"/goto/[^/\s]+/(?P<v>[a-z0-9-]+?)-\d{4}-\d{2}-\d{2}/")
_DOC_ID = re.compile(r"^(?P<v>[a-z][a-z0-9]+)_\d+_\d+(?:\.html)?$")
_ERROR_CODE = re.compile(r"\b(?P<v>[A-Z][A-Za-z]+)\.\d{4}\b")
_TITLE = re.compile(r"\b(?:Amazon|AWS)\s+(?P<v>[A-Z][A-Za-z0-9]+(?:\s+[A-Z][A-Za-z0-9]+)*)")


_HINTS = (("client", _CLIENT, "boto3."), ("cli", _CLI, "aws"), ("endpoint", _ENDPOINT, ".amazonaws.com"),
          ("goto", _GOTO, "/goto/"), ("error-prefix", _ERROR_CODE, "."))
"""(kind, pattern, a literal every match contains): the literal test skips most texts cheaply."""
_ANY_HINT = re.compile(r"boto3\.|aws|\.amazonaws\.com|/goto/|\.\d{4}|X-Amz-Target")
"""Something every hint's text contains (the literals above, the error prefix's ".1234", `amz_target`'s)."""


def _text_hints(doc: Document, text: str, line: int) -> Iterator[Fact]:
    for kind, pattern, needle in _HINTS:
        if needle not in text:
            continue
        for m in pattern.finditer(text):
            yield ServiceHint(kind, m.group("v"), cite(doc, line, text))
    target = amz_target(text)
    if target:
        yield ServiceHint("target", target[0], cite(doc, line, text))


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    original = dict(doc.meta).get("original_name", "")
    m = _DOC_ID.match(original)
    if m:
        line = next((i + 1 for i, text in enumerate(doc.lines) if "original_name" in text), 1)
        yield ServiceHint("doc-id", m.group("v"), cite(doc, line, doc.source_line(line)))
    for _trail, block in doc.walk():
        if isinstance(block, Section):
            found = py_method(block.text)
            if found:
                yield ServiceHint("client-class", found[0], cite(doc, block.line, block.text))
    title = _TITLE.search(doc.title)
    if title:
        yield ServiceHint("title", title.group("v"), cite(doc, 1, doc.title))
    for _trail, p in paragraphs(doc):
        if not _ANY_HINT.search(p.text) and not any(run.target for run in p.inlines):
            continue  # no run of it can hold a hint (most paragraphs): one search, not one per run and pattern
        offset = 0
        for run in p.inlines:
            line = p.line_of(offset)
            offset += len(run.text)
            yield from _text_hints(doc, run.text, line)
            if run.target:
                yield from _text_hints(doc, run.target, line)
                ref = _DOC_ID.match(run.target) if run.kind == "link" else None
                if ref:
                    yield ServiceHint("doc-ref", ref.group("v"), cite(doc, line, run.text))
    for _trail, block in code_blocks(doc):
        if not _ANY_HINT.search(block.code):
            continue  # no line of it can hold a hint (most blocks): one search, not five tests per line
        for i, text in enumerate(block.code.splitlines()):
            yield from _text_hints(doc, text, block.line + i)
