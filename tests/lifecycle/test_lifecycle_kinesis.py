"""What-it-must-show 2: a moto-supported service the harness was never tuned to — Amazon Kinesis, which documents
stream statuses (CREATING, DELETING, ACTIVE, UPDATING) and has start/stop operations moto implements
(StartStreamEncryption, StopStreamEncryption) — from boto3's own generated RST, through `harness extract`, to
`harness verify --target moto`; the stream is made by a synthesized CreateStream, read by DescribeStreamSummary and
deleted, all derived from the botocore model. Every verdict below was checked by hand against moto 5.2 and the docs.

What extraction gives for Kinesis (and so what is checked): one Stream machine, read by DescribeStreamSummary in
StreamStatus ("You can use DescribeStreamSummary to check the stream status, which is returned in StreamStatus"),
created in CREATING ("Upon receiving a CreateStream request, … sets the stream status to CREATING") and then ACTIVE;
StartStreamEncryption, StopStreamEncryption and UpdateShardCount take it from ACTIVE to UPDATING ("sets the status
of the stream to UPDATING … sets the status of the stream back to ACTIVE"), MergeShards and SplitShard too (their
pages allow them in ACTIVE), and DeleteStream from ACTIVE to DELETING ("After a DeleteStream request, the specified
stream is in the DELETING state until …"); "if the stream is ACTIVE you can call DeleteStream / MergeShards /
SplitShard" preconditions. The first steps of those triggers are inferred (from "back to ACTIVE" and from the
preconditions), the steps back stated.

moto applies every change at once, so a stream never shows UPDATING or DELETING: the trigger checks pass because
skipping states between polls is allowed, and the preconditions that need a stream in those states are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _boto3_docs import extract_pages

from harness.checks import execute, generate
from harness.cli import main
from harness.spec import io
from harness.targets.live import LiveSettings
from harness.targets.moto_server import MotoTarget

PAGES = ("create_stream", "describe_stream", "describe_stream_summary", "delete_stream", "list_streams",
         "start_stream_encryption", "stop_stream_encryption", "split_shard", "merge_shards", "update_shard_count")
"""The generated reference pages about a stream's life, as a reader would pick them."""

MOTO_FAILS = "moto answers HTTP 500 (a TypeError) to CreateStream without the optional ShardCount"
LOOKS_UP_FIRST = "moto looks the (unnamed) stream up before checking required inputs: ResourceNotFoundException"
NOT_REACHABLE = "moto makes streams ACTIVE at once: a stream is never CREATING or UPDATING to call this in"
GONE_AT_ONCE = "moto deletes a stream at once: it is never DELETING to call this in"
MADE_UP_SHARDS = ("the stream exists, but the shard IDs synthesized for the call name no shard: moto answers "
                  "ResourceNotFoundException, as AWS would; only a scenario file with real shard IDs could run it")
SETTLES = ("moto applies the change at once and the stream stays ACTIVE: UPDATING passes unseen between polls, "
           "which the check allows; ACTIVE is where the docs say it goes back to")

