"""Extractors: one module per kind of fact, each a function ``extract(doc, scope) -> Iterable[Fact]``.

`EXTRACTORS` is the registry, in the order they run; none of them knows any particular service.
A new kind of fact is a new module added to the list, with no edits to the others.
"""

from __future__ import annotations

import importlib
from typing import Callable, Iterable

from harness.docmodel import Document
from harness.extract.facts import Fact, Note
from harness.extract.scope import Scope, scope_of
from harness.extract.text import cite_line

Extractor = Callable[[Document, Scope], Iterable[Fact]]

EXTRACTOR_MODULES = (
    "service",
    "operations",
    "parameters",
    "outputs",
    "errors",
    "permissions",
    "related",
    "enums",
    "states",
    "examples",
)
"""Modules of harness.extract, each with an ``extract(doc, scope)`` function."""


def _load() -> dict[str, Extractor]:
    found: dict[str, Extractor] = {}
    for name in EXTRACTOR_MODULES:
        try:
            module = importlib.import_module(f"harness.extract.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"harness.extract.{name}":
                continue
            raise
        found[name] = module.extract
    return found


EXTRACTORS: dict[str, Extractor] = _load()


def extract_document(doc: Document) -> list[Fact]:
    """Every fact of one document, reader findings included, in extractor order."""
    scope = scope_of(doc)
    facts: list[Fact] = []
    for extractor in EXTRACTORS.values():
        facts.extend(extractor(doc, scope))
    for f in doc.findings:
        line = f.line if f.line and 0 < f.line <= len(doc.lines) else 1
        where = cite_line(doc, line)
        facts.append(Note(f.severity, f.code, f.message, where))
    return facts
