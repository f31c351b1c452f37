"""Merging the facts of many documents into one spec per service.

The same fact from several documents becomes one entry citing each of them;
documents that disagree (a parameter required in one, optional in another; a
state spelled two ways) leave a finding. Every list has a stable order, so the
same documents always give the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Iterable

from harness.extract import facts as f
from harness.extract.facts import op_key, state_key
from harness.extract.text import pascal
from harness.spec import model as m
from harness.spec.services import Resolved, botocore_metadata

STYLE_RANK = ("api", "target", "python", "java", "cli", "title")
"""Which spelling gives an operation its canonical name, best first."""


@dataclass(frozen=True, slots=True)
class DocInfo:
    path: str
    """Path relative to the project root (as written into the spec)."""
    format: str
    sha256: str
    title: str


@dataclass(slots=True)
class _Op:
    spellings: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    cites: set[m.Cite] = field(default_factory=set)
    http: dict[tuple[str, str], set[m.Cite]] = field(default_factory=lambda: defaultdict(set))
    summary: list[tuple[str, m.Cite]] = field(default_factory=list)
    inputs: dict[str, list[f.Parameter]] = field(default_factory=dict)
    outputs: dict[str, list[f.OutputField]] = field(default_factory=dict)
    errors: dict[str, set[m.Cite]] = field(default_factory=lambda: defaultdict(set))
    permissions: dict[str, set[m.Cite]] = field(default_factory=lambda: defaultdict(set))
    related: dict[str, set[m.Cite]] = field(default_factory=lambda: defaultdict(set))
    primary: bool = False
    defined: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    """Spellings from the places that define the operation (its reference page), by style."""
    mentioned: Counter[str] = field(default_factory=Counter)
    """Every spelling any fact used for it (names an operation known only from facts about it)."""


def source_ids(docs: Iterable[DocInfo]) -> dict[str, str]:
    """A short unique id per document: the file stem, with the parent folder added on a clash."""
    docs = sorted(docs, key=lambda d: d.path)
    stems = Counter(PurePath(d.path).stem for d in docs)
    ids: dict[str, str] = {}
    for d in docs:
        p = PurePath(d.path)
        sid = p.stem if stems[p.stem] == 1 else f"{p.parent.name}/{p.stem}"
        while sid in ids.values():
            sid += "+"
        ids[d.path] = sid
    return ids


class Builder:
    """Collects facts for one service; `spec()` returns the merged Spec."""

    def __init__(self, service: Resolved, docs: list[DocInfo]) -> None:
        self.service = service
        self.docs = sorted(docs, key=lambda d: d.path)
        self.ids = source_ids(self.docs)
        self.ops: dict[str, _Op] = defaultdict(_Op)
        self.enum_values: dict[str, dict[str, list[f.EnumValue]]] = defaultdict(lambda: defaultdict(list))
        self.machines: dict[str, list[f.Fact]] = defaultdict(list)
        self.examples: dict[tuple[str, str, str, str | None], set[m.Cite]] = defaultdict(set)
        self.notes: dict[tuple[str, str, str], set[m.Cite]] = defaultdict(set)
        self.hints: list[f.ServiceHint] = []
        self._op_for_key: dict[str, str] = {}
        self.weak: list[f.OperationName] = []
        self.foreign: set[str] = set()
        """Keys of names some mention places in another service's reference (a link, a CLI command)."""
        self._aliases: dict[str, str] = {}

    # ---- intake ---------------------------------------------------------------------------

    def cite(self, c: f.Cite) -> m.Cite:
        return m.Cite(source=self.ids[c.path], line=c.line, text=c.text)

    def _op(self, spelling: str) -> _Op:
        bare = spelling.rsplit(".", 1)[-1]
        op = self.ops[op_key(bare)]
        op.mentioned[bare] += 1
        return op

    def add(self, fact: f.Fact) -> None:
        adder = getattr(self, f"_add_{type(fact).__name__}", None)
        if adder is not None:
            adder(fact)

    def is_this_service(self, site: str) -> bool:
        """Whether a service word from the docs (CLI name, client class, docs site) names this service."""
        names = {self.service.name, self.service.botocore_service or ""}
        if self.service.botocore_service:
            meta = botocore_metadata(self.service.botocore_service)
            names |= {meta.get("endpointPrefix", ""), meta.get("signingName", ""), meta.get("serviceId", "")}
        return _fold(site) in {_fold(n) for n in names if n}

    def _add_ServiceHint(self, x: f.ServiceHint) -> None:
        self.hints.append(x)

    def _add_OperationName(self, x: f.OperationName) -> None:
        if x.site and not self.is_this_service(x.site):
            self.foreign.add(op_key(x.operation))
            return
        if x.weak:
            self.weak.append(x)
            return
        op = self._op(x.operation)
        op.spellings[x.style][x.operation] += 1
        if x.primary:
            op.defined[x.style][x.operation] += 1
        op.cites.add(self.cite(x.cite))
        op.primary = op.primary or x.primary

    def _add_OperationHttp(self, x: f.OperationHttp) -> None:
        self._op(x.operation).http[(x.method.upper(), x.uri)].add(self.cite(x.cite))

    def _add_OperationSummary(self, x: f.OperationSummary) -> None:
        self._op(x.operation).summary.append((x.summary, self.cite(x.cite)))

    def _add_Parameter(self, x: f.Parameter) -> None:
        if x.site and not self.is_this_service(x.site):
            return
        self._op(x.operation).inputs.setdefault(x.name, []).append(x)

    def _add_OutputField(self, x: f.OutputField) -> None:
        if x.site and not self.is_this_service(x.site):
            return
        self._op(x.operation).outputs.setdefault(x.name, []).append(x)

    def _add_ErrorName(self, x: f.ErrorName) -> None:
        self._op(x.operation).errors[x.name].add(self.cite(x.cite))

    def _add_Permission(self, x: f.Permission) -> None:
        self._op(x.operation).permissions[x.action].add(self.cite(x.cite))

    def _add_Related(self, x: f.Related) -> None:
        self._op(x.operation).related[x.related].add(self.cite(x.cite))

    def _add_EnumValue(self, x: f.EnumValue) -> None:
        self.enum_values[x.enum][state_key(x.spelling)].append(x)

    def _add_Transition(self, x: f.Transition) -> None:
        self.machines[pascal(x.resource)].append(x)

    _add_Precondition = _add_Transition
    _add_StateRole = _add_Transition
    _add_StateMachineInfo = _add_Transition

    def _add_Example(self, x: f.Example) -> None:
        self.examples[(x.code.strip(), x.language, x.kind, x.operation)].add(self.cite(x.cite))

    def _add_Note(self, x: f.Note) -> None:
        self.notes[(x.severity, x.code, x.message)].add(self.cite(x.cite))

    # ---- output ---------------------------------------------------------------------------

    def spec(self) -> m.Spec:
        for x in self.weak:  # weak mentions only add spellings to operations known otherwise
            key = op_key(x.operation)
            if key in self.ops:
                self.ops[key].spellings[x.style][x.operation] += 1
                self.ops[key].cites.add(self.cite(x.cite))
        self.weak = []
        self._merge_same_routes()
        self._drop_undefined_names()
        names = {key: self._canonical(op) for key, op in self.ops.items() if op.spellings or op.primary}
        for key, op in self.ops.items():
            if key not in names:
                names[key] = pascal(max(sorted(op.mentioned), key=lambda n: op.mentioned[n]))
        for alias, key in self._aliases.items():
            names[alias] = names[key]
        self._op_for_key = names
        self._rename_enums()
        self._fold_state_spellings()
        enums = self._enums()
        operations = tuple(sorted((self._operation(names[k], op, enums) for k, op in self.ops.items()),
                                  key=lambda o: o.name))
        machines = self._machines(enums)
        examples = self._examples()
        findings = self._findings(operations)
        return m.Spec(
            service=self._service(),
            sources=tuple(m.Source(self.ids[d.path], d.path, d.format, d.sha256, d.title) for d in self.docs),
            operations=operations, enums=tuple(enums.values()), state_machines=machines,
            examples=examples, findings=findings,
        )

    def _merge_same_routes(self) -> None:
        """Two names for one HTTP route (pages titled differently) are one operation; the name stated
        by more documents wins, and every fact of both stays."""
        by_route: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key, op in self.ops.items():
            for method, uri in op.http:
                by_route[(method, re.sub(r"\{[^}]*\}", "{}", uri))].append(key)
        for keys in by_route.values():
            keys = sorted(set(k for k in keys if k in self.ops),
                          key=lambda k: (-len({c.source for c in self.ops[k].cites}), k))
            for other in keys[1:]:
                _merge(self.ops[keys[0]], self.ops.pop(other))
                self._aliases[other] = keys[0]

    def _drop_undefined_names(self) -> None:
        """Where documents define operations, a name only mentioned is not one when the documents use it
        otherwise: as a field or a value (``WidgetState``, ``DeletePending``), as the name of a defined
        operation's input or output shape (``ListWidgetsOutput``), or one letter off a defined operation's
        name (``DescribeWidgetSet`` beside ``DescribeWidgetSets``, a misspelling, left as a finding)."""
        for key in sorted(self.foreign & set(self.ops)):
            if not self.ops[key].primary:  # the docs link it into another service's reference: it is that one's
                del self.ops[key]
        defined = {key for key, op in self.ops.items() if op.primary}
        if not defined:
            return
        terms = {op_key(part) for op in self.ops.values() for name in [*op.inputs, *op.outputs]
                 for part in name.split(".")}
        terms |= {op_key(v.spelling) for values in self.enum_values.values() for seen in values.values() for v in seen}
        for key in sorted(self.ops):
            op = self.ops[key]
            if op.primary:
                continue
            if key in terms or any(key == d + end for d in defined for end in _SHAPE_ENDINGS):
                del self.ops[key]
                continue
            near = sorted(d for d in defined if _one_letter_off(key, d))
            if near and op.cites:
                name = max(sorted(op.mentioned), key=lambda n: op.mentioned[n])
                msg = (f"{name} is mentioned but no document defines it; "
                       f"{self._canonical(self.ops[near[0]])} is defined")
                self.notes[("warning", "misspelt-operation", msg)] |= op.cites
                del self.ops[key]

    def enum_ref(self, name: str | None) -> str | None:
        """``stop_widget_version.Status`` → ``StopWidgetVersion.Status``: an enum named after an
        operation takes the operation's canonical name."""
        if not name or "." not in name:
            return name
        head, rest = name.split(".", 1)
        canonical = self._op_for_key.get(op_key(head))
        return f"{canonical}.{rest}" if canonical else name

    def _rename_enums(self) -> None:
        merged: dict[str, dict[str, list[f.EnumValue]]] = defaultdict(lambda: defaultdict(list))
        for name, values in self.enum_values.items():
            for key, seen in values.items():
                merged[self.enum_ref(name) or name][key].extend(seen)
        self.enum_values = merged

    def machine_enum(self, facts: list[f.Fact]) -> str | None:
        """The enum whose values are a machine's states: the one its facts name, else the smallest
        enum that holds every state its transitions name."""
        named = self.enum_ref(_most([x.enum for x in facts if isinstance(x, f.StateMachineInfo)]))
        if named and named in self.enum_values:
            return named
        states = {state_key(s) for x in facts if isinstance(x, f.Transition) for s in (x.source, x.target)}
        if not states:
            return None
        fits = [name for name, values in self.enum_values.items() if states <= set(values)]
        return min(fits, key=lambda n: (len(self.enum_values[n]), n)) if fits else None

    def _fold_state_spellings(self) -> None:
        """A state written one way in a transition and another in the enum is one value with two spellings
        (which `_findings` reports); a state the enum lacks is a finding of its own."""
        for resource, facts in self.machines.items():
            name = self.machine_enum(facts)
            if not name:
                continue
            values = self.enum_values[name]
            for x in facts:
                spelled = [x.source, x.target] if isinstance(x, f.Transition) else (
                    list(x.allowed_states) if isinstance(x, f.Precondition) else
                    [x.state] if isinstance(x, f.StateRole) else [])
                for spelling in spelled:
                    key = state_key(spelling)
                    if key in values:
                        values[key].append(f.EnumValue(name, spelling, x.cite))
                    else:
                        msg = f"{resource}: state {spelling} is not among the values of {name}"
                        self.notes[("warning", "state-not-in-enum", msg)].add(self.cite(x.cite))

    def op_name(self, spelling: str | None) -> str | None:
        if spelling is None:
            return None
        key = op_key(spelling.rsplit(".", 1)[-1])
        return self._op_for_key.get(key, pascal(spelling))

    def _canonical(self, op: _Op) -> str:
        """The defining page's spelling first (a typo in a mention elsewhere must not rename it)."""
        for style in STYLE_RANK:
            spelled = op.defined.get(style) or (op.spellings.get(style) if not op.defined.get("api") else None)
            if spelled:
                best = max(sorted(spelled), key=lambda s: spelled[s])
                return best.rsplit(".", 1)[-1] if style in {"api", "target"} else pascal(best)
        return "Unnamed"

    def _service(self) -> m.Service:
        s = self.service
        meta = botocore_metadata(s.botocore_service) if s.botocore_service else {}
        protocol = meta.get("protocol") or self._doc_protocol()
        title = meta.get("serviceFullName") or s.name
        return m.Service(name=s.name, title=title, provider=s.provider, botocore_service=s.botocore_service,
                         protocol=protocol if protocol in _PROTOCOLS else "unknown")

    def _doc_protocol(self) -> str:
        if any(h.kind == "target" for h in self.hints):
            return "json"
        if any(op.http for op in self.ops.values()):
            return "rest-json" if self.service.provider == "aws" else "rest"
        return "unknown"

    def _operation(self, name: str, op: _Op, enums: dict[str, m.Enum]) -> m.Operation:
        spelled: dict[str, str] = {}
        for style, counter in sorted(op.spellings.items()):
            if style in {"api", "title"}:
                continue
            spelled[style] = max(sorted(counter), key=lambda s: counter[s])
        http = None
        if op.http:
            (method, uri), _ = sorted(op.http.items(), key=lambda kv: (-len(kv[1]), kv[0]))[0]
            http = m.Http(method, uri)
        cites = set(op.cites) | {c for cs in op.http.values() for c in cs}
        if not cites:  # known only from facts about it: those facts are where it is stated
            cites |= {c for _s, c in op.summary}
            cites |= {self.cite(p.cite) for ps in op.inputs.values() for p in ps}
            cites |= {self.cite(o.cite) for os_ in op.outputs.values() for o in os_}
            for group in (op.errors, op.permissions, op.related):
                cites |= {c for cs in group.values() for c in cs}
        summary = sorted(op.summary, key=lambda sc: (sc[1].source, sc[1].line))
        return m.Operation(
            name=name, names=spelled, http=http,
            summary=summary[0][0] if summary else "",
            input=tuple(self._input(n, ps) for n, ps in op.inputs.items()),
            output=tuple(self._output(n, os_, enums) for n, os_ in op.outputs.items()),
            errors=tuple(m.Error(n, _sorted(c)) for n, c in sorted(op.errors.items())),
            permissions=tuple(m.Permission(n, _sorted(c)) for n, c in sorted(op.permissions.items())),
            related=tuple(m.RelatedOperation(self.op_name(n) or n, _sorted(c)) for n, c in sorted(op.related.items())),
            cite=_sorted(cites),
        )

    def _input(self, name: str, ps: list[f.Parameter]) -> m.Input:
        said = [p.required for p in ps if p.required is not None and not p.inferred]
        inferred = not said and any(p.required for p in ps if p.inferred)
        required = (True if True in said else False) if said else (True if inferred else None)
        return m.Input(name=name, required=required, type=_first(p.type for p in ps),
                       location=_first(p.location for p in ps),
                       description=max((p.description for p in ps), key=len, default=""),
                       cite=_sorted(self.cite(p.cite) for p in ps), required_inferred=inferred)

    def _output(self, name: str, os_: list[f.OutputField], enums: dict[str, m.Enum]) -> m.Output:
        enum = self.enum_ref(_first(o.enum for o in os_))
        return m.Output(name=name, type=_first(o.type for o in os_), enum=enum if enum in enums else None,
                        description=max((o.description for o in os_), key=len, default=""),
                        cite=_sorted(self.cite(o.cite) for o in os_))

    def _enums(self) -> dict[str, m.Enum]:
        out: dict[str, m.Enum] = {}
        for name in sorted(self.enum_values):
            values = []
            all_cites: set[m.Cite] = set()
            for key, seen in self.enum_values[name].items():
                spellings = sorted({v.spelling for v in seen})
                cites = {self.cite(v.cite) for v in seen}
                all_cites |= cites
                values.append(m.EnumValue(canonical_state(spellings), tuple(spellings), _sorted(cites)))
            out[name] = m.Enum(name, tuple(values), _sorted(all_cites))
        return out

    def _machines(self, enums: dict[str, m.Enum]) -> tuple[m.StateMachine, ...]:
        return tuple(_machine(self, resource, facts, enums) for resource, facts in sorted(self.machines.items())
                     if any(not isinstance(x, f.StateMachineInfo) for x in facts))
        # a machine of nothing but where a status is read has no states to check

    def _examples(self) -> tuple[m.Example, ...]:
        rows = []
        for (code, language, kind, operation), cites in self.examples.items():
            ordered = _sorted(cites)
            rows.append((ordered[0].source, ordered[0].line, code, language, kind, operation, ordered))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        out = []
        for source, line, code, language, kind, operation, ordered in rows:
            out.append(m.Example(f"{source}:{line}", language, kind, self.op_name(operation), code, ordered))
        return tuple(out)

    def _findings(self, operations: tuple[m.Operation, ...]) -> tuple[m.Finding, ...]:
        found = {k: set(v) for k, v in self.notes.items()}
        for enum in self._enums().values():
            for value in enum.values:
                if len(value.spellings) > 1:
                    msg = f"{enum.name}: {value.value} is spelled " + ", ".join(repr(s) for s in value.spellings)
                    found.setdefault(("warning", "inconsistent-enum-spelling", msg), set()).update(value.cite)
        for op in self.ops.values():
            for name, ps in op.inputs.items():
                said = {p.required for p in ps if p.required is not None and not p.inferred}
                if len(said) > 1:
                    msg = f"{self._canonical(op)}: {name} is documented both as required and as optional"
                    found.setdefault(("error", "contradictory-required", msg), set()).update(
                        self.cite(p.cite) for p in ps if p.required is not None and not p.inferred)
                types = {_norm_type(p.type) for p in ps if p.type}
                if len(types) > 1:
                    msg = f"{self._canonical(op)}: {name} is documented with types " + ", ".join(sorted(types))
                    found.setdefault(("warning", "contradictory-type", msg), set()).update(
                        self.cite(p.cite) for p in ps if p.type)
            if len(op.http) > 1:
                msg = f"{self._canonical(op)}: documented with several HTTP routes: " + ", ".join(
                    f"{a} {b}" for a, b in sorted(op.http))
                found.setdefault(("error", "contradictory-http", msg), set()).update(
                    c for cs in op.http.values() for c in cs)
        rank = {"error": 0, "warning": 1, "info": 2}
        return tuple(m.Finding(sev, code, msg, _sorted(c))
                     for (sev, code, msg), c in sorted(found.items(), key=lambda kv: (rank.get(kv[0][0], 3), kv[0])))


