"""State machines: transitions, preconditions, roles and status reads.

Fixture files ``fixtures/states/*.expected.json`` pin what the extractor reads from seeds and corpus
pages (the ``states`` list and ``state_counts``); the unit tests below use documents built by hand.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from harness.docmodel import CodeBlock, Document, Inline, ListBlock, ListItem, Paragraph, Section
from harness.extract import states
from harness.extract.facts import Precondition, StateMachineInfo, StateRole, Transition
from harness.extract.scope import scope_of
from harness.extract.states_code import loops, status_reads

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((Path(__file__).parent / "fixtures" / "states").glob("*.expected.json"))


def _facts(doc: Document) -> list:
    return list(states.extract(doc, scope_of(doc)))


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def check(facts: list, expected: list[dict], counts: dict[str, int]) -> None:
    """Every expected fact is there (cited at exactly ``lines``), and each kind comes ``counts`` times."""
    for spec in expected:
        want = dict(spec)
        kind, lines = want.pop("kind"), want.pop("lines", None)
        found = [f for f in facts if type(f).__name__ == kind
                 and all(_plain(getattr(f, k)) == v for k, v in want.items())]
        assert found, f"missing {kind} {want}"
        if lines is not None:
            assert sorted({f.cite.line for f in found}) == lines, f"{kind} {want}"
    seen = Counter(type(f).__name__ for f in facts)
    for kind, n in counts.items():
        assert seen[kind] == n, f"{kind}: {seen[kind]} found, {n} expected"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_documents(case: Path) -> None:
    from harness.readers import read_document

    spec = json.loads(case.read_text())
    doc = read_document(str(ROOT / spec["document"]))
    check(_facts(doc), spec["states"], spec.get("state_counts", {}))


# ---- documents built by hand ----------------------------------------------------------------


def para(line: int, *runs: str | tuple[str, str] | tuple[str, str, str]) -> Paragraph:
    inlines = tuple(Inline("text", r) if isinstance(r, str) else Inline(*r) for r in runs)
    return Paragraph("t.md", line, inlines)


def items(line: int, *texts: str) -> ListBlock:
    return ListBlock("t.md", line, False, tuple(ListItem("t.md", line + i, (para(line + i, t),))
                                                 for i, t in enumerate(texts)))


def document(title: str, *blocks, lines: int = 40) -> Document:
    section = Section("t.md", 1, 1, (Inline("text", title),), tuple(blocks))
    return Document("t.md", "markdown", title, (section,), ("",) * lines)


def test_change_chain_first_step_has_the_titles_operation_later_steps_none() -> None:
    doc = document(
        "Stopping a widget",
        para(3, "To stop a widget, call ", ("link", "StopWidget", "API_StopWidget.md"), "."),
        para(5, "The widget state changes as follows:"),
        items(6, "RUNNING changes to STOPPING and then STOPPED."),
    )
    got = {(t.source, t.target, t.trigger) for t in _facts(doc) if isinstance(t, Transition)}
    assert got == {("RUNNING", "STOPPING", "StopWidget"), ("STOPPING", "STOPPED", None)}


def test_from_to_and_set_status_sentences() -> None:
    doc = document(
        "Widgets",
        para(3, "Calling ", ("code", "ResetWidget"), " changes the status to RESETTING. "
                "After the reset finishes, the service sets the status to READY."),
        para(5, "The widget transitions from READY to ARCHIVED after a year."),
    )
    got = {(t.resource, t.source, t.target, t.trigger, t.cite.line) for t in _facts(doc) if isinstance(t, Transition)}
    assert got == {("Widget", "RESETTING", "READY", None, 3), ("Widget", "READY", "ARCHIVED", None, 5)}


def test_lifecycle_list_triggers_only_steps_into_another_verbs_state() -> None:
    doc = document(
        "Gadget",
        para(3, "A gadget can be in one of the following states:"),
        items(4, "CREATE PENDING > CREATE IN_PROGRESS > ACTIVE -or- CREATE FAILED",
              "STOP PENDING > INACTIVE > START PENDING > ACTIVE"),
        para(7, "See ", ("link", "StartGadget", "API_StartGadget.md"), " and ",
             ("link", "DescribeGadget", "API_DescribeGadget.md"), "."),
    )
    facts = _facts(doc)
    got = {(t.source, t.target, t.trigger) for t in facts if isinstance(t, Transition)}
    assert got == {("CREATE PENDING", "CREATE IN_PROGRESS", None), ("CREATE IN_PROGRESS", "ACTIVE", None),
                   ("CREATE IN_PROGRESS", "CREATE FAILED", None), ("STOP PENDING", "INACTIVE", None),
                   ("INACTIVE", "START PENDING", "StartGadget"), ("START PENDING", "ACTIVE", None)}
    assert any(isinstance(f, StateMachineInfo) and f.describe_operation == "DescribeGadget" for f in facts)


def test_preconditions() -> None:
    doc = document(
        "Deleting a widget",
        para(3, "You can only delete a widget when its status is ACTIVE or FAILED. Use ",
             ("link", "DeleteWidget", "API_DeleteWidget.md"), "."),
        para(5, "A widget pool is created with ", ("code", "CreateWidgetPool"),
             " and must be in the READY state before calling ", ("code", "CreateWidget"), "."),
        para(7, "If your widget has a status of ", ("strong", "Active"), ", you can use ", ("code", "StopWidget"),
             " to stop it."),
    )
    got = {(p.resource, p.operation, p.allowed_states, p.cite.line) for p in _facts(doc) if isinstance(p, Precondition)}
    assert got == {("Widget", "DeleteWidget", ("ACTIVE", "FAILED"), 3),
                   ("WidgetPool", "CreateWidget", ("READY",), 5),
                   ("Widget", "StopWidget", ("Active",), 7)}


def test_roles() -> None:
    doc = document(
        "Widgets",
        para(3, "A widget is created in the PENDING state. FAILED is a terminal state."),
        para(5, "Call ", ("code", "StopWidget"), " to stop it. The widget state changes as follows:"),
        items(6, "RUNNING changes to STOPPING and then WIDGET_STOPPED."),
        para(8, "You can't restart a widget after it has stopped."),
    )
    got = {(r.resource, r.state, r.role, r.cite.line) for r in _facts(doc) if isinstance(r, StateRole)}
    assert got == {("Widget", "PENDING", "initial", 3), ("Widget", "FAILED", "terminal", 3),
                   ("Widget", "WIDGET_STOPPED", "terminal", 8)}


@pytest.mark.parametrize("text", [
    "Choose Stop, and the page changes to the Overview page.",
    "The AWS CLI > IAM roles page lists them.",
    "You can change the ARN to the new one.",
    "Training changes to the model are saved when the status is ready.",
])
def test_prose_without_states_gives_nothing(text: str) -> None:
    doc = document("Stopping a widget", para(3, ("link", "StopWidget", "API_StopWidget.md"), " stops."),
                   para(5, text))
    assert [f for f in _facts(doc) if isinstance(f, (Transition, Precondition, StateRole))] == []


def test_status_read_from_prose_and_code() -> None:
    code = ("resp = client.describe_widgets(Name=name)\n"
            "for w in resp['Widgets']:\n"
            "    print(w['Status'])\n")
    doc = document("Widgets", para(3, "To check the current status, call ", ("code", "DescribeWidgets"), "."),
                   CodeBlock("t.md", 10, code, "python"))
    got = {(i.resource, i.status_field, i.describe_operation, i.cite.line) for i in _facts(doc)
           if isinstance(i, StateMachineInfo)}
    assert got == {("Widget", None, "DescribeWidgets", 3), ("Widget", "Widgets[].Status", "describe_widgets", 12)}


def reference_page(op: str, *blocks) -> Document:
    """A generated reference page: a section titled with the operation, its request syntax below."""
    syntax = CodeBlock("t.rst", 30, f"response = client.{op}(\n    WidgetName='string'\n)", "python")
    section = Section("t.rst", 1, 1, (Inline("text", op),), tuple(blocks) + (syntax,))
    return Document("t.rst", "rst", op, (section,), ("",) * 40)


def _transitions(doc: Document) -> set[tuple]:
    return {(t.resource, t.source, t.target, t.trigger, t.confidence) for t in _facts(doc) if isinstance(t, Transition)}


def test_a_call_that_sets_a_status_and_the_service_sets_it_back() -> None:
    doc = reference_page("start_widget_encryption", para(
        3, "Starting encryption is an asynchronous operation. Upon receiving the request, the service returns "
           "immediately and sets the status of the widget to ", ("code", "UPDATING"), ". After the update is "
           "complete, the service sets the status of the widget back to ", ("code", "ACTIVE"), "."))
    assert _transitions(doc) == {("Widget", "ACTIVE", "UPDATING", "StartWidgetEncryption", "inferred"),
                                 ("Widget", "UPDATING", "ACTIVE", None, "stated")}


def test_a_call_allowed_in_a_state_moves_from_it() -> None:
    doc = reference_page("merge_gizmos",
                         para(3, "If the widget is in the ACTIVE state, you can call ", ("code", "MergeGizmos"), "."),
                         para(5, "Upon receiving a ", ("code", "MergeGizmos"), " request, the service immediately "
                                 "returns and sets the ", ("code", "WidgetStatus"), " to ", ("code", "UPDATING"),
                                 ". After the operation is completed, the service sets the ", ("code", "WidgetStatus"),
                                 " to ", ("code", "ACTIVE"), "."),
                         para(7, "After a ", ("code", "DeleteWidget"), " request, the specified widget is in the "
                                 "DELETING state until the service completes the deletion. If the widget is in the "
                                 "ACTIVE state, you can delete it."))
    assert _transitions(doc) == {("Widget", "ACTIVE", "UPDATING", "MergeGizmos", "inferred"),
                                 ("Widget", "UPDATING", "ACTIVE", None, "stated"),
                                 ("Widget", "ACTIVE", "DELETING", "DeleteWidget", "inferred")}


def test_a_create_call_sets_the_initial_state() -> None:
    doc = reference_page("create_widget", para(
        3, "Upon receiving a ", ("code", "CreateWidget"), " request, the service immediately returns and sets the "
           "widget status to CREATING. After the widget is created, the service sets the widget status to ACTIVE."))
    facts = _facts(doc)
    assert _transitions(doc) == {("Widget", "CREATING", "ACTIVE", None, "stated")}
    assert {(r.resource, r.state, r.role) for r in facts if isinstance(r, StateRole)} == {("Widget", "CREATING",
                                                                                            "initial")}


def test_stated_transitions_of_a_call_are_not_second_guessed() -> None:
    doc = reference_page("stop_widget",
                         para(3, "You can stop a widget that is in the RUNNING or PENDING state."),
                         para(5, "RUNNING changes to STOPPING and then STOPPED. PENDING changes to STOPPED."),
                         para(7, "Upon receiving the request, the service sets the status of the widget to STOPPING."))
    assert ("Widget", "PENDING", "STOPPING", "StopWidget", "inferred") not in _transitions(doc)


@pytest.mark.parametrize("text", [
    "Upon receiving the request, the service sets the WidgetSize to LARGE. Later it sets the WidgetSize to SMALL.",
    "Upon receiving the request, the service sets the status of the widget to UPDATING.",
])
def test_set_sentences_that_give_no_transition(text: str) -> None:
    assert _transitions(reference_page("resize_widget", para(3, text))) == set()


def test_status_read_names_the_resource_and_the_field() -> None:
    doc = reference_page("delete_widget",
                         para(3, "You can use ", ("code", "DescribeWidgetSummary"), " to check the widget status, "
                                 "which is returned in ", ("code", "WidgetStatus"), "."),
                         para(5, "The service might accept calls such as ", ("code", "GetGizmos"), " on a widget in "
                                 "the DELETING state until the deletion is complete."))
    got = {(i.resource, i.status_field, i.describe_operation) for i in _facts(doc) if isinstance(i, StateMachineInfo)}
    assert got == {("Widget", "WidgetStatus", "DescribeWidgetSummary")}


# ---- code ------------------------------------------------------------------------------------------

PYTHON_LOOP = """\
client.start_widget(Name=name)
while True:
    status = client.describe_widget(Name=name)['Widget']['Status']
    if status in ("PENDING", "STARTING"):
        time.sleep(5)
        continue
    if status == "RUNNING":
        break
    if status == "FAILED":
        raise Exception(status)
