"""Targets as transports: the registry and its spellings, safety (dummy credentials, real AWS read-only), the
scenario file, input synthesis, not-implemented classification, several targets in one run, and progress."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from _live_support import FIXTURES, Fake, load_spec, serve
from werkzeug.wrappers import Request, Response

from harness import pytest_plugin
from harness.checks import execute, generate
from harness.cli import main
from harness.errors import UsageError
from harness.targets import open_target, parse_target
from harness.targets.aws import AwsTransport
from harness.targets.exchange import Exchange
from harness.targets.http import Sender, Unreachable
from harness.targets.live import LiveSettings, UrlTarget
from harness.targets.scenario import load as load_scenario
from harness.targets.scenario import parse as parse_scenario
from harness.targets.synth import Synthesizer, _from_regex, fill, fits

ROOT = Path(__file__).resolve().parents[2]
SESSION = botocore.session.get_session()

# -- the registry -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, argument", [
    ("moto", "moto", None), ("botocore", "botocore", None), ("url=http://h:1", "url", "http://h:1"),
    ("url:http://h:1/p", "url", "http://h:1/p"), ("http://127.0.0.1:5000", "url", "http://127.0.0.1:5000"),
    ("HTTPS://x.example", "url", "HTTPS://x.example"), ("reference", "reference", None),
    ("reference:drop-stop", "reference", "drop-stop"), ("reference=drop-stop", "reference", "drop-stop"),
])
def test_target_spellings(text: str, kind: str, argument: str | None) -> None:
    assert parse_target(text) == (kind, argument)


@pytest.mark.parametrize("text, says", [
    ("url", "target url needs a URL"), ("url=ftp://x", "needs an http(s) URL"),
    ("moto=1", "target moto takes no argument"), ("nosuch", "unknown target kind 'nosuch'"),
])
def test_bad_targets_are_usage_errors(text: str, says: str) -> None:
    with pytest.raises(UsageError, match=re.escape(says)):
        open_target(text)


def test_a_bare_url_is_a_url_target() -> None:
    target = open_target("http://127.0.0.1:9/")
    assert isinstance(target, UrlTarget) and target.kind == "url" and target.name == "http://127.0.0.1:9"


def test_reference_without_the_emulator_is_a_clear_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "harness.emulator", None)  # as if the module did not exist
    with pytest.raises(UsageError, match="reference emulator not available"):
        open_target("reference:some-mutant")


# -- safety -------------------------------------------------------------------------------------------------------


def test_non_aws_endpoints_get_dummy_credentials_never_the_environments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALREALREAL")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    seen: list[str] = []

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        seen.append(Request(environ).headers.get("Authorization", ""))
        return Response("{}", content_type="application/x-amz-json-1.1")(environ, start_response)

    spec = load_spec(str(FIXTURES / "personalize.json"))
    with serve(app) as url:
        target = UrlTarget(url)
        transport = target.transport(spec)
        assert transport is not None
        transport.call("ListSolutions", {}, timeout=5)
        target.close()
    assert seen and "Credential=testing/" in seen[0] and "AKIAREAL" not in seen[0]


def test_real_aws_runs_only_read_only_and_negative_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[str] = []

    def no_network(self: Sender, request: Any, timeout: float) -> Any:
        sent.append(request.url)
        raise Unreachable("no network in tests")

    monkeypatch.setattr(Sender, "send", no_network)
    spec = load_spec(str(FIXTURES / "personalize.json"))
    target = UrlTarget("https://personalize.eu-west-1.amazonaws.com")
    assert target.real_aws and target.region(spec) == "eu-west-1" and target.state_manager() is None
    target.configure(LiveSettings())
    verdicts = {c.id: execute(c)[0] for c in generate(spec, target)}
    skipped = {i for i, o in verdicts.items() if o.verdict == "skipped" and "--allow-mutations" in o.message}
    assert {i.split(".")[2] for i in skipped} >= {"transition", "precondition", "lifecycle-create"}
    assert "personalize.CreateSolution.response-conformance" in skipped
    assert "personalize.ListSolutions.response-conformance" not in skipped  # read-only: tried (and unreachable)
    create = verdicts["personalize.CreateSolution.implemented"]
    assert create.verdict == "error"  # a negative call (required inputs left out) was attempted
    assert all("amazonaws.com" in u for u in sent)
    transport = target.transport(spec)
    assert isinstance(transport, AwsTransport) and transport.real_credentials
    target.configure(LiveSettings(allow_mutations=True))
    again = [execute(c)[0] for c in generate(spec, target, frozenset({"transition"}))]
    assert {o.verdict for o in again} == {"error"}  # no longer skipped: it tried, and the network said no


# -- scenario files -----------------------------------------------------------------------------------------------


def test_scenario_yaml_and_json(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("services:\n  modelarts:\n    inputs: {job_id: 10}\n    operations:\n"
                                     "      StopTrainingJob: {version_id: 3}\n    resources:\n"
                                     "      TrainingJob: {job_id: 10}\n    headers: {X-Auth-Token: t}\n", "utf-8")
    (tmp_path / "s.json").write_text(json.dumps({"services": {"kinesis": {"region": "eu-west-1"}}}), "utf-8")
    scenario = load_scenario(tmp_path / "s.yaml")
    ma = scenario.service("modelarts")
    assert ma.input_for("StopTrainingJob") == {"job_id": 10, "version_id": 3}
    assert ma.resources == {"TrainingJob": {"job_id": 10}} and ma.headers == {"X-Auth-Token": "t"}
    assert load_scenario(tmp_path / "s.json").service("kinesis").region == "eu-west-1"
    assert scenario.service("other").inputs == {}


def test_scenario_problems_are_collected_into_one_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        parse_scenario({"services": {"x": {"inputz": {}, "operations": [], "region": 3}}, "extra": 1}, "f.yaml")
    text = str(info.value)
    for part in ("f.yaml", "services.x.inputz: unknown key", "services.x.operations: expected a mapping",
                 "services.x.region: expected a string", "extra: unknown key"):
        assert part in text
    (tmp_path / "bad.yaml").write_text("services: [", "utf-8")
    assert main(["verify", str(ROOT / "specs"), "--target", "moto", "--scenario", str(tmp_path / "bad.yaml"),
                 "--out", str(tmp_path / "out")]) == 2


@pytest.mark.parametrize("args, says", [
    (["--timeout", "0"], "--timeout takes a positive number"),
    (["--check-timeout", "-1"], "--check-timeout takes a positive number"),
    (["--scenario", "nowhere.yaml"], "--scenario nowhere.yaml: no such file"),
])
def test_bad_live_options_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], says: str) -> None:
    assert main(["verify", "--target", "moto", *args]) == 2
    assert says in capsys.readouterr().err


# -- synthesis ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("service, operation", [
    ("kinesis", "CreateStream"), ("personalize", "CreateSolution"), ("sagemaker", "CreateNotebookInstance"),
    ("rekognition", "CreateProjectVersion"), ("rekognition", "StopProjectVersion"), ("pipes", "CreatePipe"),
])
def test_synthesized_inputs_pass_botocores_validation(service: str, operation: str) -> None:
    from botocore.validate import ParamValidator

    op = SESSION.get_service_model(service).operation_model(operation)
    params = Synthesizer(service).input(op)
    report = ParamValidator().validate(params, op.input_shape)
    assert not report.has_errors(), report.generate_report()


def test_synthesized_values_honour_pattern_length_and_enum() -> None:
    model = SESSION.get_service_model("rekognition")
    arn = model.operation_model("StopProjectVersion").input_shape.members["ProjectVersionArn"]
    synth = Synthesizer("rekognition", seed="abc")
    made, other = synth.value(arn, "ProjectVersionArn"), synth.identifier(arn, "ProjectVersionArn")
    assert fits(made, arn) and fits(other, arn) and made != other
    name = SESSION.get_service_model("sagemaker").operation_model("CreateNotebookInstance").input_shape
    assert synth.value(name.members["InstanceType"]) in name.members["InstanceType"].enum


def test_the_pattern_filler_and_the_hypothesis_fallback() -> None:
    assert fill(r"^[a-z]{3}-\d{2}$", "x9") == "xxx-99"
    assert fill(r"(a|b)c\1", "q") == "aca"
    assert re.fullmatch(r"[A-Z][0-9]{4}", _from_regex(r"[A-Z][0-9]{4}", 5, 5, 0) or "")


# -- not implemented ----------------------------------------------------------------------------------------------


def _ex(status: int, code: str | None = None, headers: dict[str, str] | None = None, body: bytes = b"") -> Exchange:
    return Exchange("Op", "POST", "http://h/x", {}, status, headers or {}, body, 0.0, error_code=code)


@pytest.mark.parametrize("exchange, says", [
    (_ex(501), "HTTP 501"), (_ex(400, "UnknownOperationException"), "UnknownOperationException"),
    (_ex(500, None, {"x-harness-not-implemented": "The x action has not been implemented"}), "has not been"),
    (_ex(500, None, {}, b"NotImplementedError: nope"), "NotImplementedError"),
    (_ex(404), "no route"), (_ex(404, "ResourceNotFoundException"), None), (_ex(500), None), (_ex(200), None),
])
def test_not_implemented_is_told_apart_from_real_errors(exchange: Exchange, says: str | None) -> None:
    found = exchange.not_implemented
    assert (found is None) if says is None else (says in (found or ""))


# -- runs ---------------------------------------------------------------------------------------------------------


def test_several_targets_give_one_results_file_each(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "personalize.json", tmp_path)
    with serve(Fake()) as url:
        code = main(["verify", str(tmp_path / "personalize.json"), "--target", "moto", "--target", url,
                     "--out", str(tmp_path / "out"), "-k", "implemented"])
    assert code == 0
    moto = json.loads((tmp_path / "out" / "moto" / "results.json").read_text("utf-8"))
    fake = json.loads((tmp_path / "out" / "url" / "results.json").read_text("utf-8"))
    assert {r["verdict"] for r in moto["results"]} == {"not-implemented"}
    assert {r["verdict"] for r in fake["results"]} == {"pass"} and fake["run"]["target"] == url


@pytest.mark.parametrize(("every", "shown"), [(0.0, [1, 2, 3, 4, 5]), (3600.0, [1])])
def test_progress_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                every: float, shown: list[int]) -> None:
    """One updating line, at most every PROGRESS_EVERY seconds (the first check always shows), cleared at
    the end."""
    shutil.copy(ROOT / "specs" / "otc" / "modelarts.json", tmp_path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(pytest_plugin, "PROGRESS_EVERY", every)
    assert main(["verify", str(tmp_path / "modelarts.json"), "--target", "moto", "--out", str(tmp_path / "o")]) == 0
    err = capsys.readouterr().err
    assert [int(n) for n in re.findall(r"\r\x1b\[K\[(\d+)\] not-implemented", err)] == shown
    assert err.endswith("\r\x1b[K")
