"""Required permissions: IAM-style actions (``service:Action``) stated in text near the
words permission/action/policy, and named roles or permission sets a caller "must have"
("you must have the Security Administrator permission configured in IAM"). They belong to the operation the section is
about; elsewhere (a guide's policy examples) nothing says which call needs them."""

from __future__ import annotations

import re
from typing import Iterator

from harness.docmodel import Document
from harness.extract.facts import Fact, Permission
from harness.extract.scope import Scope
from harness.extract.text import cite, clean, paragraphs, split_sentences

_ACTION = re.compile(r"(?<![\w/.:-])(?P<svc>[a-z][a-z0-9-]*):(?P<action>[A-Z][A-Za-z0-9]*\*?|\*)(?![\w:/])")
_CONTEXT = re.compile(r"\b(?:permission|action|polic|allow|authori[sz])", re.I)
_MUST_HAVE = re.compile(r"\b(?:must|need to|needs to|required to)\s+have\s+(?:the\s+)?"
                        r"(?P<role>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)*)\s+(?:permissions?|role|polic(?:y|ies))\b")
"""A named permission set in Title Case: "must have the Security Administrator permission"."""


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for trail, p in paragraphs(doc):
        # a sentence's words stand in its paragraph with the same word boundaries: most paragraphs
        # need no splitting
        if not _CONTEXT.search(p.text):
            continue
        operation = scope.operation_at(trail)
        if not operation:
            continue
        for s in split_sentences(p, trail):
            if not _CONTEXT.search(s.text):
                continue
            for m in _ACTION.finditer(s.text):
                yield Permission(operation, f"{m.group('svc')}:{m.group('action')}", cite(doc, s.line, s.text))
            for m in _MUST_HAVE.finditer(s.text):
                yield Permission(operation, clean(m.group("role")), cite(doc, s.line, s.text))
