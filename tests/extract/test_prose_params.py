"""Parameters a reference page's sentences name: coordinated names, "parameter in <Operation>", names shaped
like operations. Made-up HTML documentation strings, headed like an ``X-Amz-Target`` page."""

from __future__ import annotations

from harness.extract import parameters
from harness.extract.facts import Parameter
from harness.extract.scope import scope_of
from harness.readers import read_document

HEAD = "http://widgets.{region}.amazonaws.com/#X-Amz-Target=Widgets.ListWidgets"


def facts(body: str) -> list[Parameter]:
    doc = read_document("ListWidgets.html", text=HEAD + body + "\n", fmt="html")
    return [p for p in parameters.extract(doc, scope_of(doc)) if isinstance(p, Parameter)]


def stated(body: str) -> set[tuple[str, str]]:
    return {(p.operation, p.name) for p in facts(body)}


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


def test_lower_camel_names_count_and_so_do_single_lowercase_words_on_a_lower_camel_page() -> None:
    found = stated("<p>Filter with the <code>familyPrefix</code> parameter or the <code>status</code> parameter.</p>")
    assert ("ListWidgets", "familyPrefix") in found
    assert ("ListWidgets", "status") in found


def test_a_single_lowercase_word_counts_only_right_before_parameter() -> None:
    assert ("ListWidgets", "force") in stated("<p>You must specify <code>true</code> for the <code>force</code> "
                                              "parameter.</p>")
    assert ("ListWidgets", "status") not in stated("<p>Set the <code>status</code> value first.</p>")


def test_a_lowercase_wire_name_on_a_pascal_case_page_is_not_the_name() -> None:
    found = stated("<p>The <code>MaxWidgets</code> element in the response holds the value of the "
                   "<code>maxwidgets</code> parameter. Use the <code>WidgetShape</code> parameter to narrow.</p>")
    assert ("ListWidgets", "maxwidgets") not in found
    assert ("ListWidgets", "WidgetShape") in found


def test_a_name_against_a_clear_majority_of_the_page_is_not_the_name() -> None:
    body = "<p>Use the <code>WidgetVersionArn</code> parameter to pick one.</p>"
    assert ("ListWidgets", "WidgetVersionArn") in stated(body)
    assert ("ListWidgets", "WidgetVersionArn") in stated(body + "<p>Set <code>widgetConfig</code> first.</p>")
    camel_page = stated(body + "<p>Set <code>widgetConfig</code> and <code>minWidgetCount</code> first.</p>")
    assert ("ListWidgets", "WidgetVersionArn") not in camel_page


def test_data_types_and_one_word_names_do_not_make_the_convention() -> None:
    found = stated("<p>Add a <code>RoutingConfig</code> object and a <code>RoutingRule</code> object in the "
                   "<code>routingConfiguration</code> parameter. Use <code>Task</code> or <code>Choice</code>.</p>")
    assert ("ListWidgets", "routingConfiguration") in found


def test_a_lower_camel_wire_name_needs_lower_camel_names_on_the_page() -> None:
    body = "<p>To pick one version, use the <code>versionId</code> query parameter.</p>"
    assert stated(body) == set()
    assert ("ListWidgets", "versionId") in stated(body + "<p>Set <code>widgetName</code> first.</p>")
    assert ("ListWidgets", "VersionId") in stated("<p>Use the <code>VersionId</code> query parameter.</p>")


def test_names_in_capitals_are_values() -> None:
    assert stated("<p>Sort by index: specify <code>INDEX</code> for the <code>SORTBY</code> input parameter.</p>") == set()
    assert ("ListWidgets", "SortBy") in stated("<p>Specify <code>INDEX</code> for the <code>SortBy</code> input "
                                               "parameter.</p>")


def test_names_shaped_like_operations_in_a_list_before_parameters_are_parameters() -> None:
    found = stated("<p>You can use the <code>EnableWidgetSync</code> and <code>EnableWidgetCache</code> parameters "
                   "together.</p>")
    assert found == {("ListWidgets", "EnableWidgetSync"), ("ListWidgets", "EnableWidgetCache")}
    assert ("DescribeWidgets", "Colour") in stated("<p>Call <code>DescribeWidgets</code> with the <code>Colour</code> "
                                                   "parameter.</p>")


def test_response_parameters_are_not_inputs() -> None:
    found = stated("<p>Failed writes come back in the <code>UnprocessedWidgets</code> response parameter; pass the "
                   "<code>Marker</code> request parameter to go on.</p>")
    assert ("ListWidgets", "UnprocessedWidgets") not in found
    assert ("ListWidgets", "Marker") in found


def test_each_parameter_is_an_element_of_a_list() -> None:
    assert stated("<p>Each <code>WidgetVariant</code> parameter describes one model.</p>") == set()
    assert stated("<p>The <code>WidgetVariant</code> parameter describes one model.</p>") == {
        ("ListWidgets", "WidgetVariant")}


def test_a_parameter_in_other_operations_is_not_this_ones() -> None:
    assert stated("<p>To check on it, use the <code>JobId</code> parameter in the same operations.</p>") == set()
    assert stated("<p>You can't pass the <code>JobId</code> parameter twice in the same operation.</p>") == {
        ("ListWidgets", "JobId")}


