"""Operations in every spelling: API name, boto3 method, CLI command, Java method,
X-Amz-Target value, HTTP method + URI. The spec builder merges spellings by `op_key`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from harness.docmodel import Document, Inline, Paragraph, Section
from harness.extract.calls import java_client_site, java_clients, python_calls
from harness.extract.facts import Fact, OperationHttp, OperationName, OperationSummary, op_key
from harness.extract.mention_cues import is_call, names_a_type, term_heads
from harness.extract.scope import Scope, amz_target, is_operation_name
from harness.extract.text import Sentence, cite, code_blocks, is_label, lower_camel, paragraphs, pascal, split_sentences

_DOC_SITE = re.compile(r"^https?://docs\.aws\.amazon\.com/(?:goto/[^/]+/(?P<goto>[a-z0-9-]+?)-\d{4}-\d{2}-\d{2}/|"
                       r"cli/[^/]+/reference/(?P<cli>[a-z0-9-]+)/|(?P<site>[A-Za-z0-9-]+)/)")
_IAM_CONTEXT = re.compile(r"\b(?:actions?|permissions?|polic(?:y|ies)|grants?)\b", re.I)
_FIELD_RECORD = re.compile(r"^\s*\S+\s+\([a-z ]+\)\s+--|[^\n]*\n\s*Type:\s")
_API_LINK = re.compile(r"(?:^|/)API_([A-Z][A-Za-z0-9]+)(?:\.html|\.md)?(?:#.*)?$")
_GOTO = re.compile(r"/goto/[^/]+/[a-z0-9-]+-\d{4}-\d{2}-\d{2}/([A-Z][A-Za-z0-9]+)")
_NS_API_LINK = re.compile(r"(?:^|/)API_(?P<ns>[A-Za-z0-9]+(?:_[a-z0-9]+)*)_(?P<name>[A-Z][A-Za-z0-9]+)(?:\.html|\.md)?"
                          r"(?:#.*)?$")
"""``API_RS_GetWidget.html``, ``API_runtime_InvokeWidget.html``: a page of a sibling API (a runtime, a data
plane) that shares the docs site; the namespace is the site the mention points into."""
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
_KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
_LOWER_CAMEL = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$")
_CLI = re.compile(r"(?:^|\s|\$ )aws\s+(?P<service>[a-z0-9-]+)\s+(?P<command>[a-z0-9][a-z0-9-]*)")
_JAVA_CALL = re.compile(r"\b(?P<var>[A-Za-z_]\w*)\s*\.\s*(?P<method>[a-z]+(?:[A-Z][a-z0-9]*)+)\s*\(")
_JAVA_REQUEST = re.compile(r"\b(?P<op>[A-Z][A-Za-z0-9]+)Request\s*\.\s*builder\s*\(")


def link_site(target: str) -> str | None:
    """The service a documentation link points into (``docs.aws.amazon.com/rekognition/…`` → "rekognition",
    ``…/cli/latest/reference/widgets/…`` → "widgets")."""
    m = _DOC_SITE.match(target)
    return (m.group("goto") or m.group("cli") or m.group("site")) if m else None


def _style_of(word: str) -> tuple[str, str] | None:
    """Classify an identifier as a spelling of an operation: (style, api-name)."""
    if is_operation_name(word):
        return "api", word
    for style, pattern in (("python", _SNAKE), ("cli", _KEBAB), ("java", _LOWER_CAMEL)):
        if pattern.match(word) and is_operation_name(pascal(word)):
            return style, pascal(word)
    return None


@dataclass(frozen=True, slots=True)
class _Context:
    """What a paragraph's mentions are read against."""

    own: frozenset[str]
    """`op_key` of every operation the document defines."""
    about: str | None
    """The operation the paragraph's section is about, if any."""
    term: bool = False
    """The paragraph heads an item of a list of terms that are not operations."""
    action: bool = False
    """The paragraph heads an item of a list a permission sentence introduces."""


_MENTION_KINDS = frozenset({"link", "code", "strong"})
"""The runs `_inline_mentions` reads; the others only tell it whether a run opens its paragraph."""


