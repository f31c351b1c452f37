"""Which mentions of an operation-shaped name make an operation: the cues around the name.

Made-up reference pages (a boto3-style RST page about ``frob_widget``), one rule each, with a case where the
rule must not fire.
"""

from __future__ import annotations

from harness.extract import operations
from harness.extract.facts import OperationName
from harness.extract.scope import is_operation_name, scope_of
from harness.readers import read_document

HEAD = """:doc:`Widgets <../../widgets>` / Client / {method}

{bar}
{method}
{bar}

.. py:method:: Widgets.Client.{method}(**kwargs)

  Frobs a widget.

  See also: `AWS API Documentation <https://docs.aws.amazon.com/goto/WebAPI/widgets-2020-01-01/{api}>`_

"""


def page(body: str, method: str = "frob_widget", api: str = "FrobWidget") -> list[OperationName]:
    text = HEAD.format(method=method, bar="*" * len(method), api=api) + body
    doc = read_document("widgets/" + method + ".rst", text=text, fmt="rst")
    return [x for x in operations.extract(doc, scope_of(doc)) if isinstance(x, OperationName)]


def strong(facts: list[OperationName]) -> set[str]:
    return {x.operation for x in facts if not x.weak}


def test_goto_link_gives_the_api_spelling_of_the_page_even_without_a_known_verb() -> None:
    facts = page("", method="resync_widget_mfa", api="ResyncWidgetMFA")
    assert {(x.operation, x.primary) for x in facts if x.style == "api"} == {("ResyncWidgetMFA", True)}


def test_goto_link_to_another_name_without_a_verb_is_not_an_operation() -> None:
    facts = page("  See `ResyncGadget <https://docs.aws.amazon.com/goto/WebAPI/widgets-2020-01-01/ResyncGadget>`_.\n")
    assert "ResyncGadget" not in {x.operation for x in facts}


def test_names_followed_by_a_type_noun_are_data_types() -> None:
    facts = page("  A list of ``BatchFrobWidgetEntry`` objects. The ``ListWidgetSummary`` structure holds it.\n"
                 "  Set ``ComputeWidget.size`` first. Call ``ListGadgets`` first.\n")
    names = {x.operation for x in facts}
    assert not names & {"BatchFrobWidgetEntry", "ListWidgetSummary", "ComputeWidget"}
    assert "ListGadgets" in names


def test_passing_mention_on_another_operations_page_is_weak_unless_called() -> None:
    facts = page("  For more information, see ``DescribeGadgetSets``.\n\n"
                 "  To check progress, call ``DescribeGadgets`` again.\n\n"
                 "  Use the ``TagGadget`` and ``UntagGadget`` operations to manage tags.\n\n"
                 "  The ``ListGadgets`` operation pages.\n\n"
                 "  Read the response from ``PutGadget`` or ``PutGadgets``.\n")
    assert strong(facts) >= {"DescribeGadgets", "TagGadget", "UntagGadget", "ListGadgets", "PutGadget", "PutGadgets"}
    assert "DescribeGadgetSets" not in strong(facts)
    assert any(x.operation == "DescribeGadgetSets" and x.weak for x in facts)


def test_on_a_guide_page_a_plain_mention_stays_an_operation() -> None:
    doc = read_document("guide.md", text="# Widgets\n\nFor more information, see `DescribeGadgetSets`.\n", fmt="markdown")
    facts = [x for x in operations.extract(doc, scope_of(doc)) if isinstance(x, OperationName)]
    assert strong(facts) == {"DescribeGadgetSets"}


def test_terms_of_a_list_with_non_operation_terms_are_not_operations() -> None:
    facts = page("  The status of the widget. Supported values are:\n\n"
                 "  * ``CreatePending`` - the creation is pending.\n"
                 "  * ``DeleteInProgress`` - the deletion is in progress.\n"
                 "  * ``Failed`` - it failed.\n\n"
                 "  The related operations:\n\n"
                 "  * ``CreateGadget`` - creates a gadget.\n"
                 "  * ``DeleteGadget`` - deletes a gadget.\n")
    names = {x.operation for x in facts}
    assert not names & {"CreatePending", "DeleteInProgress"}
    assert {"CreateGadget", "DeleteGadget"} <= names


def test_a_list_a_permission_sentence_introduces_names_actions() -> None:
    facts = page("  The caller needs the following permissions:\n\n"
                 "  * ``GetGadget``\n"
                 "  * ``PutGadget``\n")
    assert {x.operation for x in facts if x.operation in {"GetGadget", "PutGadget"}} == {"GetGadget", "PutGadget"}
    assert not strong(facts) & {"GetGadget", "PutGadget"}


def test_error_names_are_not_operations() -> None:
    assert not is_operation_name("ExportWidgetConflictException")
    assert not is_operation_name("CreateWidgetFault")
    assert is_operation_name("ExportWidgetConflicts")


def test_a_link_into_a_sibling_apis_reference_names_that_api() -> None:
    facts = page("  Clients call `GetWidgetRanking <https://docs.aws.amazon.com/widgets/latest/dg/"
                 "API_RS_GetWidgetRanking.html>`__ and `PutWidgetRecord <https://docs.aws.amazon.com/widgets/latest/"
                 "APIReference/API_feature_store_PutWidgetRecord.html>`__. See "
                 "`ListGadgets <https://docs.aws.amazon.com/widgets/latest/dg/API_ListGadgets.html>`__.\n")
    sites = {x.operation: (x.site, x.weak) for x in facts}
    assert sites["GetWidgetRanking"] == ("RS", True)
    assert sites["PutWidgetRecord"] == ("feature_store", True)
    assert sites["ListGadgets"] == ("widgets", False)


def test_a_cli_reference_link_points_into_the_commands_service() -> None:
    assert operations.link_site("https://docs.aws.amazon.com/cli/latest/reference/gadgets/get-gadget.html") == \
        "gadgets"
    assert operations.link_site("https://docs.aws.amazon.com/widgets/latest/dg/API_X.html") == "widgets"
