"""State machines: transitions, preconditions, initial and terminal states, and where the
status is read — from prose, list items and example code.

Rules, each a pattern over one sentence (states are constants or marked-up runs, see
`states_common`):

* **Transitions** (confidence "stated"): "A changes to B", "A changes to B and then C",
  "changes from A to B", "transitions from A to B", arrow chains "A > B > C -or- D" /
  "A → B" / "A -> B", and two consecutive "sets the status to A" … "sets the status to B"
  (also "is put into the A state", "sets the ``WidgetStatus`` to A") in one paragraph. Polling loops in
  code give "inferred" transitions (see `states_code`).
* **A call that sets a status** ("Upon receiving the request, … sets the status of the widget to
  UPDATING", "After a DeleteWidget request, the widget is in the DELETING state until …"): a Create…
  call's status is the initial state; any other call's is a transition (confidence "inferred") from
  the state a later sentence says it comes "back to", else from each state a precondition of the
  document allows the call in — unless the document states that call's transitions outright.
* **Trigger** — the operation whose call causes the first step: an operation named in the
  sentence that is not a read; else the operation the section is about (a reference page);
  else the operation the document mentions whose verb is the verb of the nearest section
  title ("Stopping the creation of a widget version" → Stop → StopWidgetVersionCreation), innermost
  section first; else None. Later steps ("and then C", "> C", the second of two "sets the
  status to" sentences) have trigger None: the service moves on by itself. Chains in a list
  of a resource's states ("can be in one of the following states") describe its life cycle:
  every step has trigger None, except a step into a state of another verb (INACTIVE →
  ``START PENDING``) when the document mentions ``<Verb><Resource>`` (StartRecommender).
* **Resource** — `states_common.resource_of`: for transitions the trigger's resource wins,
  for preconditions and roles the noun phrase does when the document knows a resource of
  that name ("A solution … must be ACTIVE before calling CreateSolutionVersion" → Solution);
  a life-cycle list's resource is `states_common.list_resource`, the one its enum is named
  after. A role stated without any ("FAILED is a terminal state") belongs to the resource of
  the last state fact before it.
* **Preconditions**: "If your X has a status of A or B, you can <verb> …", "X must be in the A
  state before calling Op", "Wait until the status is A before calling Op", "<Verb>s a X that
  is in a state of A or B" (a reference page's summary), "You can only <verb> … when the
  status is A". The operation is the one named in the clause, else the one whose verb the
  clause uses.
* **Terminal**: "You can't resume … after it has stopped" / "cannot be restarted" → the state
  the document's transitions of that resource end in whose name ends with the participle
  (``CREATE_STOPPED``); "A is a final/terminal state". **Initial**: "is created in the A
  state", "starts in A", "The initial status is A".
* **Where the status is read** (`StateMachineInfo`): a sentence about reading a status that names a
  Describe/Get operation ("To check the current status, use DescribeProjectVersions"; the resource is
  the one whose status it names, the field the one it is "returned in"); code
  reading a status from a describe call; and ``Describe<Resource>`` mentioned in a document
  that states transitions of Resource.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator, Union

from harness.docmodel import Block, CodeBlock, Document, ListBlock, Paragraph, Section, Table
from harness.extract.facts import Cite, Fact, Precondition, StateMachineInfo, StateRole, Transition, state_key
from harness.extract.scope import VERBS, Scope
from harness.extract.states_code import loops, status_reads
from harness.extract.states_common import (
    CONST_RE,
    NP,
    READ_VERBS,
    SLIST,
    SLOT,
    STATUS_FIELD,
    DocIndex,
    StateText,
    as_operation,
    describe_operation,
    doc_index,
    is_const,
    list_resource,
    marked_states,
    np_resource,
    op_resource,
    op_verb,
    resolve_operation,
    resource_of,
    state_text,
)
from harness.extract.text import camel_words, cite, split_sentences

StateFact = Union[Transition, Precondition, StateRole, StateMachineInfo]

S, SL = SLOT, SLIST
_NP_WORDS = r"[a-z][a-z0-9\-]*(?: [a-z][a-z0-9\-]*){0,3}"
_THEN = r"(?:\s*,?\s*(?i:and\s+then|then|and\s+finally|and\s+eventually|and\s+later)\s+(?:(?i:to)\s+)?" + S + ")"
_CHANGE_VERB = r"(?i:changes|transitions|moves|goes|switches|is\s+changed|will\s+change)"

_T_CHANGE = re.compile(rf"(?P<a>{S})\s+(?:(?i:state|status)\s+)?{_CHANGE_VERB}\s+(?i:to|into)\s+(?:(?i:the)\s+)?"
                       rf"(?P<b>{S})(?P<rest>{_THEN}*)")
_T_FROM = re.compile(rf"{_CHANGE_VERB}\s+(?i:from)\s+(?:(?i:the)\s+)?(?P<a>{S})(?:\s+(?i:state|status))?\s+"
                     rf"(?i:to|into)\s+(?:(?i:the)\s+)?(?P<b>{S})(?P<rest>{_THEN}*)")
_T_SET = re.compile(
    rf"(?i:changes|sets|updates|set|change|update)\s+(?:(?i:the|its|their)\s+)?(?:\w+\s+)?(?i:status|state)"
    rf"(?:\s+(?i:of)\s+(?i:the|a|an|your|its)\s+{_NP_WORDS})?\s+(?:(?i:back)\s+)?(?i:to)\s+(?:(?i:the)\s+)?(?P<b>{S})"
    rf"|(?i:is|are)\s+(?i:put|placed|moved)\s+(?i:into|in)\s+(?:(?i:the)\s+)?(?P<b2>{S})"
    rf"|(?i:enters)\s+(?:(?i:the)\s+)?(?P<b3>{S})\s+(?i:state|status)"
    rf"|(?i:changes|sets|updates)\s+(?:(?i:the|its)\s+)?(?P<field>{S}|[A-Z][A-Za-z]*(?:Status|State))\s+(?:(?i:back)\s+)?"
    rf"(?i:to)\s+(?:(?i:the)\s+)?(?P<b4>{S})")
_T_AFTER_IN = re.compile(rf"^(?i:after|upon|once|when)\b.*?\b(?i:is|are)\s+(?i:in)\s+(?:(?i:the)\s+)?(?P<b>{S})\s+"
                         rf"(?i:state|status)\s+(?i:until)\b")
""""After a DeleteWidget request, the widget is in the DELETING state until …": the state a call puts it in."""
_BACK = re.compile(r"(?i:back)\s+(?i:to)\s+(?:(?i:the)\s+)?$")
_T_SET_FROM = re.compile(rf"\s+(?i:from)\s+(?:(?i:the)\s+)?(?P<a>{S})")
_ARROW_CHAIN = re.compile(rf"{S}(?:\s*(?:>|→|->|=>|⇒)\s*{S}(?:\s+(?:-or-|or)\s+{S})*)+")
_ARROW = re.compile(r"\s*(?:>|→|->|=>|⇒)\s*")
_ALT = re.compile(r"\s+(?:-or-|or)\s+")

_P_IF = re.compile(
    rf"(?i:if|when|while|once)\s+(?i:your|the|a|an)\s+{NP}\s+(?:has\s+(?:a|the)\s+(?:status|state)\s+of"
    rf"|is\s+in\s+(?:a|the)\s+(?:state|status)\s+of|(?:status|state)\s+is|is\s+in(?:\s+the)?|is)\s+"
    rf"(?P<states>{SL})(?:\s+(?i:state|status))?\s*,?\s+(?P<rest>(?i:you\s+can)\b.*)")
_P_BEFORE = re.compile(
    rf"(?i:must|should|needs?\s+to)\s+(?i:be|have)\s+(?:(?i:in)\s+)?(?:(?i:the|a)\s+)?"
    rf"(?:(?i:status|state)\s+of\s+)?(?P<states>{SL})(?:\s+(?i:state|status))?\s+(?i:before)\s+(?P<rest>.*)")
_P_WAIT = re.compile(
    rf"(?i:wait)\s+(?i:until|for)\s+(?:(?i:the)\s+)?(?i:status|state)(?:\s+of\s+(?i:the|a|an|your)\s+{NP})?\s+"
    rf"(?i:is|shows\s+as|changes\s+to|becomes|to\s+be)\s+(?P<states>{SL})\s+(?i:before)\s+(?P<rest>.*)")
_P_THAT = re.compile(
    rf"(?i:an?|the|your)\s+{NP}\s+(?:that|which)\s+(?:is|are)\s+(?:in\s+(?:a|the)\s+(?:state|status)\s+of"
    rf"|in\s+the|in)\s+(?P<states>{SL})(?:\s+(?i:state|status))?")
_P_ONLY = re.compile(
    rf"(?i:can\s+only|only)\s+(?:(?i:be)\s+)?(?P<verb>[a-z]+)\s+(?P<obj>.*?)\s+(?i:when|while|if|after)\s+"
    rf"(?:(?i:the|its|their)\s+)?(?:[a-z]+\s+){{0,3}}?(?:(?i:status|state)\s+)?(?i:is|are|has\s+a\s+status\s+of|is\s+in"
    rf"(?:\s+the)?)\s+(?P<states>{SL})")
_YOU_CAN_VERB = re.compile(r"(?i:you\s+can)\s+(?:use\s+.*?\s+to\s+)?(?P<verb>[a-z]+)")

_PARTICIPLES = r"stopped|deleted|terminated|failed|cancell?ed|expired|completed|aborted"
_R_RESUME = re.compile(
    rf"(?i:can[’']t|cannot|can\s+not|won[’']t\s+be\s+able\s+to|are\s+not\s+able\s+to)\s+(?i:resume|restart|restore)\s+"
    rf"(?:[a-z]+ing\s+)?(?:(?i:a|an|the|your)\s+)?{NP}\s+(?:after|once|when)\s+(?:it|they)\s+"
    rf"(?:(?:has|have|is|are)\s+)?(?:been\s+)?(?P<part>{_PARTICIPLES})\b")
_R_RESTART = re.compile(
    rf"(?i:an?|the)\s+(?P<part>{_PARTICIPLES})\s+{NP}\s+(?i:can[’']t|cannot|can\s+not)\s+be\s+(?:restarted|resumed)")
_R_FINAL = re.compile(
    rf"(?P<s>{SL})\s+(?i:is|are)\s+(?:(?i:a|the)\s+)?(?i:final|terminal)\s+(?i:state|states|status|statuses)\b"
    rf"|(?i:final|terminal)\s+(?i:state|status)(?:e?s)?\s+(?i:is|are|include)\s+(?P<s2>{SL})")
_R_INIT = re.compile(
    rf"(?i:is\s+created\s+(?:in|with)|starts?\s+in|begins?\s+in)\s+(?:(?i:the|a)\s+)?(?:(?i:state|status)\s+(?:of\s+)?)?"
    rf"(?P<s>{S})|(?i:the\s+initial\s+(?:status|state)\s+is)\s+(?P<s2>{S})|(?P<s3>{S})\s+(?i:is\s+the\s+initial\s+"
    rf"(?:state|status))")
_NP_STATE_OF = re.compile(rf"(?i:state|status)\s+of\s+(?i:the|a|an|your)\s+{NP}\b")
_NP_STATE_CHANGES = re.compile(rf"\b(?i:the|a|an|your)\s+{NP}\s+(?:(?:state|status)\s+)?"
                               rf"(?:changes|transitions|moves|goes|is\s+put|enters)\b")
_NP_STATUS = re.compile(rf"\b(?i:the|its|their)\s+{NP}\s+(?i:status|state)\b")
_FIELD_STATUS = re.compile(r"\b((?:[A-Z][a-z0-9]+)+?)(?:Status|State)\b")
""""StreamStatus" → the stream's status."""
_READ_CUE = re.compile(r"(?i)\b(?:check|get|see|monitor|track|view|find|determine|verify|confirm|poll|retrieve|obtain|"
                       r"inspect|query|learn)\b[^.;]{0,40}?\b(?:status|state)"
                       r"|\b(?:status|state)\b[^.;]{0,60}?\b(?:is|are)\s+(?:returned|shown|reported)\b"
                       r"|\breturns?\b[^.;]{0,30}?\b(?:status|state)\b")
