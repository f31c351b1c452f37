"""Shared by the enum and state-machine extractors: what a state name looks like,
which operations a document mentions, and how resources are named.

State names. In prose a state is only ever a word that looks like a constant
(``CREATE_PENDING``, ``STOPPED``, ``CREATE IN_PROGRESS`` — uppercase words, several
joined by single spaces) or a run the document marks up as code or bold
(``**Active**``). `StateText` turns a sentence into text where every marked-up
state reads as a placeholder, so one set of patterns covers both.

Resources. A resource is named in PascalCase. `op_resource` derives it from an
operation name by dropping the verb, a trailing nominalisation (``Creation``,
``Deletion``) and a plural ``s``: StopWidgetVersionCreation → WidgetVersion,
DescribeProjectVersions → ProjectVersion. `resource_of` chooses between that and
the noun phrase a sentence uses ("the solution version" → SolutionVersion): the
noun phrase wins when some operation the document mentions acts on a resource of
that name, otherwise the operation's resource does (guides call a ProjectVersion
"the model"), otherwise the noun phrase.

Mentions. `DocIndex` lists every operation a document names — links to
``API_X`` pages, inline code and bold runs, PascalCase words in running text,
method calls and CLI commands in code — with the sections it appears under, built
in one walk and shared by both extractors (`doc_index`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from harness.docmodel import CodeBlock, Document, Inline, Paragraph, Section
from harness.extract.facts import Cite
from harness.extract.scope import VERBS, Scope, is_operation_name
from harness.extract.text import Sentence, base_verb, camel_words, cite, pascal, split_sentences

# ---- what a state looks like ------------------------------------------------------------

_WORD = r"[A-Z](?:[A-Z0-9]|_(?=[A-Z0-9]))+"
CONST = rf"(?<![\w\-.]){_WORD}(?: {_WORD})*(?![\w\-])"
"""An enum-constant-looking state: uppercase words, several joined by single spaces."""
SLOT = rf"(?:{CONST}|\x00\d+\x00)"
"""A state in a pattern: a constant, or the placeholder of a marked-up state (see `StateText`)."""
SLIST = rf"{SLOT}(?:\s*,\s*{SLOT})*(?:\s*,?\s+(?i:or|and)\s+{SLOT})?"
"""One or several states: "A", "A or B", "A, B, and C"."""

CONST_RE = re.compile(CONST)
SLOT_RE = re.compile(SLOT)

ACRONYMS = frozenset(
    """AWS API APIS ARN ARNS CLI SDK SDKS IAM ID IDS JSON YAML XML HTML HTTP HTTPS URL URLS URI UTC TPS CSV TSV
    KMS VPC DNS SSL TLS GPU GPUS CPU CPUS RAM ML AI OK NOTE TIP IMPORTANT WARNING TODO FAQ SQL REST MB GB KB TB
    SHA MD5 UUID UTF OBS ECS EVS SFS IP TCP UDP SSH RSA PEM OR AND NOT TRUE FALSE NULL NONE AK SK S3 EC2 SNS SQS
    PDF PNG JPEG JPG GIF""".split()
)
"""Uppercase words of documentation prose that are never states."""

_MARKED = re.compile(r"^(?:[A-Z][A-Za-z0-9]*(?:[_ -][A-Za-z0-9]+){0,2}|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)$")


def is_const(text: str) -> bool:
    """"CREATE_PENDING", "CREATE IN_PROGRESS", "ACTIVE" → True; "AWS", "Active", "A" → False."""
    return bool(CONST_RE.fullmatch(text)) and not all(w in ACRONYMS for w in text.split())


@dataclass(slots=True)
class StateText:
    """A sentence with its marked-up states replaced by placeholders ``\\x00n\\x00``."""

    text: str
    marked: list[str]

    def spell(self, slot: str) -> str:
        """The state as written for a matched slot (a constant, or a placeholder)."""
        slot = slot.strip()
        if slot.startswith("\x00"):
            return self.marked[int(slot.strip("\x00"))]
        return slot

    def states(self, text: str) -> list[str]:
        """Every state in ``text`` (a span of `self.text`), as written, acronyms left out."""
        out = []
        for m in SLOT_RE.finditer(text):
            s = self.spell(m.group(0))
            if s in self.marked or is_const(s):
                out.append(s)
        return out


def marked_states(p: Paragraph) -> list[str]:
    """Runs of ``p`` marked as code or bold that could name a state (``Active``, ``in_progress``)."""
    out = []
    for run in p.inlines:
        if run.kind in ("code", "strong", "emphasis"):
            t = run.text.strip()
            if t and _MARKED.match(t) and not is_const(t) and not is_operation_name(t) and t not in out:
                out.append(t)
    return out


def state_text(sentence: str, marked: list[str]) -> StateText:
    text = sentence
    used: list[str] = []
    for token in sorted(marked, key=len, reverse=True):
        if token in text:
            pattern = re.compile(r"(?<![\w\x00])" + re.escape(token) + r"(?![\w\x00])")
            if pattern.search(text):
                text = pattern.sub(f"\x00{len(used)}\x00", text)
                used.append(token)
    return StateText(text, used)


# ---- resources -------------------------------------------------------------------------

NOMINALISATIONS = frozenset({"Creation", "Deletion"})
"""Trailing words of an operation name that name the action, not the resource."""
READ_VERBS = frozenset({"Describe", "Get", "List", "Query", "Check", "Obtain", "View", "Read", "Search", "Count"})
"""Verbs of operations that read a resource rather than change it."""

_NOT_NOUN = (r"(?!(?:is|are|was|were|be|been|can|could|may|might|must|should|will|would|has|have|had|does|do|that|"
             r"which|who|whose|in|of|to|for|with|from|by|on|at|and|or|but|after|before|when|once|while|if|then|"
             r"the|a|an|state|states|status|statuses|changes|transitions|moves|goes|it|its|back)\b)")
NP = rf"(?P<np>{_NOT_NOUN}[a-z][a-z0-9\-]*(?: {_NOT_NOUN}[a-z][a-z0-9\-]*){{0,3}})"
"""A lowercase noun phrase of one to four words, ending before a verb, preposition or "status"."""
_NP_STOP = frozenset({"it", "its", "this", "that", "status", "state", "current", "original", "new", "which"})


def singular(name: str) -> str:
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if len(name) > 3 and name.endswith("s") and not name.endswith(("ss", "us", "is", "as")):
        return name[:-1]
    return name


def op_resource(op: str) -> str | None:
    """StopWidgetVersionCreation → WidgetVersion, DescribeProjectVersions → ProjectVersion."""
    words = camel_words(pascal(op.rsplit(".", 1)[-1]))
    if len(words) < 2 or words[0].lower() not in VERBS:
        return None
    rest = words[1:]
    if len(rest) > 1 and rest[-1] in NOMINALISATIONS:
        rest = rest[:-1]
    rest[-1] = singular(rest[-1])
    return "".join(w[:1].upper() + w[1:] for w in rest)


def np_resource(np: str | None) -> str | None:
    """"solution version" → SolutionVersion; None for pronouns and empty phrases."""
    if not np:
        return None
    words = [w for w in np.split() if w not in ("a", "an", "the", "your", "each", "every")]
    if not words or words[0] in _NP_STOP or words[-1] in _NP_STOP:
        return None
    return pascal(" ".join(words[:-1] + [singular(words[-1])]))


def op_verb(op: str) -> str:
    words = camel_words(pascal(op))
    return words[0] if words else ""


# ---- mentions of operations ---------------------------------------------------------------

_API_LINK = re.compile(r"(?:^|/)API_([A-Z][A-Za-z0-9]+)(?:\.html|\.md)?(?:#.*)?$")
_GOTO = re.compile(r"/goto/[^/]+/[a-z0-9-]+-\d{4}-\d{2}-\d{2}/([A-Z][A-Za-z0-9]+)$")
_PASCAL_WORD = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[A-Z][a-z0-9]*)+\b")
"""A PascalCase word (``\\b[A-Z][a-z]+…``, the boundary tested after the capital: a pattern that opens with a
character set is searched by skipping to that set's characters, one that opens with ``\\b`` at every position)."""
_SPELLING = re.compile(r"^(?:[a-z][a-z0-9]*(?:[_\-][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]*)+"
                       r"|[A-Z][a-z]+(?:[A-Z][A-Za-z0-9]*)+)$")
_PY_CALL = re.compile(r"\.\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*\(")
_JAVA_CALL = re.compile(r"\.\s*([a-z]+(?:[A-Z][a-z0-9]*)+)\s*\(")
_CLI = re.compile(r"\baws\s+[a-z0-9-]+\s+([a-z][a-z0-9]*(?:-[a-z0-9]+)+)")


def as_operation(spelling: str) -> str | None:
    """Any spelling of an operation name → its PascalCase form, or None when it is not one."""
    s = spelling.strip()
    if not _SPELLING.match(s):
        return None
    name = pascal(s) if not s[:1].isupper() else s
    return name if is_operation_name(name) else None


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    """PascalCase operation name."""
    line: int
    text: str
    """The sentence or code line naming it (for citations)."""


@dataclass(slots=True)
class DocIndex:
    """Every operation a document mentions, and where."""

    doc: Document
    scope: Scope
    mentions: list[Mention] = field(default_factory=list)
    by_section: dict[int, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    names: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)
    """`op_resource` of every operation mentioned or defined: the document's known resources."""

    def add(self, name: str, line: int, trail: tuple[Section, ...], text: str) -> None:
        m = Mention(name, line, text)
        self.mentions.append(m)
        for s in trail:
            self.by_section[id(s)].append(m)
        if name not in self.names:
            self.names.add(name)
            r = op_resource(name)
            if r:
                self.resources.add(r)

    def by_verb(self, verb: str, trail: tuple[Section, ...], hint: str = "") -> str | None:
        """The operation with first word ``verb`` mentioned nearest to ``trail``: innermost section first."""
        verb = verb[:1].upper() + verb[1:].lower()
        for section in reversed(trail):
            found = _best([m.name for m in self.by_section.get(id(section), ()) if op_verb(m.name) == verb], hint)
            if found:
                return found
        return _best([m.name for m in self.mentions if op_verb(m.name) == verb], hint)

    def mention_cite(self, name: str) -> Cite:
        """A citation of the first place the document names operation ``name``."""
        m = next(m for m in self.mentions if m.name == name)
        return cite(self.doc, m.line, m.text)

    def named(self, candidates: list[str]) -> str | None:
        """The first of ``candidates`` the document mentions."""
        return next((c for c in candidates if c in self.names), None)


def _best(names: list[str], hint: str) -> str | None:
    if not names:
        return None
    if hint:
        hinted = [n for n in names if hint in n]
        if hinted:
            names = hinted
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: counts[n])


