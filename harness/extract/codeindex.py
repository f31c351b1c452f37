"""One document's example code, read once: the calls it makes, what it reads from their results, and the exact
spelling of every field name the document writes.

Extractors share it through `index_of` (built on first use, kept on the `Scope`). Its main service is `resolve`:
a CLI option (``--min-provisioned-tps``) or a Java member (``minProvisionedTPS``, ``withMinConfidence``) has lost
the case of the API name, so the name is taken

1. from an exact spelling of the same operation's arguments or results (Python keywords, JavaScript keys, Python
   subscripts), folded as `op_key` folds operation names;
2. else from an exact spelling anywhere in the document (those, JSON keys), then in its running text's code;
3. else from the convention the document's exact names follow (PascalCase or lowerCamel; see `convention`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from harness.docmodel import CodeBlock, Document, Paragraph, Section
from harness.extract.calls import Call, calls_in, cli_commands
from harness.extract.examples import examples_of
from harness.extract.facts import op_key
from harness.extract.results import Read, cli_output_reads, java_reads, python_reads
from harness.extract.scope import Scope, is_operation_name
from harness.extract.text import lower_camel, pascal

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_JSON_KEY = re.compile(r"""["']([A-Za-z][A-Za-z0-9]*)["']\s*:""")


@dataclass(frozen=True, slots=True)
class Located:
    """A call or a read with the sections around its code block."""

    trail: tuple[Section, ...]
    block: CodeBlock


@dataclass(slots=True)
class CodeIndex:
    doc: Document
    calls: list[tuple[Call, Located]] = field(default_factory=list)
    """Every operation call of the document's code, in document order."""
    reads: list[tuple[Read, Located]] = field(default_factory=list)
    """Every output field the code reads."""
    spelled: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Folded name → exact spellings anywhere in the document, counted."""
    by_op: dict[str, dict[str, Counter[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    """Operation key → folded name → exact spellings of its arguments and results."""
    prose: dict[str, Counter[str]] | None = None
    """Folded name → exact spellings in the running text's code (read on first need)."""

    def resolve(self, operation: str, spelled: str, exact: bool) -> str:
        """The API spelling of a field of ``operation`` written ``spelled`` (see the module docstring)."""
        if exact:
            return spelled
        key = op_key(spelled)
        mine = self.by_op.get(op_key(operation), {}).get(key)
        if mine:
            return _most(mine)
        anywhere = self.spelled.get(key)
        if anywhere:
            return _most(anywhere)
        said = self.prose_names().get(key)
        if said:
            return _most(said)
        return pascal(spelled) if self.convention(operation) == "pascal" else lower_camel(spelled)

    def convention(self, operation: str) -> str:
        """"pascal" or "camel": how the exact names of ``operation``'s arguments and results begin, else those of
        the whole document's calls, else any exact name it writes. AWS APIs mostly use PascalCase, so that is the
        choice when the document shows no exact name at all."""
        for names in (self.by_op.get(op_key(operation), {}), self._call_names(), self.spelled, None):
            names = self.prose_names() if names is None else names
            upper = sum(n for counter in names.values() for s, n in counter.items() if s[:1].isupper())
            lower = sum(n for counter in names.values() for s, n in counter.items() if s[:1].islower())
            if upper != lower:
                return "pascal" if upper > lower else "camel"
        return "pascal"

    def prose_names(self) -> dict[str, Counter[str]]:
        if self.prose is None:
            self.prose = _prose_names(self.doc)
        return self.prose

    def _call_names(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = defaultdict(Counter)
        for names in self.by_op.values():
            for key, counter in names.items():
                out[key].update(counter)
        return out

    def operations_passing(self, trail: tuple[Section, ...], name: str) -> list[str]:
        """Operations whose calls pass ``name`` (folded), in the innermost enclosing section that has any."""
        key = op_key(name)
        for depth in range(len(trail), -1, -1):
            inside = trail[:depth]
            found = {op_key(c.operation): c.operation for c, at in self.calls
                     if at.trail[:depth] == inside and any(op_key(a.name) == key for a in c.args)}
            if found:
                return list(found.values())
        return []

    def argument(self, operation: str, name: str) -> str | None:
        """The exact spelling of an argument of ``operation`` folded equal to ``name``, when the code passes one."""
        mine = self.by_op.get(op_key(operation), {}).get(op_key(name))
        return _most(mine) if mine else None


def _most(counter: Counter[str]) -> str:
    return max(sorted(counter), key=lambda s: counter[s])


def index_of(doc: Document, scope: Scope) -> CodeIndex:
    found = scope.cache.get("code")
    if isinstance(found, CodeIndex):
        return found
    index = CodeIndex(doc)
    for trail, block, example in examples_of(doc, scope):
        _code(index, trail, block, example.language)
    scope.cache["code"] = index
    return index


def _code(index: CodeIndex, trail: tuple[Section, ...], block: CodeBlock, lang: str) -> None:
    code = block.code
    at = Located(trail, block)
    for call in calls_in(block, lang):
        if not is_operation_name(pascal(call.operation)):
            continue
        index.calls.append((call, at))
        for arg in call.args:
            if arg.exact:
                index.by_op[op_key(call.operation)][op_key(arg.name)][arg.name] += 1
                index.spelled[op_key(arg.name)][arg.name] += 1
    reads: list[Read] = python_reads(block) if lang == "python" or "boto3" in code else []
    if lang in {"java", "kotlin"}:
        reads += java_reads(block)
    if "aws " in code:
        for command in cli_commands(block):
            reads += cli_output_reads(block, command.call.operation, command.end, command.call.site)
    for read in reads:
        index.reads.append((read, at))
        if read.exact:
            index.by_op[op_key(read.operation)][op_key(read.name)][read.name] += 1
            index.spelled[op_key(read.name)][read.name] += 1
    if "{" in code and lang in {"json", "javascript", "python", "shell", "text"}:
        for m in _JSON_KEY.finditer(code):
            index.spelled[op_key(m.group(1))][m.group(1)] += 1


def _prose_names(doc: Document) -> dict[str, Counter[str]]:
    """Field names the document's running text writes in code (``Status``, ``campaignArn``), folded."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for _trail, block in doc.walk():
        if isinstance(block, Paragraph):
            for run in block.inlines:
                if run.kind == "code":
                    word = run.text.strip()
                    if _NAME.match(word) and not is_operation_name(word):
                        out[op_key(word)][word] += 1
    return out
