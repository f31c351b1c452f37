"""Guide pages: inputs and outputs read from example code and from prose, with names made exact.

Hand-built documents, one rule each (the pinned corpus pages in ``tests/corpus`` check them on real pages).
"""

from __future__ import annotations

from harness.docmodel import CodeBlock, Document, Inline, ListBlock, ListItem, Paragraph, Section
from harness.extract import enums, outputs, parameters, permissions, service
from harness.extract.calls import calls_in, cli_commands, comment_says, java_calls, js_calls
from harness.extract.codeindex import index_of
from harness.extract.facts import EnumValue, OutputField, Parameter, Permission, ServiceHint
from harness.extract.results import cli_output_reads, java_reads, python_reads
from harness.extract.scope import scope_of


def para(line: int, *runs: str | tuple[str, str] | tuple[str, str, str]) -> Paragraph:
    return Paragraph("t.md", line, tuple(Inline("text", r) if isinstance(r, str) else Inline(*r) for r in runs))


def items(line: int, *paragraphs: Paragraph) -> ListBlock:
    return ListBlock("t.md", line, False, tuple(ListItem("t.md", p.line, (p,)) for p in paragraphs))


def section(line: int, title: str, *blocks, level: int = 2) -> Section:
    return Section("t.md", line, level, (Inline("text", title),), tuple(blocks))


def document(title: str, *blocks, lines: int = 400) -> Document:
    return Document("t.md", "markdown", title, (section(1, title, *blocks, level=1),), ("x",) * lines)


def code(line: int, text: str, language: str | None = None) -> CodeBlock:
    return CodeBlock("t.md", line, text, language)


def inputs(doc: Document) -> set[tuple[str, str, bool | None, int]]:
    return {(p.operation, p.name, p.required, p.cite.line) for p in parameters.extract(doc, scope_of(doc))
            if isinstance(p, Parameter) and not p.inferred}


# ---- calls ---------------------------------------------------------------------------------------


def test_comments_say_required_optional_and_type() -> None:
    assert comment_says("  name: 'NAME',  /* required */") == (True, None)
    assert comment_says("  minProvisionedTPS: 1    /* optional integer */") == (False, "integer")
    assert comment_says(".batchInferenceJobConfig(jobConfig)   // Optional") == (False, None)
    assert comment_says("  name: 'NAME',") == (None, None)


def test_javascript_object_keys_are_exact_and_only_top_level() -> None:
    js = ("import { CreateWidgetCommand } from \"@aws-sdk/client-widgets\";\n"
          "export const params = {\n"
          "  widgetName: 'W', /* required */\n"
          "  config: {\n"
          "    depth: 3, // nested\n"
          "  },\n"
          "  size: 2 /* optional integer */\n"
          "};\n"
          "await client.send(new CreateWidgetCommand(params));\n")
    [call] = js_calls(code(10, js))
    assert call.operation == "CreateWidget" and call.site == "widgets"
    assert [(a.name, a.line, a.exact, a.required, a.type) for a in call.args] == [
        ("widgetName", 12, True, True, None), ("config", 13, True, None, None), ("size", 16, True, False, "integer")]


def test_java_chains_skip_calls_inside_arguments() -> None:
    java = ("CreateWidgetRequest r = CreateWidgetRequest.builder()\n"
            "    .widgetArn(response.widgetArn())\n"
            "    .tags(Map.of(\"a\", other.get()))   // Optional\n"
            "    .build();\n"
            "DetectThingRequest v1 = new DetectThingRequest()\n"
            "    .withImage(new Image().withS3Object(new S3Object().withName(key)))\n"
            "    .withMinConfidence(c);\n")
    calls = {c.operation: [(a.name, a.exact, a.required) for a in c.args] for c in java_calls(code(1, java))}
    assert calls == {"CreateWidget": [("widgetArn", False, None), ("tags", False, False)],
                     "DetectThing": [("Image", False, None), ("MinConfidence", False, None)]}


def test_cli_global_options_are_not_parameters() -> None:
    [call] = calls_in(code(1, "aws widgets create-widget --widget-name w --region us-east-1 --output json"))
    assert [a.name for a in call.args] == ["widget-name"]


# ---- results -------------------------------------------------------------------------------------


