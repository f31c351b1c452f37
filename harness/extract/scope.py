"""Which operation a part of a document is about.

A reference page is about one operation (an API page's title, a boto3 ``py:method``
directive, a REST page's ``URI`` section, an ``X-Amz-Target`` URL); parameters,
outputs and errors found under it belong to that operation. Guide pages are about
no single operation: facts there name their operation in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from harness.docmodel import CodeBlock, Document, Paragraph, Section
from harness.extract.text import base_verb, camel_words, pascal

VERBS = frozenset(
    """abort accept acknowledge activate add allocate apply archive assign associate attach authorize batch build
    cancel change check claim clone close commit complete compute configure confirm connect continue convert copy
    count create deactivate decline decode decrease define delete deploy deprecate deregister describe detach detect
    disable disassociate discover distribute download edit enable encrypt end estimate evaluate execute export extend fail filter
    finish flush generate get grant import increase index initiate insert install invite invoke issue join label launch
    list load lock merge migrate modify monitor mount move notify obtain open optimize patch pause poll predict prolong
    promote provision publish purchase purge put query read rebuild reboot receive recognize redact refresh register
    reject release reload remove rename renew replace reset resize restart restore resume retrieve retry revoke rotate
    run save scale scan schedule search select send set share show sign simulate split start stop submit subscribe suspend
    switch sync tag terminate test train transfer translate trigger unarchive undeploy uninstall unlock unmount
    unregister unsubscribe untag update upgrade upload validate verify view write""".split()
)
"""First words of operation names (``Stop``ProjectVersion); English verbs, not any API's names."""

NOUN_ENDINGS = frozenset(
    """arn arns id ids name names config configuration configs summary summaries value values key keys mode
    expression type types status input output response request result results details detail list map set
    properties property attributes attribute settings parameters options info metadata data timecode timestamp
    millis scope""".split()
)
"""Last words that make a name a field or a data type (``FilterArn``, ``TagKeys``), not an operation."""

NOUN_VERBS = frozenset(
    """filter tag import export label start end index apply batch search test train run schedule count issue
    lock monitor scan sign split switch transfer trigger view load copy estimate release""".split()
)
"""First words that are nouns as often as verbs: only with them does a noun ending (``FilterArn``) make a
field; ``GetSMSAttributes`` and ``GetAccountSettings`` stay operations."""

_IDENT = re.compile(r"^[A-Z][a-z]+(?:[A-Z0-9][A-Za-z0-9]*)+$")
_PY_METHOD = re.compile(r"^(?P<cls>[A-Z][\w]*)\.Client\.(?P<method>[a-z][a-z0-9_]*)\s*\(")
_HTTP_LINE = re.compile(r"^(?P<method>GET|PUT|POST|DELETE|PATCH|HEAD)\s+(?:https?://\S+?)?(?P<uri>/[^\s?]*)(?:\?\S*)?"
                        r"(?:\s+HTTP/\d(?:\.\d)?)?\s*$")
_TARGET = re.compile(r"X-Amz-Target[=:]\s*(?P<prefix>[A-Za-z0-9_]+)\.(?P<op>[A-Z][A-Za-z0-9]+)")


@lru_cache(maxsize=65536)
def is_operation_name(word: str) -> bool:
    """"StopWidgetVersion" → True; "WidgetVersion", "ARN", "Stop" → False."""
    if not _IDENT.match(word):
        return False
    words = [w.lower() for w in camel_words(word)]
    if len(words) < 2 or words[0] not in VERBS:
        return False
    if words[0] in NOUN_VERBS and words[-1] in NOUN_ENDINGS:
        return False
    if len(words) >= 3 and words[-1] in {"request", "response"}:  # a request or response shape's name
        return False
    if words[-1] in {"exception", "fault", "error"}:  # an error's name (``WidgetConflictException``)
        return False
    if words[0] == "batch":  # BatchGetItem is an operation, BatchInferenceJob a resource
        return words[1] in VERBS
    return True


def py_method(text: str) -> tuple[str, str] | None:
    """"Rekognition.Client.stop_project_version(**kwargs)" → ("Rekognition", "stop_project_version")."""
    m = _PY_METHOD.match(text.strip())
    return (m.group("cls"), m.group("method")) if m else None


def http_line(text: str) -> tuple[str, str] | None:
    """"POST /v1/{project_id}/jobs/{job_id}/stop" → ("POST", "/v1/{project_id}/jobs/{job_id}/stop")."""
    m = _HTTP_LINE.match(text.strip())
    return (m.group("method"), m.group("uri")) if m else None


def amz_target(text: str) -> tuple[str, str] | None:
    if "X-Amz-Target" not in text:  # asked of every run and code line; the test is cheaper than the search
        return None
    m = _TARGET.search(text)
    return (m.group("prefix"), m.group("op")) if m else None