def _inline_mentions(doc: Document, p: Paragraph, ctx: _Context) -> Iterator[Fact]:
    sentences: list[Sentence] | None = None  # split on first need, once per paragraph
    offset = 0
    text = p.text
    first = True
    for run in p.inlines:
        start = offset
        offset += len(run.text)
        if run.kind not in _MENTION_KINDS:
            if run.text.strip():
                first = False
            continue
        head, first = first, False
        if head and ctx.term and run.kind != "link":
            continue  # "``DeletePending`` - …" in a list of values or fields
        if run.kind != "link" and not _style_of(run.text.strip()) and "X-Amz-Target" not in run.text:
            continue  # what `_run_mention` would find nothing in, without splitting the paragraph for it
        if sentences is None:
            sentences = list(split_sentences(p))
        said = _sentence_at(sentences, start) or run.text.strip()
        around = (text[max(0, start - 80):start], text[offset:offset + 80])
        yield from _run_mention(doc, p, run, p.line_of(start), said, around, ctx, head and ctx.action)


def _sentence_at(sentences: list[Sentence], offset: int) -> str:
    """The sentence the character at ``offset`` stands in."""
    best = ""
    for s in sentences:
        if s.offset > offset:
            break
        best = s.text
    return best


_NAMES_A_FIELD = re.compile(r"^\W{0,2}\s*(?:input\s+|request\s+|response\s+)?(?:parameter|argument|field|attribute|"
                            r"property|member|key)s?\b", re.I)
"""What follows a name that names a field: "use the `DetectAttributes` input parameter"."""


def _run_mention(doc: Document, p: Paragraph, run: Inline, line: int, sentence: str, around: tuple[str, str],
                 ctx: _Context, action: bool) -> Iterator[Fact]:
    text = run.text.strip()
    before, after = around  # the sentence is cited only with a fact (most runs give none)
    # "grants PutObject permissions", an item of a list of permissions: an IAM action, not a call
    iam = action or bool(_IAM_CONTEXT.search(sentence))
    site = None
    if names_a_type(after):
        return
    if run.kind == "link" and run.target:
        site = link_site(run.target)
        absolute = run.target.startswith(("http://", "https://"))
        sibling = _NS_API_LINK.search(run.target)
        if sibling and is_operation_name(sibling.group("name")):
            yield OperationName(sibling.group("name"), "api", cite(doc, line, sentence), weak=True,
                                site=sibling.group("ns"))
            return
        for pattern in (_API_LINK, _GOTO):
            linked = pattern.search(run.target)
            if not linked:
                continue
            name = linked.group(1)
            if "#" in run.target and _style_of(text) is None and op_key(text) != op_key(name):
                return  # "``WidgetLimitExceeded`` <API_PutWidget.html#…>": a part of the linked page
            own = op_key(name) in ctx.own  # "See also: …/goto/WebAPI/…/ResyncWidgetMFA": the page's API spelling
            if own or is_operation_name(name):
                # an AWS "goto" link names the page's own operation in the API's spelling
                yield OperationName(name, "api", cite(doc, line, sentence), primary=pattern is _GOTO,
                                    weak=iam or (absolute and not site), site=site)
                return
    if run.kind == "strong" and _FIELD_RECORD.match(p.text):
        return  # "**StartTimestamp** *(integer) --*": a field of a structure, not an operation
    if _NAMES_A_FIELD.match(after):
        return
    found = _style_of(text)
    if found:
        # on the page of another operation, a name the sentence does not call is a passing mention
        # ("see ``DescribeWidgetSets``"), which must not make an operation of its own
        passing = (ctx.about is not None and op_key(text) != op_key(ctx.about) and run.kind != "link"
                   and not is_call(before, after))
        yield OperationName(text, found[0], cite(doc, line, sentence), weak=iam or found[0] != "api" or passing,
                            site=site)
    else:
        target = amz_target(text)
        if target:
            yield OperationName(f"{target[0]}.{target[1]}", "target", cite(doc, line, sentence))


def _code_mentions(doc: Document) -> Iterator[Fact]:
    """Spellings in code: CLI commands, calls on SDK clients, Java request builders, target headers."""
    for _trail, block in code_blocks(doc):
        lang = (block.language or "").lower()
        java = lang not in {"python", "py", "shell", "bash", "sh", "json"}
        clients = java_clients(block.code) if java else {}
        for i, code_line in enumerate(block.code.splitlines()):
            found = _line_mentions(block.code, code_line, java, clients)
            if found:  # a line is cited only when it names something (most name nothing)
                where = cite(doc, block.line + i, code_line)
                for name, style, site in found:
                    yield OperationName(name, style, where, site=site)
        if lang != "java":
            for call in python_calls(block):
                if is_operation_name(pascal(call.operation)):
                    yield OperationName(call.operation, "python", cite(doc, call.line, doc.source_line(call.line)),
                                        site=call.site)


