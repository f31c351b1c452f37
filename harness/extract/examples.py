"""Examples: every code block as an `Example` with its language, kind and operation.

Language comes from `examples_language` (declared, data form, tab title, code form). Kind, by language family
(`KIND_RULES`):

* shell — ``cli`` when it runs ``aws <service> <command>``, ``curl`` when it runs curl, else ``other``;
* http — ``request`` for a request line (``POST /v1/…``), ``response`` for a status line (``HTTP/1.1 200``);
* program code — ``sdk`` when it calls an operation or uses an SDK; a boto3 ``response = client.x(`` under a
  "Request Syntax" cue is the ``request``, a dict literal under "Response Syntax" the ``response``; else ``other``;
* data and text (json, xml, yaml, text…) — ``request`` or ``response`` by the block's cue, else ``response`` for an
  API envelope (``{"success": …}``, ``{"error_code": …}``), else ``other``.

The cue is read from the paragraph just before the block in the same section ("Successful response", "Sample
request", "**Response Syntax**"), else from the nearest enclosing section title that names a request or response
("Request Syntax", "Example Responses", "Sample Request").

Operation: the call the code makes (`examples_operation.choose`); for raw requests and data samples the
X-Amz-Target or matching route, else the section's operation (`Scope.operation_at`), else — for a response — the
operation of the example just before it in the same section (a CLI command and its output), else the last
operation the preceding paragraph names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from harness.docmodel import CodeBlock, Document, ListBlock, Paragraph, Section
from harness.extract import examples_language as lang
from harness.extract import examples_operation as ops
from harness.extract.facts import Example, Fact, op_key
from harness.extract.scope import Scope, is_operation_name
from harness.extract.text import cite, pascal


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


REQUEST_CUES = (
    r"(?:sample|example)s?\s+(?:\w+\s+)?requests?",
    r"requests?\s+(?:syntax|examples?|samples?|body|bodies)",
    r"following\s+request",
)
"""Phrases of a preceding paragraph that announce a request: "Sample request", "Request body:"."""

RESPONSE_CUES = (
    r"(?:sample|example|successful|failed|failure|success|error)s?\s+(?:\w+\s+)?(?:responses?|output)",
    r"responses?\s+(?:syntax|examples?|samples?|body|bodies|from)",
    r"following\s+(?:response|output)",
    r"output\s+from",
    r"(?:output|response)\s+(?:is|looks|should\s+look|resembles|will\s+be|displays|shows)",
    r"example\s+of\s+(?:the|a)\s+(?:response|output)",
    r"(?:is|are)\s+(?:displayed|returned|shown)",
    r"displays?,?\s+(?:as\s+|for\s+)?(?:example|follows|the\s+following)",
    r"returns?\s+(?:the\s+following|a\s+response|output)",
    r"status\s+code:?\s+\d{3}",
)
"""Phrases that announce a response or a command's output: "Successful response", "The ARN is displayed, for
example:", "Status code: 200"."""

_REQUEST_CUE = _any(*REQUEST_CUES)
_RESPONSE_CUE = _any(*RESPONSE_CUES)
_TITLE_REQUEST = _any(r"requests?\s+(?:syntax|examples?|samples?|body)", r"(?:sample|example)s?\s+requests?",
                      r"^\s*requests?\s*$")
_TITLE_RESPONSE = _any(r"responses?\s+(?:syntax|examples?|samples?|body)",
                       r"(?:sample|example|operation)s?\s+responses?", r"^\s*responses?\s*$")
_ENVELOPE = re.compile(r'^\s*\{\s*"(?:success|is_success|error|error_code|error_msg|errorCode|errorMessage|__type)"\s*:')
_SDK_MARKER = re.compile(r"\bboto3\b|\bbotocore\b|software\.amazon|com\.amazonaws|@aws-sdk|\baws-sdk\b|"
                         r"\bAmazon\.[A-Z]|\b[A-Z]\w*Client\b|\.client\(")