def paragraph_mentions(p: Paragraph) -> list[tuple[str, int, str]]:
    """Operations named in a paragraph: (PascalCase name, line, sentence)."""
    out: list[tuple[str, int, str]] = []
    offset = 0
    sentences: list[Sentence] | None = None
    for run in p.inlines:
        start = offset
        offset += len(run.text)
        names = _run_operations(run)
        if names:
            if sentences is None:
                sentences = list(split_sentences(p))
            said = next((s for s in reversed(sentences) if s.offset <= start), sentences[0] if sentences else None)
            line = p.line_of(start)
            out.extend((n, line, said.text if said else run.text) for n in names)
    return out


def _run_operations(run: Inline) -> list[str]:
    if run.kind == "link" and run.target:
        for pattern in (_API_LINK, _GOTO):
            m = pattern.search(run.target)
            if m and is_operation_name(m.group(1)):
                return [m.group(1)]
    if run.kind in ("link", "code", "strong"):
        name = as_operation(run.text)
        if name:
            return [name]
        if run.kind == "code":
            return [n for n in (as_operation(w) for w in _code_words(run.text)) if n]
        return []
    if run.kind == "text":  # the search is quicker than a test for a capital letter in Python
        return [w for w in _PASCAL_WORD.findall(run.text) if is_operation_name(w)]
    return []