_PROTOCOLS = {"json", "rest-json", "rest", "query", "rest-xml", "ec2", "smithy-rpc-v2-cbor"}


def canonical_state(spellings: list[str]) -> str:
    """The canonical form of a value spelled several ways: CREATE_PENDING over CREATE PENDING."""
    key = state_key(spellings[0])
    exact = [s for s in spellings if s == key]
    return exact[0] if exact else (key if re.fullmatch(r"[A-Z0-9_ \-]+", spellings[0]) else spellings[0])


def _merge(into: _Op, other: _Op) -> None:
    for style, counter in other.spellings.items():
        into.spellings[style].update(counter)
    into.cites |= other.cites
    for route, cites in other.http.items():
        into.http[route] |= cites
    into.summary += other.summary
    for name, ps in other.inputs.items():
        into.inputs.setdefault(name, []).extend(ps)
    for name, os_ in other.outputs.items():
        into.outputs.setdefault(name, []).extend(os_)
    for mine, theirs in ((into.errors, other.errors), (into.permissions, other.permissions),
                         (into.related, other.related)):
        for name, cites in theirs.items():
            mine[name] |= cites
    into.primary = into.primary or other.primary
    into.mentioned.update(other.mentioned)
    for style, counter in other.defined.items():
        into.defined[style].update(counter)