def test_python_reads_follow_the_variable_to_its_latest_call() -> None:
    py = ("import boto3\nclient = boto3.client('widgets')\n"
          "response = client.create_widget(Name='w')\n"
          "arn = response['WidgetArn']\n"
          "response = client.describe_widget(WidgetArn=arn)\n"
          "for part in response['Parts']:\n"
          "    print(part['Name'])\n"
          "status = client.describe_widget(WidgetArn=arn)['Widget']['Status']\n")
    block = code(1, py, "python")
    assert [(r.operation, r.name, r.line) for r in python_reads(block)] == [
        ("create_widget", "WidgetArn", 4), ("describe_widget", "Parts", 6), ("describe_widget", "Widget", 8)]


def test_java_getters_on_a_call_result() -> None:
    java = ("WidgetsClient widgetsClient = WidgetsClient.create();\n"
            "CreateWidgetResponse response =\n"
            "        widgetsClient.createWidget(request);\n"
            "log(response.status(), response.toString());\n"
            "Widget w = widgetsClient\n"
            "        .describeWidget(d)\n"
            "        .widget();\n")
    got = [(r.operation, r.name, r.line, r.exact) for r in java_reads(code(1, java))]
    assert got == [("createWidget", "status", 4, False), ("describeWidget", "widget", 7, False)]


def test_cli_output_after_the_command() -> None:
    block = code(20, "aws widgets create-widget \\\n  --name w\n{\n   \"widgetArn\": \"arn\"\n}")
    [command] = cli_commands(block)
    reads = cli_output_reads(block, command.call.operation, command.end, command.call.site)
    assert [(r.operation, r.name, r.line) for r in reads] == [("create-widget", "widgetArn", 23)]


# ---- names made exact ----------------------------------------------------------------------------


def test_cli_and_java_names_take_the_exact_spelling_or_the_documents_convention() -> None:
    doc = document(
        "Widgets",
        code(3, "aws widgets create-widget --widget-name w --min-size 2 --tag-keys k"),
        code(5, "import boto3\nclient = boto3.client('widgets')\nclient.create_widget(WidgetName='w', MinSIZE=2)\n",
             "python"),
    )
    got = inputs(doc)
    # exact spellings from the Python call; TagKeys by the document's convention (its exact names are PascalCase)
    assert ("create-widget", "WidgetName", None, 3) in got
    assert ("create-widget", "MinSIZE", None, 3) in got
    assert ("create-widget", "TagKeys", None, 3) in got
    assert index_of(doc, scope_of(doc)).convention("CreateWidget") == "pascal"


def test_comment_states_optional_over_inferred_required() -> None:
    js = "const p = {\n  name: 'N', /* required */\n  size: 1 /* optional integer */\n};\nnew CreateWidgetCommand(p);\n"
    doc = document("Widgets", code(3, js, "javascript"))
    assert {("CreateWidget", "name", True, 4), ("CreateWidget", "size", False, 5)} <= inputs(doc)


# ---- prose ---------------------------------------------------------------------------------------


def test_guide_prose_optional_forms_bind_to_the_sections_calls() -> None:
    doc = document(
        "Widgets",
        section(2, "Creating a widget",
                para(3, "If you omit the ", ("code", "min-size"), " parameter, the default applies. "
                        "Optionally provide a widget color to paint it."),
                para(5, "If you don't specify a value for ", ("code", "Depth"), ", it is 1."),
                code(7, "import boto3\nclient = boto3.client('widgets')\n"
                        "client.create_widget(minSize=1, widgetColor='r', Depth=2)\n", "python")),
    )
    got = inputs(doc)
    assert {("create_widget", "minSize", False, 3), ("create_widget", "widgetColor", False, 3),
            ("create_widget", "Depth", False, 5)} <= got


def test_guide_prose_names_in_parentheses_after_an_operation() -> None:
    doc = document(
        "Tags",
        para(3, "To tag a widget, use the ", ("link", "TagWidget", "API_TagWidget.md"), " operation. Specify the ARN "
                "(", ("code", "WidgetArn"), ") and the tags (", ("code", "Tags"), ")."),
        para(5, "Then call ", ("code", "GetWidgetJob"), " and pass the job identifier (", ("code", "JobId"),
             ") from the initial call to ", ("code", "StartWidgetJob"), "."),
    )
    got = {(o, n) for o, n, _r, _l in inputs(doc)}
    assert got == {("TagWidget", "WidgetArn"), ("TagWidget", "Tags"), ("GetWidgetJob", "JobId")}


