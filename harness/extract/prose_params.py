"""Parameters named in running text.

Sentence forms (a name is a code run: ``MinConfidence``, ``campaign-config``):

* "the `WidgetVersionArn` input parameter", "passing a `X` as the input parameter", "parameters `X`";
* "Specify the model's ARN (`ResourceArn`) and the tags (`Tags`)" — a verb that asks for input and names in
  parentheses;
* optional — "If you omit the `X` parameter", "If you don't specify a value for `X`", "Optionally change the `X`",
  and, without a code run, "Optionally provide a filter ARN" when the words fold to an argument the section's
  example calls pass (``filterArn``): these say ``required=False``;
* a list after "… supply the following." (or "the following input parameters") in a paragraph that names the
  operation, each item naming one parameter (``The ARN of the project (`ProjectArn`)``, ```ProjectArn` – …``);
  a list of a command line's or a program's arguments is not one.

The operation: the first one the sentence names, else the one the section is about, else the last one an earlier
sentence of the paragraph names, else the one whose example calls in the enclosing section pass the name. A name
whose case a code run cannot be trusted with (kebab-case, snake_case, or all lowercase in a list) counts only when
an example call of that operation passes it, and takes the call's exact spelling.

On a reference page (a section about one operation, or an operation's documentation string) the forms are
stricter (`_reference_sentence`): "`Name` parameter" and lists of names that share the word; and, held back
where the page has a request side of its own (records, request syntax) that states its inputs, names asked for
without the word: "specify either `A` or `B`", "an optional `X`", "if a `X` is specified", "`X` in the request",
"specify `v` as the `X`", "call `Op` with a unique `X`". Not inputs: a "response parameter", "each `X`
parameter" (an element of a list), "the `X` parameter in the same operations", a word in capitals, a name whose
case the page's other names contradict (`name_case`), and the items of a list introduced as "one of the
following" values. The operation is the last one the sentence names before the name, else the one "parameter
in `Op`" names after it, else the one a sentence before told the reader to call when this one goes on with an
instruction ("Specify …"), else the page's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Iterator

from harness.docmodel import Document, ListBlock, Paragraph, Section
from harness.extract.codeindex import CodeIndex
from harness.extract.facts import Cite, Parameter, op_key
from harness.extract.mention_cues import CALL_AFTER, is_call
from harness.extract.name_case import LOWER_WORD, WIRE_AFTER, fits_convention
from harness.extract.operations import link_site
from harness.extract.scope import is_operation_name
from harness.extract.text import cite, split_sentences

_TRIGGER = re.compile(r"(?i)\b(?:parameters?|arguments?|optional(?:ly)?|omit|leave\s+out|specify|specifying|supply|"
                      r"provide|pass(?:ing)?)\b")
_AFTER_PARAMETER = re.compile(r"^\s*(?:\([^)]{1,60}\)\s*)?(?:[a-z]+\s+){0,3}(?:parameter|argument)s?\b")
_BEFORE_PARAMETER = re.compile(r"(?i)\b(?:parameter|argument)s?\s*$")
_ASKS = re.compile(r"(?i)\b(?:specify|supply|provide|pass|set|include|enter)\b")
_OPTIONAL_VERBS = r"(?:provide|specify|supply|pass|include|change|set|add|use|enter)"
_IF_NOT = (r"if\s+you\s+(?:omit|leave\s+out|don[’']?t\s+" + _OPTIONAL_VERBS + r"|do\s+not\s+" + _OPTIONAL_VERBS + ")")
_BEFORE_OPTIONAL = re.compile(r"(?i)(?:" + _IF_NOT + r"|optionally\s+" + _OPTIONAL_VERBS + r")"
                              r"(?:\s+(?:a\s+)?values?\s+for)?\s+(?:(?:an?|the|your)\s+)?$")
_OPTIONAL_WORDS = re.compile(r"(?i)\b(?:" + _IF_NOT + r"|optionally\s+" + _OPTIONAL_VERBS + r")"
                             r"(?:\s+(?:a\s+)?values?\s+for)?\s+(?:(?:an?|the|your)\s+)?"
                             r"(?P<words>[A-Za-z0-9]+(?:\s+[A-Za-z0-9]+){0,3})")
_LIST_INTRO = re.compile(r"(?i)\b(?:supply|specify|provide|pass|set|include|enter)\b[^.]*\bfollowing\b[^.]*[.:]?\s*$"
                         r"|\bfollowing\s+(?:input\s+)?(?:parameters|arguments|inputs)\b")
_ONE_OF = re.compile(r"(?i)\bone\s+of\s+the\s+following\b(?!\s+(?:[a-z]+\s+)?(?:parameters|arguments|inputs)\b)")
"""A choice among values ("the type is one of the following:", "specify one of the following tier options"),
not a list of inputs; "one of the following parameters" still is."""
_PROGRAM = re.compile(r"(?i)\bcommand[\s-]+line\b|\bprogram\b|\bscript\b")
"""An introduction to a program's own arguments, not an operation's."""
_CODE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
_EXACT = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


@dataclass(frozen=True, slots=True)
class _Run:
    start: int
    end: int
    kind: str
    text: str
    target: str | None


def _runs(p: Paragraph) -> list[_Run]:
    out, offset = [], 0
    for run in p.inlines:
        out.append(_Run(offset, offset + len(run.text), run.kind, run.text.strip(), run.target))
        offset += len(run.text)
    return out


def _operation_runs(runs: list[_Run], text: str = "") -> list[tuple[str, str | None, int]]:
    """Operations the runs name, with the service their link is bound to and where they stand (a name right
    before "parameter", or in a list of names that is, is the parameter's: ``ResetAllWidgets`` parameter,
    ``EnableWidgetSync`` and ``EnableWidgetCache`` parameters)."""
    parameters = {r.start for group in _groups(text, runs) if _DIRECT.match(text[group[-1].end:group[-1].end + 40])
                  for r in group}
    out = []
    for r in runs:
        if r.kind in {"link", "code", "strong"} and is_operation_name(r.text) and r.start not in parameters:
            out.append((r.text, link_site(r.target) if r.kind == "link" and r.target else None, r.start))
    return out


def _called(runs: list[_Run], text: str) -> tuple[str, str | None] | None:
    """The last operation the runs name as one to call: "call ``ListWidgets``", "use the ``Search`` API" (a name
    of one word only with the word "API", "operation" or the like after it)."""
    found = None
    for r in runs:
        if r.kind not in {"link", "code", "strong"} or not _OPERATION_WORD.match(r.text):
            continue
        before, after = text[max(0, r.start - 60):r.start], text[r.end:r.end + 60]
        if CALL_AFTER.match(after) or (is_operation_name(r.text) and is_call(before, after)):
            found = (r.text, link_site(r.target) if r.kind == "link" and r.target else None)
    return found


_OPERATION_WORD = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)*$")


def _groups(text: str, runs: list[_Run]) -> list[list[_Run]]:
    """The code runs, in lists of coordinated names ("``A``, ``B``, and ``C``"); a name alone is a list of one."""
    groups: list[list[_Run]] = []
    for r in runs:
        if r.kind != "code" or not r.text:
            continue
        if groups and _COORDINATED.match(text[groups[-1][-1].end:r.start]):
            groups[-1].append(r)
        else:
            groups.append([r])
    return groups


def sentence_parameters(doc: Document, index: CodeIndex, trail: tuple[Section, ...], p: Paragraph,
                        scope_op: str | None, held: list[Parameter] | None = None) -> Iterator[Parameter]:
    """Parameters the sentences of ``p`` name. On a reference page (``scope_op``, the operation the section is
    about) only the reference forms count (see the module docstring): a guide's looser forms would bind names
    there to the page's own operation by default. Those of them that ask for a name without calling it a
    parameter go to ``held`` when it is given, for the caller to keep only where no records state the inputs."""
    text = p.text
    if scope_op is not None and not any(run.kind == "code" and run.text for run in p.inlines):
        return  # a reference page names inputs in code (most paragraphs have none: cheaper than the search)
    trigger = _TRIGGER if scope_op is None else _REFERENCE_TRIGGER
    if not trigger.search(text):
        return
    runs = _runs(p)
    sentences = list(split_sentences(p, trail))
    earlier: tuple[str, str | None] | None = None
    called: tuple[str, str | None] | None = None  # an operation the sentence before told the reader to call
    for i, s in enumerate(sentences):
        end = sentences[i + 1].offset if i + 1 < len(sentences) else len(text)
        mine = [r for r in runs if s.offset <= r.start < end]
        named = _operation_runs(mine, text)
        raw = text[s.offset:end]
        if trigger.search(raw):
            said = cite(doc, s.line, s.text)
            if scope_op is not None:
                default = called if called and not named and _IMPERATIVE.match(raw) else (scope_op, None)
                for found, plain in _reference_sentence(index, text, mine, named, default, said):
                    if plain or held is None:
                        yield found
                    else:
                        held.append(found)
            else:
                yield from _guide_sentence(index, trail, text, mine, named, earlier, raw, said)
        if named:
            earlier = named[-1][:2]
        called = _called(mine, text)


_AFTER_PARAMETER_REF = re.compile(r"^\s*(?:\([^)]{1,60}\)\s*)?(?:[a-z]+\s+){0,2}(?:parameter|argument)s?\b")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$|^[a-z]+(?:[A-Z][a-z0-9]*)+$")
"""A name a reference page's prose spells exactly: PascalCase or lowerCamelCase (``familyPrefix``); a word in
capitals is a value ("specify ``INDEX`` for the ``SORTBY`` parameter" misspells ``SortBy``). One
lowercase word (``status``) may be a lowerCamel name or a wire name that lost its case (``maxitems`` for
``MaxItems``): see `name_case.fits_convention`."""
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:optionally,?\s+)?$")
"""The words between two names of one list: "``MaxItems`` and ``Marker`` parameters"."""
_PARAMETERS_INCLUDE = re.compile(r"(?i)\b(?:parameter|argument)s?\s+(?:include|are|such\s+as)\s*:?\s*$"
                                 r"|\bfollowing\s+(?:parameter|argument)s?\s*:?\s*$")
"""Words that open a list of names: "These parameters include ``Role``, and …"."""
_DIRECT = re.compile(r"^\s*(?:parameter|argument)s?\b")
_REFERENCE_TRIGGER = re.compile(r"(?i)\b(?:parameters?|arguments?|optional(?:ly)?|omit|leave\s+out|specify|specifying|"
                                r"supply|provide|pass(?:ing)?|specified|provided|supplied|set|request|call|run|invoke|"
                                r"retry)\b")
"""Words a reference page's sentence about an input has: `_TRIGGER`'s, the passive and "in the request" of
`_PASSIVE_AFTER` and `_IN_REQUEST_AFTER`, and the calls of `_ASKED_BEFORE`."""
_ASKED_BEFORE = re.compile(
    r"(?i)(?:\b(?:specify|provide|supply|pass|include)\s+(?:either\s+|both\s+)?(?:the\s+|an?\s+)?"
    r"|\b(?:specify|specifying|set|setting|pass|passing|provide|providing|use|using)\s+[^\s,.;:]+\s+(?:as|for)\s+"
    r"(?:the|an?)\s+"
    r"|\b(?:call|run|invoke|retry)\s+(?:the\s+)?[A-Z][A-Za-z0-9]+\s+(?:(?:operation|API|action)\s+)?with\s+"
    r"(?:the\s+|an?\s+)?(?:[a-z]+\s+)?)$")
"""Words before a name that ask for it as an input: "You must specify either ``A`` or ``B``", "specify
``restore`` as the ``AttributeName``", "Run ``StartWidget`` with a unique ``clientToken``"."""
_AN_OPTIONAL = re.compile(r"(?i)\ban?\s+optional\s+$")
""""You can provide an optional ``Description``": an input, not required."""
_ASKED_ALONE = re.compile(r"(?i)^\s*(?:[,.;:)]|$|(?:or|and|but|if|when|unless|in|with|because)\b)")
"""What follows a name asked for as such: punctuation or a new clause, not a noun whose it is ("specify the
``WidgetGroup`` name", "the ``PartNumber`` value") nor the name the value is for ("specify ``Widget`` for the
``Kind`` parameter")."""
_PASSIVE_AFTER = re.compile(r"(?i)^\s+(?:is|are)\s+(?:not\s+)?(?:specified|provided|supplied|passed|set)\b(?!\s+to\b)")
_CONDITION_BEFORE = re.compile(r"(?i)\b(?:if|when|unless)\s+(?:an?\s+|the\s+)?$")
""""If a ``WidgetName`` is specified", "when ``A`` and ``B`` are set": an input ("when the ``WidgetMode`` is set to
``Fast``" speaks of a resource's setting)."""
_IN_REQUEST_AFTER = re.compile(r"(?i)^\s+in\s+(?:the|your|an?|each)\s+(?:[a-z]+\s+)?request\b")
""""If you did not use a ``WidgetFilter`` in the list request": an input."""
_IMPERATIVE = re.compile(r"\s*(?:Specify|Set|Pass|Provide|Supply|Include|Enter|Use|Populate)\b")
"""A sentence that goes on with an instruction ("Use the ``Search`` API. Specify ``Widget`` for the ``Kind``
parameter."): when it names no operation, its names are the inputs of the one the sentence before called."""
_OUTPUT_AFTER = re.compile(r"(?i)^\s*(?:[a-z]+\s+)?(?:response|output|result)\s+(?:parameter|argument)s?\b")
_OUTPUT_BEFORE = re.compile(r"(?i)\b(?:response|output|result)\s+(?:parameter|argument)s?\s*$")
"""A response's field called a parameter: "returned in the ``UnprocessedWidgets`` response parameter"."""
_EACH = re.compile(r"(?i)\beach\s+$")
""""Each ``WidgetVariant`` parameter": an element of a list, which a request can hold many of, not an input."""
_OTHER_OPERATIONS = re.compile(r"(?i)^\s*(?:parameter|argument)s?\s+(?:in|of|for|to)\s+(?:the\s+)?"
                               r"(?:same|these|those|other|both|all)\s+(?:[a-z]+\s+)?(?:operations|actions|APIs|requests)\b")
