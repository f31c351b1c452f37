"""The examples extractor: language, kind, operation and citation of every code block.

Two layers, as for the other extractors:

* fixture files (``fixtures/examples/*.json``: a source document and every example expected from it) fed to
  `parametrize` and run through the real readers — seeds always, corpus pages when ``../shared/corpus`` is there;
* hand-built documents for each rule, so that a rule's test does not depend on a reader.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from harness.docmodel import CodeBlock, Document, Inline, ListBlock, ListItem, Paragraph, Section
from harness.extract import EXTRACTORS, extract_document
from harness.extract.examples import extract
from harness.extract.examples_language import language_of, parses_as_json
from harness.extract.facts import Example
from harness.extract.scope import scope_of

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures" / "examples"
CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = {"cli", "sdk", "request", "response", "curl", "other"}


def _examples(doc: Document) -> list[Example]:
    return [f for f in extract(doc, scope_of(doc)) if isinstance(f, Example)]


# ── fixtures through the real readers ─────────────────────────────────────────


def _fixture_params() -> list:
    params = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        marks = [pytest.mark.corpus] if data["source"].startswith("../") else []
        params.append(pytest.param(path, id=path.stem, marks=marks))
    return params


@pytest.mark.parametrize("fixture", _fixture_params())
def test_fixture(fixture: Path) -> None:
    readers = pytest.importorskip("harness.readers")
    data = json.loads(fixture.read_text(encoding="utf-8"))
    source = ROOT / data["source"]
    if not source.exists():
        pytest.skip(f"{data['source']} is not here")
    expected = data["examples"]
    found = _examples(readers.read_document(str(source)))
    with_code = [i < len(expected) and "code" in expected[i] for i in range(len(found))]
    assert [_row(e, c) for e, c in zip(found, with_code)] == expected


def _row(e: Example, with_code: bool) -> dict:
    row = {"line": e.cite.line, "language": e.language, "kind": e.kind, "operation": e.operation,
           "text": e.cite.text}
    if with_code:
        row["code"] = e.code
    return row


def test_fixtures_cover_every_kind_and_the_seeds() -> None:
    kinds: Counter[str] = Counter()
    sources = set()
    for path in FIXTURES.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        sources.add(data["source"])
        kinds.update(e["kind"] for e in data["examples"])
    assert {"cli", "sdk", "request", "response", "curl"} <= set(kinds)
    assert {f"seeds/{p.name}" for p in (ROOT / "seeds").glob("*.txt")} <= sources


# ── hand-built documents ──────────────────────────────────────────────────────

P = "doc.md"


def para(text: str, line: int = 1, kind: str = "text", target: str | None = None) -> Paragraph:
    return Paragraph(P, line, (Inline(kind, text, target),))


def code(text: str, line: int = 10, language: str | None = None, title: str | None = None) -> CodeBlock:
    return CodeBlock(P, line, text, language, title)


def section(title: str, *blocks, level: int = 2, line: int = 1, tab: bool = False) -> Section:
    return Section(P, line, level, (Inline("text", title),), tuple(blocks), tab=tab)


def document(*blocks, title: str = "Guide") -> Document:
    return Document(P, "markdown", title, tuple(blocks), lines=("",) * 200)


def only(doc: Document) -> Example:
    found = _examples(doc)
    assert len(found) == 1, found
    return found[0]


def test_registered_and_run_by_extract_document() -> None:
    assert "examples" in EXTRACTORS
    facts = extract_document(document(code("aws personalize list-campaigns")))
    assert [f.kind for f in facts if isinstance(f, Example)] == ["cli"]


def test_every_block_is_an_example_cited_at_its_first_code_line() -> None:
    doc = document(code("\n\n  aws personalize list-campaigns", line=7), code("   \n", line=20), code("x", line=30))
    found = _examples(doc)
    assert [(e.cite.line, e.cite.text) for e in found] == [(9, "aws personalize list-campaigns"), (30, "x")]
    assert found[0].code == "\n\n  aws personalize list-campaigns"


# language ----------------------------------------------------------------------


@pytest.mark.parametrize("title,language", [
    ("SDK for Python (Boto3)", "python"), ("Python", "python"), ("SDK for Java 2.x", "java"), ("Java 2", "java"),
    ("Java V2", "java"), ("SDK for JavaScript v3", "javascript"), ("AWS CLI", "shell"), ("CLI", "shell"),
    (".NET", "csharp"), ("SDK for Go", "go"), ("YAML", "yaml"), ("JSON", "json"),
])
def test_language_from_tab_title(title: str, language: str) -> None:
    assert language_of("something(x)", None, title) == language


@pytest.mark.parametrize("text,language", [
    ("import boto3\nclient = boto3.client('personalize')", "python"),
    ("response = personalize.create_dataset_group(\n    name = 'x'\n)", "python"),
    ("def handler(event, context):\n    print(event)", "python"),
    ("public class StopModel {\n}", "java"),
    ("import software.amazon.awssdk.services.rekognition.RekognitionClient;", "java"),
    ("X x = XRequest.builder()\n  .name(n)\n  .build();", "java"),
    ('import { CreateCampaignCommand } from "@aws-sdk/client-personalize";', "javascript"),
    ("aws personalize describe-campaign --campaign-arn arn", "shell"),
    ("$ aws s3 cp a b", "shell"),
    ("curl --request POST \\\n --url 'http://x'", "shell"),
    ("pip install boto3", "shell"),
    ('{"a": 1}', "json"),
    ('{\n   "minProvisionedTPS": number,\n   "name": "string",\n   "on": boolean\n}', "json"),
    ('{"userId": "1"}\n{"userId": "2"}\n...', "json"),
    ('""', "json"),
    ("POST /v1/{project_id}/jobs HTTP/1.1\nContent-type: application/json\n\n{}", "http"),
    ("POST   https://endpoint/v1/{project_id}/training-jobs/10/versions/10/stop", "http"),
    ("GET https://endpoint/v1/jobs ?status=7", "http"),
    ("HTTP/1.1 200\nContent-type: application/json", "http"),
    ("{\n    'Status': 'A'|'B'\n}", "python"),
    ("<dependency>\n</dependency>", "xml"),
    ("EXCLUDE ItemID WHERE Items.CATEGORY IN ($CATEGORY)", "text"),
    ('{\n  "a": "b",\n  ...\n}', "text"),
    ("USER_ID,ITEM_ID,TIMESTAMP", "text"),
])
def test_language_from_content(text: str, language: str) -> None:
    assert language_of(text, None, None) == language


def test_declared_language_wins_and_text_declares_nothing() -> None:
    assert language_of('{"a": 1}', "bash", None) == "shell"
    assert language_of("print(1)", "py", None) == "python"
    assert language_of("POST /v1/x", "text", None) == "http"


def test_data_beats_the_tab_title() -> None:
    """The AWS CLI tab also holds the command's JSON output."""
    assert language_of('{\n  "eventTrackerArn": "arn"\n}', None, "AWS CLI") == "json"


