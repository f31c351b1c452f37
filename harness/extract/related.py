"""Related operations: the list under a "Related APIs" (or "Related operations/actions")
heading or label, attached to the operation the document is about."""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document, ListBlock, Paragraph, Section
from harness.extract.facts import Fact, Related
from harness.extract.scope import Scope, is_operation_name
from harness.extract.text import cite

_LABEL = re.compile(r"^\s*related\s+(?:apis?|operations?|actions?)\s*:?\s*$", re.I)


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    pending = False
    for trail, block in doc.walk():
        operation = scope.operation_at(trail)
        if isinstance(block, Section) and _LABEL.match(block.text):
            pending = True
            continue
        if isinstance(block, Paragraph):
            if _LABEL.match(block.text):
                pending = True
            elif block.text.strip() and not (trail and _LABEL.match(trail[-1].text)):
                pending = False
            continue
        if isinstance(block, ListBlock) and (pending or (trail and _LABEL.match(trail[-1].text))) and operation:
            for item in block.items:
                for b in item.blocks:
                    if not isinstance(b, Paragraph):
                        continue
                    for run in b.inlines:
                        name = run.text.strip()
                        if run.kind in {"link", "code", "text", "strong"} and is_operation_name(name):
                            if name != operation:
                                yield Related(operation, name, cite(doc, b.line, name))
            pending = False