def _code_words(code: str) -> list[str]:
    return [m.group(1) for m in _PY_CALL.finditer(code)] + [m.group(1) for m in _CLI.finditer(code)]


def code_mentions(block: CodeBlock) -> list[tuple[str, int, str]]:
    out = []
    java = (block.language or "").lower() not in ("python", "py", "shell", "bash", "sh", "json")
    for i, code_line in enumerate(block.code.split("\n")):
        if "(" not in code_line and "aws " not in code_line:
            continue
        names = [m.group(1) for m in _PY_CALL.finditer(code_line)] + [m.group(1) for m in _CLI.finditer(code_line)]
        if java:
            names += [m.group(1) for m in _JAVA_CALL.finditer(code_line)]
        for n in names:
            name = as_operation(n)
            if name and "Request" not in name:
                out.append((name, block.line + i, code_line.strip()))
    return out


_IDENTIFIER = re.compile(r"\b((?:[A-Z][a-z0-9]+)+?)(?:Name|Arn|ARN|Id|ID)\b")


def _identified(text: str) -> set[str]:
    """Resources a document identifies by name, ARN or ID: ``WidgetName``, ``WidgetArn`` → Widget."""
    if "Name" not in text and "Arn" not in text and "ARN" not in text and "Id" not in text and "ID" not in text:
        return set()
    return {m.group(1) for m in _IDENTIFIER.finditer(text)}


