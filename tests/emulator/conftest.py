from __future__ import annotations

from collections.abc import Iterator

import pytest
from _emulator_support import SPECS, Wire

from harness.emulator import RunningServer, start


@pytest.fixture
def server() -> Iterator[RunningServer]:
    with start([str(SPECS)]) as running:
        yield running


@pytest.fixture
def wire(server: RunningServer) -> Iterator[Wire]:
    with Wire(server.url) as w:
        yield w