_SHAPE_ENDINGS = ("input", "output", "request", "response")


def _one_letter_off(a: str, b: str) -> bool:
    """One letter added, dropped or two neighbours swapped (not replaced: ``GetWidget`` and ``SetWidget``
    are two operations)."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1:]


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("amazon").removeprefix("aws"))


def _norm_type(t: str | None) -> str:
    return (t or "").strip().lower()


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _sorted(cites: Iterable[m.Cite]) -> tuple[m.Cite, ...]:
    return tuple(sorted(set(cites), key=lambda c: (c.source, c.line, c.text)))


def _machine(b: Builder, resource: str, facts: list[f.Fact], enums: dict[str, m.Enum]) -> m.StateMachine:
    infos = [x for x in facts if isinstance(x, f.StateMachineInfo)]
    enum_name = b.machine_enum(facts)
    canon: dict[str, str] = {}
    if enum_name and enum_name in enums:
        for v in enums[enum_name].values:
            canon[state_key(v.value)] = v.value
    def c(state: str) -> str:
        return canon.get(state_key(state), state_key(state))

    transitions: dict[tuple[str, str, str | None], dict[str, set[m.Cite]]] = defaultdict(lambda: defaultdict(set))
    pre: dict[tuple[str, tuple[str, ...]], set[m.Cite]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    cites: set[m.Cite] = set()
    for x in facts:
        cites.add(b.cite(x.cite))
        if isinstance(x, f.Transition):
            transitions[(c(x.source), c(x.target), b.op_name(x.trigger))][x.confidence].add(b.cite(x.cite))
        elif isinstance(x, f.Precondition):
            pre[(b.op_name(x.operation) or x.operation, tuple(sorted({c(s) for s in x.allowed_states})))].add(b.cite(x.cite))
        elif isinstance(x, f.StateRole):
            roles[x.role].add(c(x.state))
    states: list[str] = []
    if enum_name and enum_name in enums:
        states = [v.value for v in enums[enum_name].values]
    for (a, z, _t) in transitions:
        states += [a, z]
    for (_op, allowed) in pre:
        states += list(allowed)
    for group in roles.values():
        states += sorted(group)
    ordered = list(dict.fromkeys(states))
    ts = []
    for (a, z, t), by_conf in sorted(transitions.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")):
        conf = "stated" if "stated" in by_conf else "inferred"
        ts.append(m.Transition(a, z, t, conf, _sorted(set().union(*by_conf.values()))))
    return m.StateMachine(
        resource=resource,
        status_field=_most([x.status_field for x in infos]),
        describe_operation=b.op_name(_most([x.describe_operation for x in infos])),
        states=tuple(ordered), initial=tuple(sorted(roles.get("initial", ()))),
        terminal=tuple(sorted(roles.get("terminal", ()))), transitions=tuple(ts),
        preconditions=tuple(m.Precondition(op, allowed, _sorted(cs)) for (op, allowed), cs in sorted(pre.items())),
        cite=_sorted(cites), enum=enum_name if enum_name in enums else None,
    )


def _most(values: list[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return max(sorted(counted), key=lambda v: counted[v]) if counted else None