_CACHE: list[DocIndex] = []


def doc_index(doc: Document, scope: Scope) -> DocIndex:
    """The mentions of ``doc``, built once per document and shared by both extractors."""
    if _CACHE and _CACHE[0].doc is doc:
        return _CACHE[0]
    index = DocIndex(doc, scope)
    for d in scope.defined():
        name = as_operation(d.name)
        if name:
            index.add(name, d.line, (), d.text)
    for trail, block in doc.walk():
        if isinstance(block, Paragraph):
            for name, line, said in paragraph_mentions(block):
                index.add(name, line, trail, said)
            for run in block.inlines:
                if run.kind in ("code", "strong"):
                    index.resources.update(_identified(run.text))
        elif isinstance(block, CodeBlock):
            for name, line, said in code_mentions(block):
                index.add(name, line, trail, said)
            index.resources.update(_identified(block.code))
    _CACHE[:] = [index]
    return index


# ---- context -------------------------------------------------------------------------------


def title_verb(trail: tuple[Section, ...], doc: Document) -> tuple[str, str] | None:
    """The verb of the nearest section title that starts with one, and the title's noun words in
    PascalCase: "Stopping the creation of a solution version" → ("Stop", "CreationOfSolutionVersion")."""
    titles = [s.text for s in reversed(trail) if not s.tab] + [doc.title]
    for title in titles:
        words = re.findall(r"[A-Za-z][A-Za-z0-9]*", re.sub(r"\(.*?\)", "", title))
        if not words:
            continue
        first = words[0]
        verb = base_verb(first) if first.lower().endswith("ing") else first
        if verb.lower() in VERBS:
            rest = [w for w in words[1:] if w.lower() not in _SMALL]
            return verb.capitalize(), pascal(" ".join(rest))
    return None


_SMALL = frozenset({"a", "an", "the", "of", "for", "to", "in", "on", "by", "with", "from", "your", "and", "or"})


def resolve_operation(index: DocIndex, trail: tuple[Section, ...], verb: str | None = None) -> str | None:
    """The operation a part of a document is about: the section's own (a reference page), else the
    mentioned operation whose verb is ``verb`` or the verb of the nearest section title."""
    own = index.scope.operation_at(trail)
    if own and (verb is None or op_verb(own).lower() == verb.lower()):
        return as_operation(own) or pascal(own)
    tv = title_verb(trail, index.doc)
    if verb is None and tv is None:
        return None
    want = verb or (tv[0] if tv else "")
    hint = _title_hint(tv[1]) if tv else ""
    return index.by_verb(want, trail, hint)


