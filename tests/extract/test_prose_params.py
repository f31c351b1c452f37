"""Parameters a reference page's sentences name: coordinated names, "parameter in <Operation>", names shaped
like operations. Made-up HTML documentation strings, headed like an ``X-Amz-Target`` page."""

from __future__ import annotations

from harness.extract import parameters
from harness.extract.facts import Parameter
from harness.extract.scope import scope_of
from harness.readers import read_document

HEAD = "http://widgets.{region}.amazonaws.com/#X-Amz-Target=Widgets.ListWidgets"


def stated(body: str) -> set[tuple[str, str]]:
    doc = read_document("ListWidgets.html", text=HEAD + body + "\n", fmt="html")
    return {(p.operation, p.name) for p in parameters.extract(doc, scope_of(doc)) if isinstance(p, Parameter)}


def test_coordinated_names_share_the_word_parameter() -> None:
    found = stated("<p>You can page with the <code>MaxWidgets</code> and <code>Marker</code> parameters.</p>")
    assert found >= {("ListWidgets", "MaxWidgets"), ("ListWidgets", "Marker")}


def test_a_list_after_parameters_include() -> None:
    found = stated("<p>These parameters include <code>Shape</code>, and optionally, <code>Colour</code> and "
                   "<code>Size</code>.</p>")
    assert found >= {("ListWidgets", "Shape"), ("ListWidgets", "Colour"), ("ListWidgets", "Size")}


def test_names_not_in_one_list_do_not_share_the_word() -> None:
    found = stated("<p>Set <code>Shape</code> first; the <code>Colour</code> parameter follows.</p>")
    assert ("ListWidgets", "Colour") in found
    assert ("ListWidgets", "Shape") not in found


def test_lower_camel_names_count_and_single_lowercase_words_do_not() -> None:
    found = stated("<p>Filter with the <code>familyPrefix</code> parameter or the <code>status</code> parameter.</p>")
    assert ("ListWidgets", "familyPrefix") in found
    assert ("ListWidgets", "status") not in found


def test_parameter_in_an_operation_binds_to_that_operation() -> None:
    found = stated("<p>After you use <code>DeleteWidget</code>, use the <code>TaskId</code> parameter in "
                   "<code>GetWidgetDeletionStatus</code> to check it.</p>")
    assert ("GetWidgetDeletionStatus", "TaskId") in found
    assert ("DeleteWidget", "TaskId") not in found


def test_a_name_shaped_like_an_operation_counts_right_before_parameter() -> None:
    found = stated("<p>To reset all, specify the <code>ResetAllWidgets</code> parameter.</p>")
    assert ("ListWidgets", "ResetAllWidgets") in found
    assert "ResetAllWidgets" not in {op for op, _n in found}
