"""Fixtures for the report tests: real verify runs (made once per session) and a hostile run."""

from __future__ import annotations

from pathlib import Path

import pytest
from _report_support import ROOT, hostile_run, verify_runs


@pytest.fixture(scope="session")
def three_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], str | None]:
    """reference, moto and botocore results from `harness verify` (synthesised where a target gives none)."""
    return verify_runs(tmp_path_factory.mktemp("verify"))


@pytest.fixture(scope="session")
def botocore_run(three_runs: tuple[list[Path], str | None]) -> Path:
    return three_runs[0][2]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return hostile_run(tmp_path)


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