def test_json_near_strict_only() -> None:
    assert parses_as_json('{"a": [1, 2,],}')
    assert parses_as_json('{"n": Number, "s": String}')
    assert not parses_as_json('{"a": 1, // comment\n}')
    assert not parses_as_json('{"a": ..., "b": 1}')
    assert not parses_as_json("[default]\nregion = x")
    assert not parses_as_json("{" * 100_000)


# kind --------------------------------------------------------------------------


@pytest.mark.parametrize("text,kind", [
    ("aws personalize create-campaign \\\n  --name x", "cli"),
    ("aws personalize help", "cli"),
    ("curl -X POST https://x/v1/jobs", "curl"),
    ("pip install boto3", "other"),
    ("import boto3\nc = boto3.client('s3')", "sdk"),
    ("import json\nprint(json.dumps({}))", "other"),
    ("HTTP/1.1 200\n\n{}", "response"),
    ("GET /v1/jobs", "request"),
    ('{"success": true, "data": {}}', "response"),
    ('{"error_code": "ModelArts.0101", "error_msg": "x"}', "response"),
    ('{"name": "x"}', "other"),
])
def test_kind_without_cues(text: str, kind: str) -> None:
    assert only(document(code(text))).kind == kind


def test_section_titles_say_request_or_response() -> None:
    doc = document(section("Request Syntax", code('{"a": "string"}')),
                   section("Response Syntax", code('{"b": number}')),
                   section("Example Requests", code("/v1/b722/services/88bb/tasks/53e4/start")),
                   section("Example Responses", para("The request is invalid."), code('{"x": 1}')))
    assert [e.kind for e in _examples(doc)] == ["request", "response", "request", "response"]


def test_list_item_text_says_response() -> None:
    items = tuple(ListItem(P, i, (para(text, i), code('{"is_success": true}', i + 2)))
                  for i, text in ((1, "Successful response"), (10, "Failed response")))
    doc = document(section("Sample Response", ListBlock(P, 1, False, items)))
    assert [e.kind for e in _examples(doc)] == ["response", "response"]


def test_paragraph_cue_beats_title_and_announces_output() -> None:
    doc = document(section("Step 2: Create a solution",
                           para("Run the following command."),
                           code("aws personalize create-solution --name x"),
                           para("The solution ARN is displayed, for example:"),
                           code('{\n  "solutionArn": "arn"\n}'),
                           para("Request body:"),
                           code('{"name": "x"}')))
    assert [(e.kind, e.operation) for e in _examples(doc)] == [
        ("cli", "create-solution"), ("response", "create-solution"), ("request", None)]


def test_boto3_request_and_response_syntax() -> None:
    doc = document(section("Rekognition.Client.stop_project_version(**kwargs)",
                           para("Request Syntax", kind="strong"),
                           code("response = client.stop_project_version(\n    ProjectVersionArn='string'\n)"),
                           para("Response Syntax", kind="strong"),
                           code("{\n    'Status': 'RUNNING'|'STOPPED'\n}")), title="stop_project_version")
    assert [(e.language, e.kind, e.operation) for e in _examples(doc)] == [
        ("python", "request", "stop_project_version"), ("python", "response", "stop_project_version")]


