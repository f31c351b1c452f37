"""Whether a name's case, as prose writes it in code, is the API's spelling.

Prose writes field names as the wire spells them (the ``versionId`` query parameter of ``VersionId``, the
``maxitems`` parameter of ``MaxItems``) and sometimes in another case than the API (``SolutionVersionArn`` on a
page of ``campaignConfig`` and ``minProvisionedTPS``). The other names a page writes show its convention.
"""

from __future__ import annotations

import re

from harness.docmodel import Document, Paragraph
from harness.extract.codeindex import CodeIndex
from harness.extract.facts import op_key
from harness.extract.mention_cues import names_a_type
from harness.extract.scope import is_operation_name

LOWER_WORD = re.compile(r"^[a-z][a-z0-9]*$")
WIRE_AFTER = re.compile(r"(?i)^\s*(?:(?:query(?:\s+string)?|URI|URL|path|header)\s+(?:parameter|argument|field)s?"
                        r"|(?:request\s+)?headers?"
                        r"|in\s+(?:the|your|an?)\s+(?:request\s+)?(?:headers?|query\s+string|URI|URL|path))\b")
"""Words after a name that make it the spelling on the wire: "the ``versionId`` query parameter", "a
``versionId`` in your request header"."""
_CASED = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[a-z0-9][A-Z]|[A-Z][a-z])[A-Za-z0-9]*$")
"""A name of two words or more whose case shows (``WidgetName``, ``DNSName``, ``widgetName``): one word in
capitals is a value, and one capitalised word (``Task``) as often a value as a name."""
_ERROR_NAME = re.compile(r"(?:Exception|Fault|Error)$")


def fits_convention(index: CodeIndex, name: str, wire: bool) -> bool:
    """Whether a name's case is the API's, by the other names the page writes (`cases`):

    * one lowercase word (``status``) shows no case of its own: not where the page writes it in another case
      (``maxitems`` beside ``MaxItems``) or writes more names in PascalCase than in lowerCamelCase;
    * a name the text calls a query parameter, a header or a path parameter (``wire``) is the spelling on the
      wire, which may not be the API's (the ``versionId`` query parameter of ``VersionId``): in lowerCamelCase
      only where the page writes other names so and no more in PascalCase;
    * any other name shows its case: not against a clear majority of the page, two names or more and twice as
      many as those in its own case (``SolutionVersionArn`` among ``campaignConfig``, ``minProvisionedTPS``…).
    """
    key = op_key(name)
    counted = cases(index.doc)
    upper = sum(u for k, (u, _l) in counted.items() if k != key)
    lower = sum(l_ for k, (_u, l_) in counted.items() if k != key)
    if LOWER_WORD.match(name):
        return upper <= lower and not any(spelling != name for spelling in index.prose_names().get(key, ()))
    same, other = (lower, upper) if name[:1].islower() else (upper, lower)
    if wire and name[:1].islower():
        return same >= max(other, 1)
    return other < 2 or other < 2 * same


_CASES: dict[int, tuple[Document, dict[str, tuple[int, int]]]] = {}
"""id(document) → (document, its `cases`): read once per document, on first need."""


def cases(doc: Document) -> dict[str, tuple[int, int]]:
    """Folded name → how often the running text writes it in code in PascalCase and in lowerCamelCase. Names of
    one word (``ACTIVE``, ``Task``, ``status``), error names (``WidgetException``), operation names and names of
    data types ("a ``RoutingConfig`` object") say nothing of how the page spells its inputs."""
    cached = _CASES.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    if len(_CASES) > 256:
        _CASES.clear()
    counts: dict[str, list[int]] = {}
    for _trail, block in doc.walk():
        if not isinstance(block, Paragraph):
            continue
        text, offset = block.text, 0
        for run in block.inlines:
            offset += len(run.text)
            word = run.text.strip()
            if (run.kind != "code" or not _CASED.match(word) or _ERROR_NAME.search(word)
                    or is_operation_name(word) or names_a_type(text[offset:offset + 30])):
                continue
            counts.setdefault(op_key(word), [0, 0])[0 if word[0].isupper() else 1] += 1
    found = {key: (upper, lower) for key, (upper, lower) in counts.items()}
    _CASES[id(doc)] = (doc, found)
    return found