PINNED: dict[str, tuple[str, str]] = {
    "CreateStream.implemented": ("fail", MOTO_FAILS),
    "CreateStream.lifecycle-create.Stream": ("fail", ("settles in ACTIVE as documented, but the first CreateStream "
                                              "(without ShardCount) got moto's HTML 500; the retry with every "
                                              "optional input succeeded")),
    "CreateStream.required-input.StreamName": ("fail", MOTO_FAILS + " (before it checks StreamName)"),
    "CreateStream.response-conformance": ("fail", MOTO_FAILS + ", as text/html"),
    "DeleteStream.implemented": ("pass", "ResourceNotFoundException for an unknown stream"),
    "DeleteStream.precondition.Stream.CREATING": ("skipped", NOT_REACHABLE),
    "DeleteStream.precondition.Stream.DELETING": ("skipped", GONE_AT_ONCE),
    "DeleteStream.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "DeleteStream.response-conformance": ("pass", "__type and message, application/json"),
    "DeleteStream.transition.Stream.ACTIVE": ("pass", "the stream is gone at the next DescribeStreamSummary: a "
                                                      "Delete trigger's documented end (DELETING passes unseen)"),
    "DeleteStream.unknown-resource": ("pass", "ResourceNotFoundException is documented for DeleteStream"),
    "DescribeStream.implemented": ("pass", ""),
    "DescribeStream.response-conformance": ("pass", ""),
    "DescribeStream.unknown-resource": ("pass", ""),
    "DescribeStreamSummary.implemented": ("pass", ""),
    "DescribeStreamSummary.response-conformance": ("pass", ""),
    "DescribeStreamSummary.unknown-resource": ("pass", ""),
    "ListStreams.implemented": ("pass", "HTTP 200"),
    "ListStreams.response-conformance": ("pass", "StreamNames, HasMoreStreams, StreamSummaries as modelled"),
    "MergeShards.implemented": ("pass", ""),
    "MergeShards.precondition.Stream.CREATING": ("skipped", NOT_REACHABLE),
    "MergeShards.precondition.Stream.DELETING": ("skipped", GONE_AT_ONCE),
    "MergeShards.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "MergeShards.required-input.AdjacentShardToMerge": ("fail", LOOKS_UP_FIRST),
    "MergeShards.required-input.ShardToMerge": ("fail", LOOKS_UP_FIRST),
    "MergeShards.response-conformance": ("pass", ""),
    "MergeShards.transition.Stream.ACTIVE": ("skipped", MADE_UP_SHARDS),
    "MergeShards.unknown-resource": ("pass", ""),
    "PutRecord.implemented": ("pass", ""),
    "PutRecord.response-conformance": ("pass", ""),
    "PutRecord.unknown-resource": ("pass", ""),
    "PutRecords.implemented": ("pass", ""),
    "PutRecords.response-conformance": ("pass", ""),
    "PutRecords.unknown-resource": ("pass", ""),
    "SplitShard.implemented": ("pass", ""),
    "SplitShard.precondition.Stream.CREATING": ("skipped", NOT_REACHABLE),
    "SplitShard.precondition.Stream.DELETING": ("skipped", GONE_AT_ONCE),
    "SplitShard.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "SplitShard.required-input.NewStartingHashKey": ("fail", LOOKS_UP_FIRST),
    "SplitShard.required-input.ShardToSplit": ("fail", LOOKS_UP_FIRST),
    "SplitShard.response-conformance": ("pass", ""),
    "SplitShard.transition.Stream.ACTIVE": ("skipped", MADE_UP_SHARDS),
    "SplitShard.unknown-resource": ("pass", ""),
    "StartStreamEncryption.implemented": ("pass", ""),
    "StartStreamEncryption.required-input.EncryptionType": ("fail", LOOKS_UP_FIRST),
    "StartStreamEncryption.required-input.KeyId": ("fail", LOOKS_UP_FIRST),
    "StartStreamEncryption.response-conformance": ("pass", ""),
    "StartStreamEncryption.transition.Stream.ACTIVE": ("pass", SETTLES),
    "StartStreamEncryption.unknown-resource": ("pass", "the stream, not the KMS key, is what is unknown"),
    "StopStreamEncryption.implemented": ("pass", ""),
    "StopStreamEncryption.required-input.EncryptionType": ("fail", LOOKS_UP_FIRST),
    "StopStreamEncryption.required-input.KeyId": ("fail", LOOKS_UP_FIRST),
    "StopStreamEncryption.response-conformance": ("pass", ""),
    "StopStreamEncryption.stop-keeps-resource.Stream": ("pass", "DescribeStreamSummary still finds it, ACTIVE"),
    "StopStreamEncryption.transition.Stream.ACTIVE": ("pass", SETTLES),
    "StopStreamEncryption.unknown-resource": ("pass", ""),
    "UpdateShardCount.implemented": ("pass", ""),
    "UpdateShardCount.required-input.ScalingType": ("fail", LOOKS_UP_FIRST),
    "UpdateShardCount.required-input.TargetShardCount": ("fail", LOOKS_UP_FIRST),
    "UpdateShardCount.response-conformance": ("pass", ""),
    "UpdateShardCount.transition.Stream.ACTIVE": ("pass", SETTLES),
    "UpdateShardCount.unknown-resource": ("pass", ""),
}
"""kinesis.<id> → (verdict, why), for every check of the extracted spec against moto."""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = extract_pages(tmp_path_factory.mktemp("kinesis"), "kinesis", PAGES)
    return root


