"""Required permissions: IAM-style actions (``service:Action``) stated in text near the
words permission/action/policy. They belong to the operation the section is
about; elsewhere (a guide's policy examples) nothing says which call needs them."""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document
from harness.extract.facts import Fact, Permission
from harness.extract.scope import Scope
from harness.extract.text import cite, sentences

_ACTION = re.compile(r"(?<![\w/.:-])(?P<svc>[a-z][a-z0-9-]*):(?P<action>[A-Z][A-Za-z0-9]*\*?|\*)(?![\w:/])")
_CONTEXT = re.compile(r"\b(?:permission|action|polic|allow|authori[sz])", re.I)


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for s in sentences(doc):
        if not _CONTEXT.search(s.text):
            continue
        for m in _ACTION.finditer(s.text):
            action = f"{m.group('svc')}:{m.group('action')}"
            operation = scope.operation_at(s.trail)
            if operation:
                yield Permission(operation, action, cite(doc, s.line, s.text))