def _title_hint(nouns: str) -> str:
    """The last two words of a title's nouns, to prefer "…SolutionVersion…" among several Stop operations."""
    words = camel_words(nouns)
    return "".join(words[-2:]) if words else ""


# ---- lists of states and values ----------------------------------------------------------

_ARROW = re.compile(r"\s*(?:>|→|->|=>|⇒)\s*")
_OR = re.compile(r"\s+(?:-or-|or|\|)\s+|\s*,\s*")


def chain(text: str) -> list[list[str]] | None:
    """"A > B > C -or- D" → [[A], [B], [C, D]]; None unless every element is a constant."""
    parts = _ARROW.split(text.strip().rstrip("."))
    if len(parts) < 2:
        return None
    out = []
    for part in parts:
        alts = [a.strip() for a in _OR.split(part) if a.strip()]
        if not alts or not all(is_const(a) for a in alts):
            return None
        out.append(alts)
    return out


def first_line(item_text: str) -> str:
    return item_text.split("\n", 1)[0].strip()


def resource_of(np: str | None, op: str | None, index: DocIndex, prefer_np: bool = False) -> str | None:
    """The resource a statement is about (see the module docstring): with ``prefer_np`` the noun
    phrase wins when the document knows a resource of that name; otherwise the operation's resource."""
    from_np = np_resource(np)
    from_op = op_resource(op) if op else None
    if prefer_np and from_np and from_np in index.resources:
        return from_np
    return from_op or from_np


def list_resource(intro: Paragraph, op: str | None) -> str | None:
    """The resource whose states a list introduced by ``intro`` names: the noun phrase ("A batch job can
    be in one of the following states:" → BatchJob); else, when the introduction speaks of a status under
    a field heading other than the status itself ("** datasetExportJob ** … The status is one of the
    following values:"), the field in PascalCase; else the resource of the operation ``op``."""
    text = intro.text
    found = np_resource(states_intro(text))
    if found:
        return found
    field = field_heading(intro)
    if field and _STATUS_WORD.search(text) and not STATUS_FIELD.search(field):
        return pascal(field)
    return op_resource(op) if op else None


_STATUS_WORD = re.compile(r"\b(?:status|state)\b", re.IGNORECASE)
STATUS_FIELD = re.compile(r"(?:status|state)$", re.IGNORECASE)
"""A field named like a status: ``status``, ``WidgetStatus``, ``lifecycleState``."""
_IDENT = re.compile(r"^[A-Za-z_][\w.\-]*$")


def field_heading(p: Paragraph) -> str | None:
    """`` ** status ** `` / `` ** [status](#…) ** `` opening an API reference field description."""
    if not p.inlines:
        return None
    head = p.inlines[0]
    if head.kind not in ("strong", "link") or not _IDENT.match(head.text.strip()):
        return None
    if head.kind == "link" and not (head.target or "").startswith("#"):
        return None
    if len(p.inlines) == 1 or p.inlines[1].text.startswith("\n"):
        return head.text.strip()
    return None


def describe_operation(resource: str, index: DocIndex) -> str | None:
    """``Describe<Resource>`` (or its plural, or ``Get<Resource>``) when the document mentions it."""
    return index.named([f"Describe{resource}", f"Describe{resource}s", f"Get{resource}", f"Get{resource}s"])


STATE_INTRO = re.compile(rf"(?:^|\b)(?:[Aa]n?|[Tt]he|[Ee]ach)\s+{NP}\s+(?:can|could|may|will)\s+be\s+in\s+"
                          rf"(?:one\s+of\s+)?the\s+following\s+(?:states|statuses|status(?:es)?)\b")
_STATUS_OF = re.compile(rf"\b[Tt]he\s+(?:current\s+)?(?:status|state)\s+of\s+(?:the|a|an|your)\s+{NP}\s*[.,:]")


def states_intro(text: str) -> str | None:
    """The resource noun phrase of a list of states' introduction: "A solution version can be in one of
    the following states:" → "solution version"; "The status of the batch job. The status is one of …"."""
    m = STATE_INTRO.search(text) or _STATUS_OF.search(text)
    return m.group("np") if m else None
