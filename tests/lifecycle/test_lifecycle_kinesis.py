"""What-it-must-show 2: a moto-supported service the harness was never tuned to — Amazon Kinesis, which documents
stream statuses (CREATING, DELETING, ACTIVE, UPDATING) and has start/stop operations moto implements
(StartStreamEncryption, StopStreamEncryption) — from boto3's own generated RST, through `harness extract`, to
`harness verify --target moto`; the stream is made by a synthesized CreateStream, read by DescribeStream and deleted,
all derived from the botocore model. Every verdict below was checked by hand against moto 5.2 and the docs.

What extraction gives for Kinesis (and so what can be checked): a Stream machine with CREATING → ACTIVE (by itself)
and "if the stream is ACTIVE you can call DeleteStream / MergeShards / SplitShard" preconditions. It misses the
trigger transitions of StartStreamEncryption/StopStreamEncryption ("sets the status of the stream to UPDATING …
sets the status of the stream back to ACTIVE"), the describe operation and status field of the machine, CREATING as
its initial state, and it files UPDATING → ACTIVE under a "Shard" machine — see the report of issue 4.
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
NOT_REACHABLE = "moto makes streams ACTIVE at once and no documented transition leads to this state"

PINNED: dict[str, tuple[str, str]] = {
    "CreateStream.implemented": ("fail", MOTO_FAILS),
    "CreateStream.lifecycle-create.Stream": ("fail", ("settles in ACTIVE as documented, but the first CreateStream "
                                              "(without ShardCount) got moto's HTML 500; the retry with every "
                                              "optional input succeeded")),
    "CreateStream.required-input.StreamName": ("fail", MOTO_FAILS + " (before it checks StreamName)"),
    "CreateStream.response-conformance": ("fail", MOTO_FAILS + ", as text/html"),
    "DeleteStream.implemented": ("pass", "ResourceNotFoundException for an unknown stream"),
    "DeleteStream.precondition.Stream.CREATING": ("skipped", NOT_REACHABLE),
    "DeleteStream.precondition.Stream.DELETING": ("skipped", NOT_REACHABLE),
    "DeleteStream.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "DeleteStream.response-conformance": ("pass", "__type and message, application/json"),
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
    "MergeShards.precondition.Stream.DELETING": ("skipped", NOT_REACHABLE),
    "MergeShards.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "MergeShards.required-input.AdjacentShardToMerge": ("fail", LOOKS_UP_FIRST),
    "MergeShards.required-input.ShardToMerge": ("fail", LOOKS_UP_FIRST),
    "MergeShards.response-conformance": ("pass", ""),
    "MergeShards.unknown-resource": ("pass", ""),
    "PutRecord.implemented": ("pass", ""),
    "PutRecord.response-conformance": ("pass", ""),
    "PutRecord.unknown-resource": ("pass", ""),
    "PutRecords.implemented": ("pass", ""),
    "PutRecords.response-conformance": ("pass", ""),
    "PutRecords.unknown-resource": ("pass", ""),
    "SplitShard.implemented": ("pass", ""),
    "SplitShard.precondition.Stream.CREATING": ("skipped", NOT_REACHABLE),
    "SplitShard.precondition.Stream.DELETING": ("skipped", NOT_REACHABLE),
    "SplitShard.precondition.Stream.UPDATING": ("skipped", NOT_REACHABLE),
    "SplitShard.required-input.NewStartingHashKey": ("fail", LOOKS_UP_FIRST),
    "SplitShard.required-input.ShardToSplit": ("fail", LOOKS_UP_FIRST),
    "SplitShard.response-conformance": ("pass", ""),
    "SplitShard.unknown-resource": ("pass", ""),
    "StartStreamEncryption.implemented": ("pass", ""),
    "StartStreamEncryption.required-input.EncryptionType": ("fail", LOOKS_UP_FIRST),
    "StartStreamEncryption.required-input.KeyId": ("fail", LOOKS_UP_FIRST),
    "StartStreamEncryption.response-conformance": ("pass", ""),
    "StartStreamEncryption.unknown-resource": ("pass", "the stream, not the KMS key, is what is unknown"),
    "StopStreamEncryption.implemented": ("pass", ""),
    "StopStreamEncryption.required-input.EncryptionType": ("fail", LOOKS_UP_FIRST),
    "StopStreamEncryption.required-input.KeyId": ("fail", LOOKS_UP_FIRST),
    "StopStreamEncryption.response-conformance": ("pass", ""),
    "StopStreamEncryption.unknown-resource": ("pass", ""),
    "UpdateShardCount.implemented": ("pass", ""),
    "UpdateShardCount.required-input.ScalingType": ("fail", LOOKS_UP_FIRST),
    "UpdateShardCount.required-input.TargetShardCount": ("fail", LOOKS_UP_FIRST),
    "UpdateShardCount.response-conformance": ("pass", ""),
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
    stream = next(m for m in spec.state_machines if m.resource == "Stream")
    assert [(t.from_, t.to, t.trigger) for t in stream.transitions] == [("CREATING", "ACTIVE", None)]
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
