"""xdist events in batches (`harness.xdist_batch`): in order, all of them, and unpacked as xdist sends them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from _checks_support import GOOD

from harness import xdist_batch
from harness.xdist_batch import BATCH, Batcher


class Sent:
    """Stands in for a worker's ``sendevent``: what went out, message by message."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, name: str, **kwargs: Any) -> None:
        self.messages.append((name, kwargs))

    def events(self) -> list[tuple[str, dict[str, Any]]]:
        """Every event, batches unpacked as the controller unpacks them."""
        out = []
        for name, kwargs in self.messages:
            if name == BATCH:
                out += [(n, k) for n, k in json.loads(kwargs["events"])]
            else:
                out.append((name, kwargs))
        return out


def report(i: int) -> tuple[str, dict[str, Any]]:
    return "testreport", {"data": {"nodeid": f"t{i}", "item_index": i}}


def test_per_check_events_go_together_and_other_events_keep_their_place() -> None:
    sent = Sent()
    batcher = Batcher(sent)
    try:
        batcher("logstart", nodeid="t0", location=["a.json", 0, "t0"])
        batcher(*report(0)[:1], **report(0)[1])
        batcher("runtest_protocol_complete", item_index=0, duration=0.1)
        batcher("unscheduled", indices=[3, 4])  # not per check: what is buffered goes first, then it
        assert [name for name, _ in sent.messages] == [BATCH, "unscheduled"]
        assert [name for name, _ in sent.events()] == ["logstart", "testreport", "runtest_protocol_complete",
                                                        "unscheduled"]
    finally:
        batcher.stop()


def test_a_full_buffer_goes_at_once_and_nothing_is_lost_or_reordered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xdist_batch, "EVERY", 60.0)  # no timer: only a full buffer wakes the sender
    sent = Sent()
    batcher = Batcher(sent)
    count = xdist_batch.MOST * 2 + 7
    for i in range(count):
        batcher("runtest_protocol_complete", item_index=i, duration=0.0)
    deadline = time.monotonic() + 10
    while len(sent.messages) < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert sent.messages  # full buffers left without waiting for the timer
    batcher.stop()
    assert [k["item_index"] for _, k in sent.events()] == list(range(count))


def test_the_worker_never_waits_for_a_send_but_a_careful_one_does() -> None:
    """A pipe holds less than a batch: while the controller reads one, the sender waits, not the worker."""
    release = threading.Event()
    sent = Sent()

    def slow(name: str, **kwargs: Any) -> None:
        release.wait(10)
        sent(name, **kwargs)

    batcher = Batcher(slow)
    start = time.monotonic()
    for i in range(xdist_batch.MOST * 3):
        batcher.row([i], f"line {i}")
    assert time.monotonic() - start < 5 and not sent.messages  # the sender is stuck; rows still went in
    release.set()
    batcher.stop()
    heads = [h for name, k in sent.messages if name == BATCH for h in json.loads(k["heads"])]
    assert heads == [[i] for i in range(xdist_batch.MOST * 3)]
    careful, out = Batcher(sent, most=1), len(sent.messages)
    careful.row(["x"], "line")
    assert len(sent.messages) == out + 1  # sent before row() returned
    careful.stop()


def test_the_timer_sends_what_waits() -> None:
    """A worker that waits for more work must not sit on events the controller is waiting for."""
    sent = Sent()
    batcher = Batcher(sent)
    try:
        batcher("logfinish", nodeid="t0", location=["a.json", 0, "t0"])
        deadline = time.monotonic() + 5
        while not sent.messages and time.monotonic() < deadline:
            time.sleep(xdist_batch.EVERY)
        assert [name for name, _ in sent.events()] == ["logfinish"]
    finally:
        batcher.stop()


def test_what_json_cannot_carry_goes_one_by_one_in_order() -> None:
    sent = Sent()
    batcher = Batcher(sent)
    odd = object()
    batcher("runtest_protocol_complete", item_index=0, duration=0.0)
    batcher("testreport", data={"odd": odd})
    batcher.stop()
    assert sent.messages == [("runtest_protocol_complete", {"item_index": 0, "duration": 0.0}),
                             ("testreport", {"data": {"odd": odd}})]


def test_the_controller_unpacks_batches_into_xdists_events() -> None:
    seen: list[Any] = []

    class Node:
        def process_from_remote(self, eventcall: Any) -> None:
            seen.append(eventcall)

    node = Node()
    xdist_batch.unbatching(node)
    sent = Sent()
    batcher = Batcher(sent)
    batcher("logstart", nodeid="t0", location=("a.json", 0, "t0"))
    batcher("runtest_protocol_complete", item_index=0, duration=0.5)
    batcher("workerfinished", workeroutput={})
    batcher.stop()
    end = object()  # xdist's end-of-channel marker passes through untouched
    for message in [*sent.messages, end]:
        node.process_from_remote(message)
    assert seen == [("logstart", {"nodeid": "t0", "location": ("a.json", 0, "t0")}),
                    ("runtest_protocol_complete", {"item_index": 0, "duration": 0.5}),
                    ("workerfinished", {"workeroutput": {}}), end]


def test_real_xdist_workers_batch(tmp_path: Path) -> None:
    """Under the installed pytest-xdist the plugin finds the worker's interactor and batches its events."""
    shutil.copy(GOOD / "rekognition.json", tmp_path / "rekognition.json")
    (tmp_path / "conftest.py").write_text(
        "def pytest_sessionfinish(session):\n"
        "    run = session.config.pluginmanager.get_plugin('harness-run')\n"
        "    if hasattr(session.config, 'workerinput'):\n"
        "        open('batcher.txt', 'w').write(type(run.batcher).__name__)\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONHASHSEED"))}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--harness-target", "botocore",
                           "rekognition.json", "-n", "1", "-q"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "batcher.txt").read_text() == "Batcher"