""""use the ``JobId`` parameter in the same operations": a parameter of operations the text named before."""
_PARAMETER_OF = re.compile(r"^\s*(?:[a-z]+\s+){0,2}(?:parameter|argument)s?\s+(?:in|of|for|to|with)\s+(?:the\s+|an?\s+)?(?P<op>[A-Z][A-Za-z0-9]+)")
""""the ``JobId`` parameter in ``GetWidgetReport``", "the ``Kinds`` input parameter of ``StartWidgetScan``": the
parameter of the operation named right after it."""


def _reference_sentence(index: CodeIndex, text: str, runs: list[_Run], named: list[tuple[str, str | None, int]],
                        default: tuple[str, str | None], said: Cite) -> Iterator[tuple[Parameter, bool]]:
    """Names with "parameter" after or before them; a coordinated list of names ("``A``, ``B``, and ``C``
    parameters", "parameters include ``A`` and ``B``") shares the word. A name is the input of the operation the
    sentence names last before it, else of the one "parameter in ``X``" names, else of ``default``: an operation
    named after it is where its value goes or comes from ("Specify the ``WidgetKey`` parameter, to encrypt the
    results of all future ``ListWidgets`` calls")."""
    for group in _groups(text, runs):
        first, last = group[0], group[-1]
        ahead = [n for n in named if n[2] < first.start]
        bound = ahead[-1][:2] if ahead else default
        before, after = text[max(0, first.start - 60):first.start], text[last.end:last.end + 100]
        if _OUTPUT_AFTER.match(after) or _OUTPUT_BEFORE.search(before) or _OTHER_OPERATIONS.match(after):
            continue
        shared = (_AFTER_PARAMETER_REF.match(after) or _BEFORE_PARAMETER.search(before)
                  or _PARAMETERS_INCLUDE.search(before))
        optional = bool(_BEFORE_OPTIONAL.search(before) or _AN_OPTIONAL.search(before))
        asked = (((optional or _ASKED_BEFORE.search(before)) and _ASKED_ALONE.match(after))
                 or (_PASSIVE_AFTER.match(after) and _CONDITION_BEFORE.search(before))
                 or _IN_REQUEST_AFTER.match(after))
        direct = _DIRECT.match(text[last.end:last.end + 40])
        for r in group:
            own_before, own_after = text[max(0, r.start - 60):r.start], text[r.end:r.end + 100]
            if _EACH.search(own_before) or _OUTPUT_AFTER.match(own_after) or _OUTPUT_BEFORE.search(own_before):
                continue
            # a name shaped like an operation only right before "parameter" ("``ResetAllWidgets`` parameter")
            if is_operation_name(r.text) and not direct:
                continue
            if not (_PASCAL.match(r.text) or (direct and LOWER_WORD.match(r.text))):
                continue
            if not fits_convention(index, r.text, bool(WIRE_AFTER.match(own_after))):
                continue
            if shared or _AFTER_PARAMETER_REF.match(own_after) or _BEFORE_PARAMETER.search(own_before):
                of = _PARAMETER_OF.match(text[last.end:last.end + 120])
                target = (of.group("op"), None) if of and is_operation_name(of.group("op")) else bound
                yield Parameter(target[0], r.text, None, None, None, "", said, site=target[1]), True
            elif asked:
                yield Parameter(bound[0], r.text, False if optional else None, None, None, "", said, site=bound[1]), False


