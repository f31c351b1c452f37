"""Errors an operation documents: boto3's ``Client.exceptions.X`` lists, API-reference
"Errors" sections, and exception names in reference prose."""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document, ListBlock, Paragraph
from harness.extract.facts import ErrorName, Fact
from harness.extract.scope import Scope
from harness.extract.text import cite, split_sentences

_CLIENT_EXC = re.compile(r"\.exceptions\.(?P<name>[A-Z][A-Za-z0-9]+)")
_EXC_WORD = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*(?:Exception|Error|Fault))\b")
_EXC_ENDS = ("Exception", "Error", "Fault")
"""What every `_EXC_WORD` ends with: a paragraph without any is not split into sentences."""
_ERROR_SECTIONS = ("error", "exception")


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for trail, block in doc.walk():
        operation = scope.operation_at(trail)
        if not operation or not isinstance(block, (Paragraph, ListBlock)):
            continue
        in_errors = any(w in trail[-1].text.lower() for w in _ERROR_SECTIONS) if trail else False
        paragraphs = [block] if isinstance(block, Paragraph) else []
        for p in paragraphs:
            text = p.text
            if ".exceptions." in text:
                for m in _CLIENT_EXC.finditer(text):
                    yield ErrorName(operation, m.group("name"), cite(doc, p.line_of(m.start()), text.strip()))
                if _CLIENT_EXC.search(text):
                    continue
            if in_errors:
                first = next((i for i in p.inlines if i.text.strip()), None)
                name = first.text.strip() if first and first.kind in {"strong", "code", "link"} else ""
                if re.fullmatch(r"[A-Z][A-Za-z0-9]+", name):
                    yield ErrorName(operation, name, cite(doc, p.line, p.text.split("\n", 1)[0]))
                    continue
            if not any(end in text for end in _EXC_ENDS):
                continue
            for s in split_sentences(p):
                for m in _EXC_WORD.finditer(s.text):
                    yield ErrorName(operation, m.group("name"), cite(doc, s.line, s.text))