def test_the_operation_named_after_a_parameter_is_not_its_own() -> None:
    found = stated("<p>Specify the <code>resultKey</code> parameter to encrypt the results of all future "
                   "<code>ListWidgetRuns</code> operations.</p>")
    assert found == {("ListWidgets", "resultKey")}
    found = stated("<p>Widgets are sorted by the kinds given in the <code>Kinds</code> input parameter of "
                   "<code>StartWidgetScan</code>.</p>")
    assert found == {("StartWidgetScan", "Kinds")}


def test_an_instruction_after_a_call_goes_on_with_that_operation() -> None:
    found = stated('<p>To list them, use the <a href="https://x/API_Search.html">Search</a> API. Specify '
                   "<code>Widget</code> for the <code>Resource</code> parameter.</p>")
    assert found == {("Search", "Resource")}
    found = stated('<p>To list them, use the <a href="https://x/API_Search.html">Search</a> API. The '
                   "<code>Resource</code> parameter is case-sensitive.</p>")
    assert found == {("ListWidgets", "Resource")}


def test_names_asked_for_without_the_word_parameter() -> None:
    found = stated("<p>You must specify either <code>widgetId</code> or <code>patternId</code>, but not both. "
                   "Specify <code>restore</code> as the <code>attributeName</code> and go on.</p>")
    assert found == {("ListWidgets", "widgetId"), ("ListWidgets", "patternId"), ("ListWidgets", "attributeName")}


def test_a_name_asked_for_is_not_a_value_or_a_noun_of_another() -> None:
    found = stated("<p>To reset it, specify the <code>WidgetGroup</code> name. Specify <code>Widget</code> for the "
                   "<code>Kind</code> parameter. You cannot specify <code>Days</code> and <code>Years</code> at the "
                   "same time.</p>")
    assert found == {("ListWidgets", "Kind")}


def test_optional_names_are_inputs_not_required() -> None:
    found = facts("<p>To narrow the results, you can optionally provide a <code>WidgetFilter</code>. You can "
                  "provide an optional <code>Description</code>, in addition to the shape.</p>")
    assert {(p.name, p.required) for p in found} == {("WidgetFilter", False), ("Description", False)}


def test_a_name_if_it_is_specified_or_in_the_request() -> None:
    found = stated("<p>If a <code>WidgetGroupName</code> is specified, the list holds only that group. If you did "
                   "not use a <code>WidgetFilter</code> in the list request, every widget is counted.</p>")
    assert found == {("ListWidgets", "WidgetGroupName"), ("ListWidgets", "WidgetFilter")}


def test_a_setting_of_a_resource_is_not_an_input() -> None:
    assert stated("<p>This works only when the <code>WidgetMode</code> is set to <code>Fast</code>.</p>") == set()
    assert stated("<p>The <code>WidgetFilter</code> in the response lists what was applied, as specified.</p>") == set()


def test_a_list_of_values_to_choose_one_of_is_not_a_list_of_inputs() -> None:
    found = stated("<p>You can specify one of the following tier options in the <code>Tier</code> element:</p>"
                   "<ul><li><p><code>Fast</code> - within minutes.</p></li>"
                   "<li><p><code>Slow</code> - within hours.</p></li></ul>")
    assert not {name for _op, name in found} & {"Fast", "Slow"}
    found = stated("<p>To narrow the list, specify one of the following parameters:</p>"
                   "<ul><li><p><code>WidgetShape</code> - the shape.</p></li>"
                   "<li><p><code>WidgetColour</code> - the colour.</p></li></ul>")
    assert found >= {("ListWidgets", "WidgetShape"), ("ListWidgets", "WidgetColour")}


def test_parameter_in_an_operation_binds_to_that_operation() -> None:
    found = stated("<p>After you use <code>DeleteWidget</code>, use the <code>TaskId</code> parameter in "
                   "<code>GetWidgetDeletionStatus</code> to check it.</p>")
    assert ("GetWidgetDeletionStatus", "TaskId") in found
    assert ("DeleteWidget", "TaskId") not in found


def test_a_name_shaped_like_an_operation_counts_right_before_parameter() -> None:
    found = stated("<p>To reset all, specify the <code>ResetAllWidgets</code> parameter.</p>")
    assert ("ListWidgets", "ResetAllWidgets") in found
    assert "ResetAllWidgets" not in {op for op, _n in found}


def test_a_name_an_operation_is_called_with() -> None:
    found = stated("<p>To fix it, run <code>StartWidget</code> with a unique <code>clientToken</code>.</p>")
    assert found == {("StartWidget", "clientToken")}
    assert stated("<p>It fails when <code>StartWidget</code> meets a used <code>clientToken</code>.</p>") == set()


def test_names_asked_for_are_held_back_where_records_state_the_inputs() -> None:
    body = "<p>If a <code>WidgetGroupName</code> is specified, the list holds only that group.</p>"
    records = ("<h2>Request Parameters</h2><p><b>WidgetFilter</b></p><p>The filter.</p><p>Type: String</p>"
               "<p>Required: No</p>")
    assert ("ListWidgets", "WidgetGroupName") in stated(body)
    assert ("ListWidgets", "WidgetGroupName") not in stated(body + records)