def test_list_of_inputs_after_an_introduction_naming_the_operation() -> None:
    doc = document(
        "Models",
        para(3, "Call ", ("link", "DescribeWidgets", "API_DescribeWidgets.md"), " and supply the following."),
        items(4, para(4, "The ARN of the project (", ("code", "ProjectArn"), ")."),
              para(5, ("code", "bucket"), " – a bucket name.")),
        para(7, "Supply the following command line parameters"),
        items(8, para(8, ("code", "ModelArn"), " – the model.")),
    )
    assert {(o, n) for o, n, _r, _l in inputs(doc)} == {("DescribeWidgets", "ProjectArn")}


def test_reference_pages_keep_the_plain_parameter_form_only() -> None:
    page = Section("t.md", 1, 1, (Inline("text", "StopWidget"),), (
        para(2, "Stops a widget. If you omit ", ("code", "Force"), ", it waits."),
        para(3, "Use the ", ("code", "WidgetArn"), " input parameter."),
        section(4, "Request Syntax", code(5, "POST /widgets/stop HTTP/1.1")),
        section(6, "Request Parameters", para(7, "x")),
        section(8, "Errors", para(9, "x")),
    ))
    doc = Document("t.md", "markdown", "StopWidget", (page,), ("x",) * 20)
    assert {(o, n) for o, n, _r, _l in inputs(doc)} == {("StopWidget", "WidgetArn")}


def test_json_request_and_response_examples_in_a_guide() -> None:
    doc = document(
        "Detecting",
        section(2, "DetectWidgets operation request",
                para(3, "In the ", ("code", "DetectWidgets"), " operation, the following example JSON request "
                        "shows the input."),
                code(5, '{\n    "Image": {"Bytes": "x"},\n    "MaxLabels": 10\n}')),
        section(10, "DetectWidgets operation response",
                para(11, "The following JSON response from the ", ("code", "DetectWidgets"), " operation."),
                code(13, '{\n    "Labels": []\n}')),
    )
    assert {(o, n) for o, n, _r, _l in inputs(doc)} == {("DetectWidgets", "Image"), ("DetectWidgets", "MaxLabels")}
    outs = {(o.operation, o.name, o.cite.line) for o in outputs.extract(doc, scope_of(doc))
            if isinstance(o, OutputField)}
    assert outs == {("DetectWidgets", "Labels", 14)}


# ---- enums, permissions, service -----------------------------------------------------------------


def test_enum_alternatives_in_a_list_item_naming_an_argument() -> None:
    doc = document(
        "Datasets",
        items(3, para(3, ("code", "dataset_type"), " — the type of dataset (", ("code", "TRAIN"), " or ",
                      ("code", "TEST"), ").")),
        code(6, "aws widgets create-dataset --dataset-type TRAIN\n"),
        code(8, "import boto3\nclient = boto3.client('widgets')\nclient.create_dataset(DatasetType='TRAIN')\n",
             "python"),
    )
    got = {(e.enum, e.spelling, e.cite.line) for e in enums.extract(doc, scope_of(doc)) if isinstance(e, EnumValue)}
    assert got == {("CreateDataset.DatasetType", "TRAIN", 3), ("CreateDataset.DatasetType", "TEST", 3)}


def test_must_have_a_named_permission() -> None:
    page = Section("t.md", 1, 1, (Inline("text", "Configuring"),), (
        para(2, "To call this API, you must have the Security Administrator permission configured in IAM."),
        section(4, "URI", para(5, "POST /v2/{project_id}/things")),
    ))
    doc = Document("t.md", "rst", "Configuring", (page,), ("x",) * 10, meta=(("original_name", "CreateThing.html"),))
    got = {(p.operation, p.action) for p in permissions.extract(doc, scope_of(doc)) if isinstance(p, Permission)}
    assert got == {("CreateThing", "Security Administrator")}


def test_links_to_doc_id_labels_hint_the_service() -> None:
    doc = document("Obtaining", para(3, "See ", ("link", "Obtaining a Project ID", "widgets_03_0147"), "."))
    hints = [(h.kind, h.value) for h in service.extract(doc, scope_of(doc)) if isinstance(h, ServiceHint)]
    assert ("doc-ref", "widgets") in hints