def _guide_sentence(index: CodeIndex, trail: tuple[Section, ...], text: str, runs: list[_Run],
                    named: list[tuple[str, str | None, int]], earlier: tuple[str, str | None] | None, raw: str,
                    said: Cite) -> Iterator[Parameter]:
    asks = bool(_ASKS.search(raw))
    seen: set[str] = set()
    for r in runs:
        if r.kind != "code" or not _CODE_NAME.match(r.text) or is_operation_name(r.text):
            continue
        before, after = text[max(0, r.start - 60):r.start], text[r.end:r.end + 100]
        optional = bool(_BEFORE_OPTIONAL.search(before) or _AN_OPTIONAL.search(before))
        bound = named[0][:2] if named else earlier
        if not (optional or _AFTER_PARAMETER.match(after) or _BEFORE_PARAMETER.search(before)):
            if not (asks and before.rstrip().endswith("(") and after.lstrip().startswith(")")):
                continue
            # "Specify the ARN (`ResourceArn`)": the operation asked of is named before the name; one named
            # after it is where the value comes from ("pass the job identifier (`JobId`) from the call to X")
            ahead = [n for n in named if n[2] < r.start]
            if not ahead and named:
                continue
            bound = ahead[-1][:2] if ahead else earlier
        found = _bind(index, trail, r.text, bound, strict=False)
        if found:
            operation, name, site = found
            seen.add(op_key(name))
            yield Parameter(operation, name, False if optional else None, None, None, "", said, site=site)
    for m in _OPTIONAL_WORDS.finditer(raw):
        words = m.group("words").split()
        for k in range(len(words), 0, -1):
            folded = op_key("".join(words[:k]))
            if folded in seen:
                break
            ops = index.operations_passing(trail, folded)
            if len(ops) == 1:
                exact = index.argument(ops[0], folded)
                if exact:
                    yield Parameter(ops[0], exact, False, None, None, "", said)
                    break