def _line_mentions(code: str, code_line: str, java: bool, clients: dict[str, str]) -> list[tuple[str, str, str | None]]:
    """(spelling, style, site) of every operation one line of ``code`` names, in the order `_code_mentions`
    yields them; ``java`` when the block may be Java, ``clients`` its client variables (`java_clients`)."""
    found: list[tuple[str, str, str | None]] = []
    for m in _CLI.finditer(code_line):
        if is_operation_name(pascal(m.group("command"))):
            found.append((m.group("command"), "cli", m.group("service")))
    if java:
        for m in _JAVA_CALL.finditer(code_line):
            if "client" in m.group("var").lower() and is_operation_name(pascal(m.group("method"))):
                found.append((m.group("method"), "java", clients.get(m.group("var"))))
        for m in _JAVA_REQUEST.finditer(code_line):
            if is_operation_name(m.group("op")):
                found.append((lower_camel(m.group("op")), "java", java_client_site(code, m.group("op"))))
    target = amz_target(code_line)
    if target:
        found.append((f"{target[0]}.{target[1]}", "target", None))
    return found


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    for d in scope.defined():
        yield OperationName(d.name, d.style, cite(doc, d.line, d.text), primary=True)
        if d.http:
            method, uri, line, text = d.http
            yield OperationHttp(d.name, method, uri, cite(doc, line, text))
    if scope.document and scope.document.style == "target":
        target = amz_target(doc.source_line(scope.document.line))
        if target:
            yield OperationName(f"{target[0]}.{target[1]}", "target",
                                cite(doc, scope.document.line, scope.document.text))
    for section_id, d in scope.sections.items():
        section = next((s for t, s in doc.walk() if id(s) == section_id and isinstance(s, Section)), None)
        summary = _summary_paragraph(section) if section is not None else None
        if summary is not None:
            yield OperationSummary(d.name, _first_sentence(summary), cite(doc, summary.line, _first_sentence(summary)))
    if scope.document and scope.document.style == "target":
        p = _first_prose(doc)
        if p is not None:
            yield OperationSummary(scope.document.name, _first_sentence(p), cite(doc, p.line, _first_sentence(p)))
    fields = _syntax_keys(doc)
    own = frozenset(op_key(d.name) for d in scope.defined())
    terms, actions = term_heads(doc.blocks, lambda name: _style_of(name) is not None)
    for trail, p in paragraphs(doc):
        if not any(run.kind in _MENTION_KINDS for run in p.inlines):
            continue  # only these runs mention operations (most paragraphs have none): no context to build
        ctx = _Context(own, scope.operation_at(trail), id(p) in terms, id(p) in actions)
        for fact in _inline_mentions(doc, p, ctx):
            if not (isinstance(fact, OperationName) and fact.style == "api" and fact.operation in fields
                    and not fact.primary):
                yield fact
    yield from _code_mentions(doc)


_KEY = re.compile(r"""^\s*['"]([A-Za-z_]\w*)['"]\s*:|^\s*([A-Za-z_]\w*)=""", re.M)


def _syntax_keys(doc: Document) -> set[str]:
    """Field names that request/response syntax blocks of the document spell out: a mention of one
    (``StartTimecode``) names a field, not an operation."""
    keys: set[str] = set()
    for _trail, block in code_blocks(doc):
        for m in _KEY.finditer(block.code):
            keys.add(m.group(1) or m.group(2))
    return keys


def _first_sentence(p: Paragraph) -> str:
    return next((s.text for s in split_sentences(p)), p.text.strip())


def _first_prose(doc: Document) -> Paragraph | None:
    for _trail, p in paragraphs(doc):
        text = p.text.strip()
        if text and not text.startswith(("http://", "https://")):
            return p
    return None


_ASIDES = {"note", "warning", "important", "tip", "caution", "attention", "danger", "hint", "seealso"}


def _summary_paragraph(section: Section) -> Paragraph | None:
    """The section's first prose paragraph, else its first subsection's (asides such as notes skipped)."""
    for block in section.blocks:
        if isinstance(block, Paragraph) and block.text.strip() and not is_label(block):
            return block
    for block in section.blocks:
        if isinstance(block, Section) and (block.anchor or "").lower() not in _ASIDES:
            found = _summary_paragraph(block)
            if found is not None:
                return found
    return None