_RETURNED_IN = re.compile(r"\b(?:returned|shown|reported)\s+in\s+(?:the\s+)?([A-Za-z][A-Za-z0-9]*(?:Status|State|status|state))\b")
_NP_SUBJECT = re.compile(rf"^(?:[Aa]n?|[Tt]he|[Yy]our|[Ee]ach)\s+{NP}\s+(?:is|are|must|should|has|can|will)\b")
_LIFECYCLE = re.compile(r"(?i)(?:can|could|may)\s+be\s+in\s+(?:one\s+of\s+)?the\s+following\s+(?:states|status)"
                        r"|(?:status|state)\s+is\s+one\s+of\s+the\s+following")
_CUES = ("chang", "transition", "state", "status", "→", ">", "resum", "restart", "final", "terminal", "initial", "put")
"""Words one of which every paragraph a state rule can match holds (lower case; a cheap test before the rules)."""
_CUE = re.compile("|".join(re.escape(c) for c in _CUES))
"""Any of `_CUES`, found in one scan."""
_ROLE_CUE = re.compile(r"(?i)resum|restart|restor|final|terminal|initial|created|start|begin")
"""A word one of the role rules (`_R_RESUME`, `_R_RESTART`, `_R_FINAL`, `_R_INIT`) needs, matched as they match it:
a paragraph without any is not searched with the four, sentence by sentence."""
_OP_WORD = re.compile(r"\b(?:[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+|[a-z]+(?:[_-][a-z0-9]+)+|[a-z]+(?:[A-Z][a-z0-9]*)+)\b")


