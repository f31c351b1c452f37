"""pytest-xdist events in batches: a worker sends its per-check events to the controller a few hundred at a time.

For every check an xdist worker sends four events (logstart, testreport, logfinish, runtest_protocol_complete),
each one execnet message that execnet's pure-Python serialiser packs in the worker and its receiver thread
unpacks in the controller. Checks against a model take well under a millisecond, so on a large run those
messages, not the checks, kept both cores busy. Here the worker keeps those four kinds of event in a buffer and
sends it as one message holding one JSON text, when it holds `MOST` events, when `EVERY` seconds have passed
(a timer thread, so a worker waiting for more work never sits on events the controller waits for), and before
any other event (order is kept). The controller unpacks a batch into the same events, one by one, before
xdist's own handling (`WorkerController.process_from_remote`) sees them: reports, scheduling and hooks are
xdist's, unchanged.

With shares (`harness.xdist_shard`) a worker also sends a row of text per check, its result written out
(`Batcher.row`), in the same batches; the controller hands the rows to the plugin, not to xdist. Such a worker
runs its share in a loop of its own (`harness.xdist_shard.run`), which sends no per-item
``runtest_protocol_complete`` events: a row says the same.

xdist has no hook for its transport, so this wraps two methods on objects xdist hands the plugin: the worker's
``sendevent`` (the registered WorkerInteractor) and the controller's ``process_from_remote`` of each node
(`pytest_configure_node`). Where either is missing (another xdist), events go one by one as before.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import pytest

BATCH = "harness_batch"
"""The event name of a batch. Its arguments: ``events``, a JSON list of [name, kwargs]; with rows, ``heads``,
a JSON list of each row's head, and ``texts``, each row's texts joined by `ROW_END`, column by column."""

ROW_END = "\x1e"
"""Ends a row's text in a batch (ASCII's record separator: a text holds none; JSON and `harness.results`'s XML
escape it). Texts travel as they are, not as JSON strings, which the controller would have to unescape."""

BATCHED = frozenset({"logstart", "testreport", "logfinish", "runtest_protocol_complete"})
"""The per-check events; every other event (collection, warnings, steal replies, shutdown) goes at once."""

MOST = 500
EVERY = 0.02
"""Seconds a buffered event may wait."""


class Batcher:
    """Replaces a worker's ``sendevent``. The worker's thread only adds to the buffer; a sender thread sends it
    (`_tick`), so the worker never waits while the controller reads a batch (a pipe holds less than one). Any
    other event is sent by the worker's thread itself, after what is buffered. With ``most`` 1 (a careful
    worker, `harness.xdist_shard`) each event or row is sent before the call returns."""

    def __init__(self, send: Callable[..., None], most: int = MOST) -> None:
        self.send = send
        self.most = most
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.heads: list[Any] = []
        self.texts: list[tuple[str, ...]] = []
        self.lock = threading.Lock()
        """Guards the buffers (held for an append or a swap, never while sending)."""
        self.sending = threading.Lock()
        """Held while a batch is taken and sent, so batches and events leave in order."""
        self.full = threading.Event()
        self.stopped = False
        self.timer = threading.Thread(target=self._tick, name="harness-xdist-batch", daemon=True)
        self.timer.start()

    def __call__(self, name: str, **kwargs: Any) -> None:
        if name in BATCHED:
            with self.lock:
                self.events.append((name, kwargs))
            self._added()
        else:
            with self.sending:
                self._flush()
                self.send(name, **kwargs)

    def row(self, head: Any, *texts: str) -> None:
        """Send a row with the next batch: ``head`` (JSON) and texts (no `ROW_END` in them; every row of a
        batcher has as many)."""
        with self.lock:
            self.heads.append(head)
            self.texts.append(texts)
        self._added()

    def _added(self) -> None:
        if len(self.events) + len(self.heads) < self.most:
            return
        if self.most <= 1:
            with self.sending:
                self._flush()
        else:
            self.full.set()

    def _tick(self) -> None:
        while not self.stopped:
            self.full.wait(EVERY)
            self.full.clear()
            with self.sending:
                self._flush()

    def _flush(self) -> None:
        """Send what is buffered (the caller holds `sending`)."""
        with self.lock:
            if not self.events and not self.heads:
                return
            events, self.events = self.events, []
            heads, self.heads = self.heads, []
            rows, self.texts = self.texts, []
        try:
            text = json.dumps(events, ensure_ascii=False) if events else "[]"
        except (TypeError, ValueError):  # something only execnet can carry: one by one
            for name, kwargs in events:
                self.send(name, **kwargs)
            text = "[]"
        if not heads:
            if text != "[]":
                self.send(BATCH, events=text)
            return
        texts = [ROW_END.join(column) for column in zip(*rows)]
        self.send(BATCH, events=text, heads=json.dumps(heads, ensure_ascii=False), texts=texts)

    def stop(self) -> None:
        self.stopped = True
        self.full.set()
        with self.sending:
            self._flush()


def interactor(config: pytest.Config) -> Any:
    """In an xdist worker: xdist's registered WorkerInteractor (it sends events and holds the channel); None where
    there is no such object."""
    for plugin in config.pluginmanager.get_plugins():
        if hasattr(plugin, "sendevent") and hasattr(plugin, "channel") and hasattr(plugin, "torun"):
            return plugin
    return None


def install_worker(config: pytest.Config, most: int = MOST) -> Batcher | None:
    """In an xdist worker: batch the registered interactor's events (and the rows `Batcher.row` is given),
    ``most`` at a time. None where there is no such object."""
    plugin = interactor(config)
    if plugin is None:
        return None
    batcher = Batcher(plugin.sendevent, most)
    plugin.sendevent = batcher
    return batcher


def unbatching(node: Any, on_rows: Callable[[Any, list[Any], list[list[str]]], None] | None = None) -> None:
    """In the controller, for one worker node (before xdist sets up its channel): unpack batches, and hand their
    rows to ``on_rows(node, heads, texts)`` (texts column by column; in the node's receiver thread, after the
    batch's events)."""
    process = getattr(node, "process_from_remote", None)
    if process is None:
        return

    def process_from_remote(eventcall: Any) -> None:
        if isinstance(eventcall, tuple) and len(eventcall) == 2 and eventcall[0] == BATCH:
            for name, kwargs in json.loads(eventcall[1]["events"]):
                if "location" in kwargs:  # JSON made the (path, line, name) tuple a list
                    kwargs["location"] = tuple(kwargs["location"])
                process((name, kwargs))
            heads = eventcall[1].get("heads")
            if heads and on_rows is not None:
                on_rows(node, json.loads(heads), [column.split(ROW_END) for column in eventcall[1]["texts"]])
        else:
            process(eventcall)

    node.process_from_remote = process_from_remote