# operation ---------------------------------------------------------------------

PY_HELPER_FIRST = """import boto3

def status(rek_client, arn):
    return rek_client.describe_project_versions(ProjectArn=arn)

def stop(rek_client, arn):
    parser.add_argument("x")
    return rek_client.stop_project_version(ProjectVersionArn=arn)
"""


def test_operation_follows_the_section_title_over_order() -> None:
    doc = document(section("Stopping a model (SDK)", code(PY_HELPER_FIRST, title="Python")))
    assert only(doc).operation == "stop_project_version"


def test_operation_is_the_first_call_without_other_clues() -> None:
    doc = document(section("Managing models", code(PY_HELPER_FIRST, title="Python")))
    assert only(doc).operation == "describe_project_versions"


def test_calls_on_clients_beat_other_objects() -> None:
    java = ("int start = modelArn.indexOf('/');\n"
            "StopProjectVersionRequest r = StopProjectVersionRequest.builder().build();\n"
            "rekClient.stopProjectVersion(r);")
    assert only(document(code(java, title="Java 2"))).operation == "stopProjectVersion"
    python = "parser.add_argument('x')\nsvc = boto3.client('x')\nsvc.distribute_dataset_entries(Datasets=[])"
    assert only(document(code(python))).operation == "distribute_dataset_entries"


def test_section_operation_wins() -> None:
    """On an API page (an operation title over Request/Response sections) the page's operation is chosen."""
    doc = document(section("DescribeCampaign",
                           section("Request Syntax", code('{"campaignArn": "string"}'), level=2),
                           section("Examples",
                                   code("import boto3\nc = boto3.client('personalize')\nc.list_campaigns()\n"
                                        "c.describe_campaign(campaignArn=a)"), level=2),
                           level=1), title="DescribeCampaign")
    assert [(e.kind, e.operation) for e in _examples(doc)] == [("request", "DescribeCampaign"),
                                                               ("sdk", "describe_campaign")]


def test_javascript_command() -> None:
    js = ('import { CreateCampaignCommand } from "@aws-sdk/client-personalize";\n'
          "const r = await personalizeClient.send(new CreateCampaignCommand(params));")
    assert only(document(code(js, title="SDK for JavaScript v3"))).operation == "CreateCampaign"


def test_curl_reads_its_target() -> None:
    curl = "curl --request POST \\\n --url 'http://personalize.{region}.amazonaws.com/#X-Amz-Target=AmazonPersonalize.CreateSolutionVersion'"
    e = only(document(code(curl)))
    assert (e.language, e.kind, e.operation) == ("shell", "curl", "CreateSolutionVersion")


def test_request_line_matches_a_route() -> None:
    doc = document(
        section("Stopping a Training Job",
                section("URI", para("POST /v1/{project_id}/training-jobs/{job_id}/versions/{version_id}/stop"),
                        level=3),
                section("Sample Request",
                        code("POST   https://endpoint/v1/{project_id}/training-jobs/10/versions/10/stop",
                             language="text"), level=3),
                level=1),
        title="Stopping a Training Job")
    e = only(doc)
    assert (e.language, e.kind, e.operation) == ("http", "request", "StopTrainingJob")


def test_sample_without_section_operation_takes_the_paragraphs() -> None:
    doc = document(section("Analyzing images",
                           Paragraph(P, 3, (Inline("text", "The response from "),
                                            Inline("link", "DetectCustomLabels", "API_DetectCustomLabels.md"),
                                            Inline("text", " shows the labels."))),
                           code('{"CustomLabels": []}')))
    e = only(doc)
    assert (e.kind, e.operation) == ("response", "DetectCustomLabels")


# performance -------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["    \n", "\n", "if the value is long and more words here\n",
                                  "x = client.create_thing(a)\n", '  "a": [\n', "{" * 50])
def test_large_blocks_stay_linear(unit: str) -> None:
    """Line-anchored patterns must not rescan blank runs (``^\\s*`` under re.M is quadratic)."""
    timings = []
    for n in (2_000, 8_000):
        doc = document(para("Sample response"), code("{\n" + unit * n))
        start = time.perf_counter()
        _examples(doc)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 0.05 + 8 * timings[0]


# the corpus --------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus() -> None:
    readers = pytest.importorskip("harness.readers")
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    kinds: Counter[str] = Counter()
    for path in sorted(CORPUS.rglob("*")):
        if path.suffix not in (".md", ".rst"):
            continue
        doc = readers.read_document(str(path))
        blocks = sum(1 for _t, b in doc.walk() if isinstance(b, CodeBlock) and b.code.strip())
        found = _examples(doc)
        assert len(found) == blocks, path
        for e in found:
            assert e.kind in KINDS and e.language and e.cite.text, (path, e)
            kinds[e.kind] += 1
        if path.name.startswith("API_"):
            for e in found:
                assert e.kind in ("request", "response") and e.operation == doc.title, (path, e)
    assert all(kinds[k] > 20 for k in ("cli", "sdk", "request", "response")), kinds