def extract(doc: Document, scope: Scope) -> Iterator[Fact]:
    run = _Run(doc, doc_index(doc, scope))
    run.visit(doc.blocks, (), None)
    run.finish()
    yield from run.facts


@dataclass(slots=True)
class _Run:
    doc: Document
    index: DocIndex
    facts: list[StateFact] = field(default_factory=list)
    seen: set[tuple] = field(default_factory=set)
    pending_terminal: list[tuple[str, str, int, str]] = field(default_factory=list)
    """(resource, participle, line, text) of "can't resume after it has stopped" statements."""
    recent: str | None = None
    """The resource of the last state fact: what "FAILED is a terminal state" is about."""
    opened: list[_Opened] = field(default_factory=list)
    """States a call puts a resource in ("Upon receiving the request, … sets the status to UPDATING"),
    from a state the document has not said yet."""

    def add(self, fact: StateFact) -> None:
        key = tuple(getattr(fact, k) for k in fact.__slots__ if k != "cite") + (type(fact).__name__, fact.cite.line)
        if key not in self.seen:
            self.seen.add(key)
            self.facts.append(fact)
            if isinstance(fact, (Transition, Precondition, StateRole)):
                self.recent = fact.resource

    # ---- walking -------------------------------------------------------------------------

    def visit(self, blocks: tuple[Block, ...], trail: tuple[Section, ...], intro: Paragraph | None) -> None:
        """Every paragraph (with the introduction of the list it is an item of), code block and cell."""
        prev: Paragraph | None = None
        for block in blocks:
            if isinstance(block, Paragraph):
                low = block.text.lower()
                if _CUE.search(low):
                    self.paragraph(block, trail, intro)
                prev = block
                continue
            if isinstance(block, Section):
                self.visit(block.blocks, trail + (block,), None)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self.visit(item.blocks, trail, prev)
            elif isinstance(block, CodeBlock):
                self.code(block, trail)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row.cells:
                        self.visit(cell.blocks, trail, None)
            prev = None

    def paragraph(self, p: Paragraph, trail: tuple[Section, ...], intro: Paragraph | None) -> None:
        marked = marked_states(p)
        states = bool(marked) or bool(CONST_RE.search(p.text))
        lifecycle = intro is not None and bool(_LIFECYCLE.search(intro.text))
        roles = bool(_ROLE_CUE.search(p.text))
        sets: list[tuple[str, str, str]] = []
        for s in split_sentences(p, trail):
            st = state_text(s.text, marked)
            if states:
                self.transitions(st, s.text, s.line, trail, intro, lifecycle, sets)
                self.preconditions(st, s.text, s.line, trail)
            if roles:
                self.roles(st, s.text, s.line, trail)
            self.reads(s.text, s.line)

    # ---- transitions ------------------------------------------------------------------------

    def transitions(self, st: StateText, said: str, line: int, trail: tuple[Section, ...],
                    intro: Paragraph | None, lifecycle: bool, sets: list[tuple[str, str, str]]) -> None:
        text = st.text
        steps: list[tuple[str, str, bool]] = []
        """(source, target, first step?)"""
        for pattern in (_T_CHANGE, _T_FROM):
            for m in pattern.finditer(text):
                a, b = st.spell(m.group("a")), st.spell(m.group("b"))
                steps.append((a, b, True))
                prev = b
                for later in re.finditer(S, m.group("rest")):
                    nxt = st.spell(later.group(0))
                    steps.append((prev, nxt, False))
                    prev = nxt
        for m in _ARROW_CHAIN.finditer(text):
            levels = [[st.spell(x) for x in _ALT.split(part.strip())] for part in _ARROW.split(m.group(0))]
            for n in range(len(levels) - 1):
                for a in levels[n]:
                    for b in levels[n + 1]:
                        steps.append((a, b, n == 0))
        found_sets = [(m, st.spell(m.group("b") or m.group("b2") or m.group("b3") or m.group("b4")))
                      for m in _T_SET.finditer(text) if _status_field(m, st)]
        named = self.sentence_op(said, changes=True)
        found_sets += [(m, st.spell(m.group("b"))) for m in _T_AFTER_IN.finditer(text) if named]
        if not steps and not found_sets:
            return
        np = _noun_phrase(said) or _noun_phrase(intro.text if intro is not None else "")
        if lifecycle and intro is not None:
            resource = list_resource(intro, self.index.scope.operation_at(trail))
            trigger = None
        else:
            trigger = named or resolve_operation(self.index, trail)
            resource = resource_of(np, trigger, self.index, prefer_np=True)
        where = cite(self.doc, line, said)
        for m, b in found_sets:
            source = _T_SET_FROM.match(text, m.end())
            if source:
                steps.append((st.spell(source.group("a")), b, True))
            elif sets:
                a, owner, _said = sets[-1]
                if (resource or owner) and _is_state(a, st) and _is_state(b, st) and state_key(a) != state_key(b):
                    self.add(Transition(resource or owner, a, b, None, "stated", where))
                    if _BACK.search(text[:_state_start(m)]):
                        self.came_back(resource or owner, a, b)
            elif trigger and resource and _is_state(b, st):
                self.opened.append(_Opened(resource, b, trigger, where))
            sets.append((b, resource or "", said))
        if not resource:
            return
        for a, b, first in steps:
            if not (_is_state(a, st) and _is_state(b, st)) or state_key(a) == state_key(b):
                continue
            t = trigger if first else None
            if lifecycle:
                t = self.verb_state_trigger(a, b, resource)
            self.add(Transition(resource, a, b, t, "stated", where))

    def came_back(self, resource: str, entered: str, back: str) -> None:
        """"… sets the status to UPDATING. After …, sets the status back to ACTIVE": the call that set
        UPDATING was made in ACTIVE."""
        for o in self.opened:
            if o.resource == resource and state_key(o.state) == state_key(entered) and not o.source:
                o.source = back

    def verb_state_trigger(self, source: str, target: str, resource: str) -> str | None:
        """INACTIVE → ``START PENDING``: StartRecommender, when the document mentions it. A step
        between states of one verb (CREATE PENDING → CREATE IN_PROGRESS) has no trigger."""
        verb = _verb_prefix(target)
        if verb is None or verb == _verb_prefix(source):
            return None
        return self.index.named([verb.capitalize() + resource])

    def sentence_op(self, said: str, changes: bool = False, verb: str | None = None) -> str | None:
        """The first operation named in a sentence (one that changes things, or with ``verb``)."""
        for m in _OP_WORD.finditer(said):
            name = as_operation(m.group(0))
            if not name:
                continue
            v = op_verb(name)
            if verb is not None and v.lower() != verb.lower():
                continue
            if changes and v in READ_VERBS:
                continue
            return name
        return None

    # ---- preconditions ----------------------------------------------------------------------

    def preconditions(self, st: StateText, said: str, line: int, trail: tuple[Section, ...]) -> None:
        text = st.text
        if "\x00" not in text and not CONST_RE.search(text):
            return
        own = self.index.scope.operation_at(trail)
        m = _P_IF.search(text)
        if m:
            rest = m.group("rest")
            vm = _YOU_CAN_VERB.match(rest)
            verb = vm.group("verb") if vm else None
            op = (self.sentence_op(rest, verb=verb) if verb else None) or self.sentence_op(rest, changes=True) \
                or (resolve_operation(self.index, trail, verb) if verb and verb in VERBS else None)
            self.precondition(m.group("np"), op, m.group("states"), st, line, said)
        for pattern in (_P_BEFORE, _P_WAIT):
            m = pattern.search(text)
            if m:
                op = self.sentence_op(m.group("rest"))
                np = m.groupdict().get("np") or _subject(text)
                if op:
                    resource = resource_of(np, own, self.index, prefer_np=True)
                    self.precondition_for(resource, op, m.group("states"), st, line, said)
        m = _P_THAT.search(text)
        if m:
            verb = _third_person_verb(text)
            if verb:
                op = self.sentence_op(text, verb=verb)
                if not op and own and op_verb(own).lower() == verb.lower():
                    op = as_operation(own) or own
                op = op or self.index.by_verb(verb, trail)
                self.precondition(m.group("np"), op, m.group("states"), st, line, said)
        m = _P_ONLY.search(text)
        if m:
            verb = _verb_of(m.group("verb"))
            if verb:
                op = self.sentence_op(text, verb=verb) or resolve_operation(self.index, trail, verb)
                obj = re.search(rf"(?:a|an|the|your)\s+{NP}", m.group("obj"))
                self.precondition(obj.group("np") if obj else None, op, m.group("states"), st, line, said)

    def precondition(self, np: str | None, op: str | None, states: str, st: StateText, line: int, said: str) -> None:
        if op:
            self.precondition_for(resource_of(np, op, self.index, prefer_np=True), op, states, st, line, said)

    def precondition_for(self, resource: str | None, op: str, states: str, st: StateText, line: int,
                         said: str) -> None:
        """A precondition, citing ``said`` at ``line`` (cited here: most sentences a rule is tried on give none)."""
        allowed = tuple(s for s in st.states(states) if _is_state(s, st))
        if resource and allowed:
            self.add(Precondition(resource, op, allowed, cite(self.doc, line, said)))

    # ---- roles ----------------------------------------------------------------------------

    def roles(self, st: StateText, said: str, line: int, trail: tuple[Section, ...]) -> None:
        text = st.text
        for pattern in (_R_RESUME, _R_RESTART):
            m = pattern.search(text)
            if m:
                resource = resource_of(m.group("np"), resolve_operation(self.index, trail), self.index,
                                       prefer_np=True)
                if resource:
                    self.pending_terminal.append((resource, m.group("part").lower(), line, said))
        where: Cite | None = None  # cited once a rule matches (most sentences match none)
        for pattern, role in ((_R_FINAL, "terminal"), (_R_INIT, "initial")):
            m = pattern.search(text)
            if not m:
                continue
            where = where or cite(self.doc, line, said)
            found = next(g for g in (m.groupdict().get(k) for k in ("s", "s2", "s3")) if g)
            resource = resource_of(_noun_phrase(said) or _subject(said), resolve_operation(self.index, trail),
                                   self.index, prefer_np=True) or self.recent
            if resource:
                for s in st.states(found):
                    if _is_state(s, st):
                        self.add(StateRole(resource, s, role, where))

    # ---- where the status is read -------------------------------------------------------------

    def reads(self, said: str, line: int) -> None:
        """"To check the stream's status, use DescribeWidget", "You can use DescribeWidget to check the status of
        the widget, which is returned in WidgetStatus": where a resource's status is read (and in which field)."""
        low = said.lower()
        if ("status" not in low and "state" not in low) or not _READ_CUE.search(said):
            return
        for m in _OP_WORD.finditer(said):
            name = as_operation(m.group(0))
            if name and op_verb(name) in ("Describe", "Get"):
                np = np_resource(_noun_phrase(said))
                resource = np if np and np in self.index.resources else op_resource(name)
                found = _RETURNED_IN.search(said)
                if resource:
                    self.add(StateMachineInfo(resource, None, found.group(1) if found else None, m.group(0),
                                              cite(self.doc, line, said)))
                return

    def code(self, block: CodeBlock, trail: tuple[Section, ...]) -> None:
        for read in status_reads(block.code):
            resource = op_resource(read.describe)
            if resource:
                self.add(StateMachineInfo(resource, None, read.field, read.describe,
                                          cite(self.doc, block.line + read.line, read.text)))
        for loop in loops(block.code):
            trigger = loop.trigger or resolve_operation(self.index, trail)
            resource = op_resource(trigger) if trigger else (op_resource(loop.reader) if loop.reader else None)
            if not resource:
                continue
            for wait, offset, said in loop.waits:
                for done, _o, _s in loop.finishes:
                    if state_key(wait) != state_key(done):
                        self.add(Transition(resource, wait, done, trigger, "inferred",
                                            cite(self.doc, block.line + offset, said)))

    # ---- after the whole document ------------------------------------------------------------------

    def finish(self) -> None:
        self.settle_opened()
        transitions = [f for f in self.facts if isinstance(f, Transition)]
        for resource, part, line, said in self.pending_terminal:
            state = self.terminal_state(resource, part, transitions)
            if state:
                self.add(StateRole(resource, state, "terminal", cite(self.doc, line, said)))
        described: set[str] = set()
        for f in list(self.facts):
            if isinstance(f, Transition) and f.resource not in described:
                described.add(f.resource)
                op = describe_operation(f.resource, self.index)
                if op:
                    self.add(StateMachineInfo(f.resource, None, None, op, self.index.mention_cite(op)))

    def settle_opened(self) -> None:
        """A call that puts a resource in a state: a Create… call gives its initial state; another call a
        transition from the state it came back to, else from each state the document allows the call in
        (inferred) — unless the document states that call's transitions outright."""
        stated = {(f.resource, f.trigger) for f in self.facts if isinstance(f, Transition) and f.trigger}
        allowed: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
        for f in self.facts:
            if isinstance(f, Precondition):
                allowed[(f.resource, f.operation)].extend(f.allowed_states)
        for o in self.opened:
            if op_verb(o.trigger) == "Create":
                self.add(StateRole(o.resource, o.state, "initial", o.cite))
            elif (o.resource, o.trigger) in stated:
                continue
            elif o.source:
                self.add(Transition(o.resource, o.source, o.state, o.trigger, "inferred", o.cite))
            else:
                for a in dict.fromkeys(allowed.get((o.resource, o.trigger), ())):
                    if state_key(a) != state_key(o.state):
                        self.add(Transition(o.resource, a, o.state, o.trigger, "inferred", o.cite))

    def terminal_state(self, resource: str, participle: str, transitions: list[Transition]) -> str | None:
        """The state ``resource``'s transitions end in whose name ends with the participle."""
        suffix = participle.upper().replace("CANCELLED", "CANCELED")
        mine = [t for t in transitions if t.resource == resource]
        sources = {state_key(t.source) for t in mine}
        sinks = [t.target for t in mine if state_key(t.target) not in sources]
        for pool in (sinks, [t.target for t in mine]):
            fits = {state_key(s): s for s in pool if state_key(s).endswith(suffix)}
            if len(fits) == 1:
                return next(iter(fits.values()))
        return None