def _bind(index: CodeIndex, trail: tuple[Section, ...], written: str, bound: tuple[str, str | None] | None,
          strict: bool) -> tuple[str, str, str | None] | None:
    """(operation, exact name, site) for a name the text writes, or None when it cannot be placed."""
    if bound is None:
        ops = index.operations_passing(trail, written)
        if len(ops) != 1:
            return None
        bound = (ops[0], None)
    operation, site = bound
    exact = index.argument(operation, written)
    if exact:
        return operation, exact, site
    if not _EXACT.match(written) or written == written.lower():
        return None  # the case of ``campaign-config`` or ``bucket`` says nothing of the API's spelling
    if strict and written[:1].islower() and index.convention(operation) != "camel":
        return None
    return operation, written, site


def list_parameters(doc: Document, index: CodeIndex, trail: tuple[Section, ...], intro: Paragraph, block: ListBlock,
                    scope_op: str | None) -> Iterator[Parameter]:
    """A list of inputs after "… supply the following." (see the module docstring)."""
    text = intro.text.strip()
    last = text.rsplit("\n", 1)[-1]
    if not text or not _LIST_INTRO.search(last) or _PROGRAM.search(text) or _ONE_OF.search(last):
        return
    named = _operation_runs(_runs(intro))
    bound = named[-1][:2] if named else ((scope_op, None) if scope_op else None)
    if bound is None:
        return  # a list of a program's own arguments, say: only an operation named up front makes them inputs
    for item in block.items:
        p = next((b for b in item.blocks if isinstance(b, Paragraph)), None)
        if p is None:
            continue
        runs = [r for r in _runs(p) if r.text]
        code = next((i for i, r in enumerate(runs) if r.kind == "code"), None)
        if code is None:
            continue
        r = runs[code]
        before, after = p.text[:r.start], p.text[r.end:]
        leading = code == 0 and re.match(r"^\s*(?:[-–—:]|\s)", after) is not None
        enclosed = before.rstrip().endswith("(") and after.lstrip().startswith(")")
        if not (leading or enclosed) or not _CODE_NAME.match(r.text):
            continue
        found = _bind(index, trail, r.text, bound, strict=True)
        if found:
            operation, name, site = found
            yield Parameter(operation, name, None, None, None, "", cite(doc, p.line, p.text.split("\n", 1)[0]),
                            site=site)