_PY_REQUEST = re.compile(r"^\s*(?:\w+\s*=\s*)?\w+\.[a-z][a-z0-9_]*\(")
_API_LINK = re.compile(r"(?:^|/)API_(?:[A-Z]{2,}_)?([A-Z][A-Za-z0-9]+)(?:\.html|\.md)?(?:#.*)?$")
_SNAKE_KEBAB_CAMEL = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+$|^[a-z]+(?:[A-Z][a-z0-9]*)+$")


@dataclass(frozen=True, slots=True)
class Cue:
    """What the text around a block says it is."""

    kind: str | None
    """"request" | "response" | None."""
    paragraph: Paragraph | None
    """The paragraph just before the block in its section, if any."""


# ── kind ──────────────────────────────────────────────────────────────────────


_CURL = re.compile(r"^[ \t]*(?:\$[ \t]*)?curl\b", re.MULTILINE)


def _shell_kind(code: str, cue: Cue) -> str:
    if ops.CLI_COMMAND.search(code):
        return "cli"
    if _CURL.search(code):
        return "curl"
    return "other"


def _http_kind(code: str, cue: Cue) -> str:
    return "response" if lang.HTTP_STATUS.match(lang.first_line(code)) else "request"


def _code_kind(code: str, cue: Cue) -> str:
    if lang.is_python_data(code):
        return cue.kind or "other"
    if cue.kind == "request" and _PY_REQUEST.match(code) and "\n\n" not in code.strip():
        return "request"
    return "sdk"


def _data_kind(code: str, cue: Cue) -> str:
    if cue.kind:
        return cue.kind
    if _ENVELOPE.match(code):
        return "response"
    return "other"


KIND_RULES: dict[str, Callable[[str, Cue], str]] = {
    "shell": _shell_kind,
    "powershell": _shell_kind,
    "http": _http_kind,
    **{name: _code_kind for name in lang.SDK_LANGUAGES},
}
"""Language → kind rule; languages not listed are data or text (`_data_kind`)."""


def kind_of(language: str, code: str, cue: Cue) -> str:
    return KIND_RULES.get(language, _data_kind)(code, cue)


# ── the walk ──────────────────────────────────────────────────────────────────


@dataclass(slots=True)
class _Walk:
    """State carried through one document walk."""

    doc: Document
    scope: Scope
    last_paragraph: dict[int, Paragraph] = field(default_factory=dict)
    """Innermost section id → the last paragraph seen in it."""
    last_operation: dict[int, str] = field(default_factory=dict)
    """Innermost section id → operation of the last example seen in it."""
    mentions: dict[int, frozenset[str]] = field(default_factory=dict)
    """Section id → keys of the operations its own paragraphs name (cache for `section_mentions`)."""
    topics: dict[int, frozenset[str]] = field(default_factory=dict)
    """Innermost section id → words of the titles around it (cache for `topic`)."""
    cues: dict[int, str | None] = field(default_factory=dict)
    """Paragraph id → what it announces (cache for `_cue`)."""

    def section_mentions(self, trail: tuple[Section, ...]) -> frozenset[str]:
        """Operation keys named in the paragraphs directly under the enclosing sections."""
        out: set[str] = set()
        for section in trail:
            found = self.mentions.get(id(section))
            if found is None:
                found = frozenset(op_key(m) for p in _direct_paragraphs(section) for m in _paragraph_operations(p))
                self.mentions[id(section)] = found
            out |= found
        return frozenset(out)

    def topic(self, trail: tuple[Section, ...]) -> frozenset[str]:
        key = id(trail[-1]) if trail else 0
        found = self.topics.get(key)
        if found is None:
            found = ops.topic_words([self.doc.title] + [s.text for s in trail if not s.tab])
            self.topics[key] = found
        return found


