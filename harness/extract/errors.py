"""Errors an operation documents: boto3's ``Client.exceptions.X`` lists, API-reference
"Errors" sections, and exception names in reference prose."""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document, Section
from harness.extract.facts import ErrorName, Fact
from harness.extract.scope import Scope
from harness.extract.text import cite, paragraphs, split_sentences

_CLIENT_EXC = re.compile(r"\.exceptions\.(?P<name>[A-Z][A-Za-z0-9]+)")
_EXC_WORD = re.compile(r"\b(?P<name>[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*(?:Exception|Error|Fault))\b")
_EXC_ENDS = ("Exception", "Error", "Fault")
"""What every `_EXC_WORD` ends with: a paragraph without any is not split into sentences."""
_ERROR_SECTIONS = ("error", "exception")


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    in_errors: dict[int, bool] = {}  # id(section) → its title names errors (asked for each of its paragraphs)
    for trail, p in paragraphs(doc):
        operation = scope.operation_at(trail)
        if not operation:
            continue
        text = p.text
        if ".exceptions." in text:
            for m in _CLIENT_EXC.finditer(text):
                yield ErrorName(operation, m.group("name"), cite(doc, p.line_of(m.start()), text.strip()))
            if _CLIENT_EXC.search(text):
                continue
        if trail and _names_errors(trail[-1], in_errors):
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


def _names_errors(section: Section, memo: dict[int, bool]) -> bool:
    """The section's title speaks of errors or exceptions (an "Errors" section lists them by name)."""
    found = memo.get(id(section))
    if found is None:
        low = section.text.lower()
        found = memo[id(section)] = any(w in low for w in _ERROR_SECTIONS)
    return found