@dataclass(slots=True)
class _Opened:
    resource: str
    state: str
    trigger: str
    cite: Cite
    source: str | None = None


# ---- sentence helpers ---------------------------------------------------------------------------


def _state_start(m: re.Match[str]) -> int:
    return next(m.start(g) for g in ("b", "b2", "b3", "b4") if g in m.re.groupindex and m.group(g))


def _status_field(m: re.Match[str], st: StateText) -> bool:
    """A "sets the <field> to A" match is about a status only when the field is named like one."""
    field_ = m.group("field")
    return field_ is None or bool(STATUS_FIELD.search(st.spell(field_)))


def _is_state(s: str, st: StateText) -> bool:
    return 0 < len(s) <= 40 and (s in st.marked or is_const(s))


def _verb_prefix(state: str) -> str | None:
    first = re.split(r"[\s_]", state.strip(), maxsplit=1)[0].lower()
    return first if first in VERBS else None


def _noun_phrase(text: str) -> str | None:
    for pattern in (_NP_STATE_CHANGES, _NP_STATE_OF, _NP_STATUS):
        m = pattern.search(text)
        if m and np_resource(m.group("np")):
            return m.group("np")
    m = _FIELD_STATUS.search(text)
    return " ".join(w.lower() for w in camel_words(m.group(1))) if m else None


def _subject(text: str) -> str | None:
    m = _NP_SUBJECT.search(text)
    return m.group("np") if m and np_resource(m.group("np")) else None


def _third_person_verb(text: str) -> str | None:
    """"Stops creating …" → "Stop"."""
    first = text.split(" ", 1)[0]
    for stem in (first[:-2], first[:-1]) if first.endswith("es") else (first[:-1],) if first.endswith("s") else ():
        if stem.lower() in VERBS:
            return stem.capitalize()
    return None


def _verb_of(word: str) -> str | None:
    """"stop" / "stopped" / "deleted" → "Stop" / "Stop" / "Delete"."""
    w = word.lower()
    if w in VERBS:
        return w.capitalize()
    if w.endswith("ed"):
        stem = w[:-2]
        for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
            if cand in VERBS:
                return cand.capitalize()
    return None