"""

JAVA_LOOP = """\
client.startWidget(request);
do {
    WidgetStatus status = client.describeWidget(describe).widget().status();
    switch (status) {
    case RUNNING:
        done = true;
        break;
    case STARTING:
        Thread.sleep(5000);
        break;
    default:
        throw new Exception("unexpected");
    }
} while (!done);
"""


def test_python_polling_loop() -> None:
    [loop] = loops(PYTHON_LOOP)
    assert [w[0] for w in loop.waits] == ["PENDING", "STARTING"]
    assert [f[0] for f in loop.finishes] == ["RUNNING", "FAILED"]  # a raising branch ends the loop too
    assert loop.trigger == "start_widget"


def test_java_polling_loop() -> None:
    [loop] = loops(JAVA_LOOP)
    assert [w[0] for w in loop.waits] == ["STARTING"]
    assert [f[0] for f in loop.finishes] == ["RUNNING"]
    assert loop.trigger == "startWidget"


def test_loop_transitions_are_inferred_with_the_call_before_the_loop() -> None:
    doc = document("Starting a widget", CodeBlock("t.md", 10, PYTHON_LOOP, "python"))
    got = {(t.resource, t.source, t.target, t.trigger, t.confidence, t.cite.line) for t in _facts(doc)
           if isinstance(t, Transition)}
    assert got == {("Widget", "PENDING", "RUNNING", "start_widget", "inferred", 13),
                   ("Widget", "STARTING", "RUNNING", "start_widget", "inferred", 13),
                   ("Widget", "PENDING", "FAILED", "start_widget", "inferred", 13),
                   ("Widget", "STARTING", "FAILED", "start_widget", "inferred", 13)}


def test_status_reads() -> None:
    code = "d = c.describe_thing(Arn=a)['thing']\nprint(d['status'])\n"
    assert [(r.describe, r.field, r.line) for r in status_reads(code)] == [("describe_thing", "thing.status", 1)]
    assert [(r.describe, r.field) for r in status_reads(JAVA_LOOP)] == [("describeWidget", None)]


def test_loop_trigger_is_never_a_helper_call() -> None:
    code = ("def wait(client, name):\n"
            "    while True:\n"
            "        status = client.describe_widget(Name=name)['Widget']['Status']\n"
            "        if status == 'UPDATING':\n"
            "            time.sleep(5)\n"
            "            continue\n"
            "        if status == 'READY':\n"
            "            break\n"
            "parser.add_argument('name')\n"
            "client.update_widget(Name=name)\n")
    [loop] = loops(code)
    assert loop.trigger == "update_widget"