def _direct_paragraphs(section: Section) -> Iterator[Paragraph]:
    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from (b for b in item.blocks if isinstance(b, Paragraph))


def _paragraph_operations(p: Paragraph) -> Iterator[str]:
    """Operations a paragraph names, in order: API links, and code/link/bold runs spelled as operations."""
    for run in p.inlines:
        if run.kind == "link" and run.target:
            m = _API_LINK.search(run.target)
            if m and is_operation_name(m.group(1)):
                yield m.group(1)
                continue
        if run.kind in ("code", "link", "strong"):
            word = run.text.strip()
            if is_operation_name(word) or (_SNAKE_KEBAB_CAMEL.match(word) and is_operation_name(pascal(word))):
                yield word


def paragraph_cue(text: str) -> str | None:
    """"request" or "response" when the text announces one (the later phrase wins when it announces both)."""
    request, response = _REQUEST_CUE.search(text), _RESPONSE_CUE.search(text)
    if request and response:
        return "request" if request.start() > response.start() else "response"
    return "request" if request else "response" if response else None


def _cue(w: _Walk, trail: tuple[Section, ...], paragraph: Paragraph | None) -> Cue:
    if paragraph is not None:
        if id(paragraph) not in w.cues:
            w.cues[id(paragraph)] = paragraph_cue(paragraph.text)
        said = w.cues[id(paragraph)]
        if said:
            return Cue(said, paragraph)
    for section in reversed(trail):
        title = section.text
        if _TITLE_RESPONSE.search(title):
            return Cue("response", paragraph)
        if _TITLE_REQUEST.search(title):
            return Cue("request", paragraph)
    return Cue(None, paragraph)


def _operation(w: _Walk, trail: tuple[Section, ...], block: CodeBlock, found: list[ops.Call], kind: str,
               cue: Cue) -> str | None:
    section_op = w.scope.operation_at(trail)
    if found:
        return ops.choose(found, section_op, w.topic(trail), w.section_mentions(trail))
    if kind not in ("request", "response", "curl"):
        return None
    named = ops.target_or_route(block.code, w.scope.defined())
    if named or section_op:
        return named or section_op
    if kind == "response" and trail and id(trail[-1]) in w.last_operation:
        return w.last_operation[id(trail[-1])]
    if cue.paragraph is not None:
        names = list(_paragraph_operations(cue.paragraph))
        if names:
            return names[-1]
    return None


def _example(w: _Walk, trail: tuple[Section, ...], block: CodeBlock) -> Example | None:
    code = block.code
    lines = code.splitlines()
    index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if index is None:
        return None
    key = id(trail[-1]) if trail else 0
    cue = _cue(w, trail, w.last_paragraph.get(key))
    language = lang.language_of(code, block.language, block.title)
    found = ops.calls(language, code)
    kind = kind_of(language, code, cue)
    if kind == "sdk" and not found and not _SDK_MARKER.search(code):
        kind = "other"
    operation = _operation(w, trail, block, found, kind, cue)
    if operation and kind in ("cli", "sdk", "curl", "request"):
        w.last_operation[key] = operation
    return Example(language, kind, operation, code, cite(w.doc, block.line + index, lines[index]))


def examples_of(doc: Document, scope: Scope) -> list[tuple[tuple[Section, ...], CodeBlock, Example]]:
    """Every example of the document with its block and enclosing sections (read once, kept on the scope)."""
    cached = scope.cache.get("examples")
    if isinstance(cached, list):
        return cached
    w = _Walk(doc, scope)
    out = []
    for trail, block in doc.walk():
        if isinstance(block, Paragraph):
            w.last_paragraph[id(trail[-1]) if trail else 0] = block
        elif isinstance(block, CodeBlock):
            found = _example(w, trail, block)
            if found is not None:
                out.append((trail, block, found))
    scope.cache["examples"] = out
    return out


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for _trail, _block, example in examples_of(doc, scope):
        yield example