def title_operation(title: str) -> str | None:
    """A REST page's title as an operation name: "Stopping a Training Job" → "StopTrainingJob"."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", title)]
    if not words or not words[0].lower().endswith("ing"):
        return None
    verb = base_verb(words[0])
    rest = [w for w in words[1:] if w.lower() not in {"a", "an", "the", "of", "for", "to", "in", "on", "by", "with", "from"}]
    return pascal(verb.capitalize() + "".join(w[:1].upper() + w[1:] for w in rest)) if rest else None


@dataclass(frozen=True, slots=True)
class Defined:
    """An operation a section (or the whole document) is about."""

    name: str
    style: str
    """"api" | "python" | "target" | "title"."""
    line: int
    text: str
    http: tuple[str, str, int, str] | None = None
    """(method, uri, line, text) when the section states the HTTP route."""


@dataclass(slots=True)
class Scope:
    doc: Document
    sections: dict[int, Defined] = field(default_factory=dict)
    """id(Section) → the operation that section is about."""
    document: Defined | None = None
    """The operation the whole document is about, when one is."""
    cache: dict[str, object] = field(default_factory=dict)
    """What extractors read once per document and share (`codeindex.index_of`, `examples.examples_of`)."""
    _at: dict[int, str | None] = field(default_factory=dict)
    """id(innermost section of a trail), or 0 for none → `operation_at` (asked for every block by every
    extractor; a trail is the path to its innermost section, so that section decides)."""

    def operation_at(self, trail: tuple[Section, ...]) -> str | None:
        key = id(trail[-1]) if trail else 0
        try:
            return self._at[key]
        except KeyError:
            pass
        found = self.document.name if self.document else None
        for section in reversed(trail):
            defined = self.sections.get(id(section))
            if defined:
                found = defined.name
                break
        self._at[key] = found
        return found

    def defined(self) -> list[Defined]:
        out = list(self.sections.values())
        if self.document and all(d.name != self.document.name for d in out):
            out.append(self.document)
        return out


_ROUTE_SECTIONS = {"uri", "url", "request uri", "http request", "request syntax", "request"}


def _section_http(section: Section, syntax: bool = False) -> tuple[str, str, int, str] | None:
    """The ``METHOD /uri`` line directly in the section, or in its ``URI`` subsection, or opening the
    code of its ``Request Syntax`` (``POST /personalize-ranking HTTP/1.1``)."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            found = http_line(block.text)
            if found:
                return found[0], found[1], block.line, block.text.strip()
        if isinstance(block, CodeBlock) and ("\n" not in block.code.strip() or syntax):
            first = block.code.strip().split("\n", 1)[0]
            found = http_line(first)
            if found:
                return found[0], found[1], block.line, first.strip()
        if isinstance(block, Section) and block.text.strip().lower() in _ROUTE_SECTIONS:
            inner = _section_http(block, syntax="syntax" in block.text.lower())
            if inner:
                return inner
    return None


def _defines(section: Section, doc: Document) -> Defined | None:
    title = section.text.strip()
    found = py_method(title)
    if found:
        return Defined(found[1], "python", section.line, title)
    http = _section_http(section)
    if _IDENT.match(title) and is_operation_name(title) and (http or _has_call_sections(section)):
        return Defined(title, "api", section.line, title, http)
    if http:
        name = _name_from_meta(doc) if section.level <= 1 else None
        name = name or title_operation(title) or _name_from_meta(doc)
        if name:
            return Defined(name, "title", section.line, title, http)
    return None


_CALL_SECTION = re.compile(r"\b(?:request|response|errors?|syntax|parameters|examples?)\b", re.I)


def _has_call_sections(section: Section) -> bool:
    """An API page about an operation has Request/Response/Errors subsections; a data-type page does not."""
    names = [b.text for b in section.blocks if isinstance(b, Section)]
    return sum(bool(_CALL_SECTION.search(n)) for n in names) >= 2


def _name_from_meta(doc: Document) -> str | None:
    original = dict(doc.meta).get("original_name", "")
    stem = original.rsplit(".", 1)[0]
    return stem if is_operation_name(stem) else None


def scope_of(doc: Document) -> Scope:
    scope = Scope(doc)
    for _trail, block in doc.walk():
        if isinstance(block, Section):
            found = _defines(block, doc)
            if found:
                scope.sections[id(block)] = found
    if len(scope.sections) == 1:
        scope.document = next(iter(scope.sections.values()))
    if scope.document is None:
        scope.document = _target_paragraph(doc)
    return scope


def _target_paragraph(doc: Document) -> Defined | None:
    """An HTML documentation string opening with ``…#X-Amz-Target=Prefix.Operation``."""
    seen = 0
    for _trail, block in doc.walk():
        if isinstance(block, Paragraph) and block.text.strip():
            found = amz_target(block.text)
            if found and block.text.lstrip().startswith(("http://", "https://")):
                return Defined(found[1], "target", block.line, block.text.split()[0])
            seen += 1
            if seen >= 3:
                return None
    return None