@pytest.fixture(scope="module")
def results(project: Path) -> dict[str, dict[str, Any]]:
    out = project / "out"
    code = main(["verify", str(project / "specs"), "--target", "moto", "--out", str(out)])
    assert code == 1  # conformance failures (moto's), no harness errors
    data = json.loads((out / "results.json").read_text("utf-8"))
    return {r["id"].removeprefix("kinesis."): r for r in data["results"]}


def test_the_spec_comes_from_the_generated_docs(project: Path) -> None:
    spec = io.from_json(json.loads((project / "specs" / "aws" / "kinesis.json").read_text("utf-8")))
    assert [m.resource for m in spec.state_machines] == ["Stream"]
    stream = spec.state_machines[0]
    assert (stream.describe_operation, stream.status_field, stream.initial) == ("DescribeStreamSummary",
                                                                                 "StreamStatus", ("CREATING",))
    assert {(t.from_, t.to, t.trigger, t.confidence) for t in stream.transitions} == {
        ("CREATING", "ACTIVE", None, "stated"), ("UPDATING", "ACTIVE", None, "stated"),
        ("ACTIVE", "DELETING", "DeleteStream", "inferred"),
        *{("ACTIVE", "UPDATING", op, "inferred") for op in ("MergeShards", "SplitShard", "StartStreamEncryption",
                                                             "StopStreamEncryption", "UpdateShardCount")}}
    assert {p.operation for p in stream.preconditions} == {"DeleteStream", "MergeShards", "SplitShard"}
    assert all(s.path.startswith("docs/") and s.format == "rst" for s in spec.sources)


def test_every_verdict_is_as_checked_by_hand(results: dict[str, dict[str, Any]]) -> None:
    assert {i: r["verdict"] for i, r in results.items()} == {i: v for i, (v, _) in PINNED.items()}


def test_the_lifecycle_ran_end_to_end(results: dict[str, dict[str, Any]]) -> None:
    created = results["CreateStream.lifecycle-create.Stream"]
    assert created["observed"]["result"][0][1] == "ACTIVE"  # the timeline: DescribeStream showed ACTIVE
    assert created["message"].startswith("a new Stream settles in ACTIVE through documented states.")
    assert "CreateStream (HTTP 500): content type 'text/html'" in created["message"]
    assert "left_behind" not in created["observed"]
    reached = results["DeleteStream.precondition.Stream.CREATING"]["message"]
    assert reached == "could not bring a Stream into CREATING (observed ACTIVE)"


def test_start_and_stop_run_end_to_end(results: dict[str, dict[str, Any]]) -> None:
    for trigger in ("StartStreamEncryption", "StopStreamEncryption"):
        result = results[f"{trigger}.transition.Stream.ACTIVE"]
        timeline = [status for _seconds, status in result["observed"]["result"]]
        assert timeline == ["ACTIVE"]  # before and after the trigger: moto makes the change between polls
        assert result["expected"] == {"from": "ACTIVE", "trigger": trigger, "reaches": ["ACTIVE"],
                                      "via": ["ACTIVE", "UPDATING"]}
        # the setup's CreateStream 500 is CreateStream's failure, noted here, not this check's
        assert "A setup call's reply departs" in result["message"]
        assert result["observed"]["setup_format_problems"][0].startswith("CreateStream (HTTP 500)")
    assert results["DeleteStream.transition.Stream.ACTIVE"]["observed"]["result"][-1][1] == "(gone)"


def test_streams_made_by_checks_are_deleted(project: Path) -> None:
    spec = io.from_json(json.loads((project / "specs" / "aws" / "kinesis.json").read_text("utf-8")))
    target = MotoTarget()
    target.configure(LiveSettings(check_timeout=20))
    try:
        checks = list(generate(spec, target, frozenset({"lifecycle-create", "precondition"})))
        assert {execute(c)[0].verdict for c in checks} == {"fail", "skipped"}
        transport = target.transport(spec)
        assert transport is not None
        listed = transport.call("ListStreams", {}, timeout=5).data
        assert listed["StreamNames"] == []
    finally:
        target.close()
