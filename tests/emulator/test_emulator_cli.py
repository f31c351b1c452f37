"""``harness serve``: the thin CLI over `harness.emulator`."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest
from _emulator_support import ROOT, SPECS, P, Wire

from harness.cli import main
from harness.emulator import MUTANTS


def test_list_mutants(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--list-mutants"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(MUTANTS)
    assert all("[" in line for line in lines)


@pytest.mark.parametrize(("argv", "message"), [
    (["serve", "--mutant", "nope"], "unknown mutant 'nope'"),
    (["serve", "--specs", "no/such/folder"], "cannot read spec"),
])
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_serve_prints_the_url_and_serves_until_interrupted() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "harness", "serve", "--specs", str(SPECS), "--port", "0", "-q",
                             "--mutant", "stale-status"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        url = line.split()[0]
        assert url.startswith("http://127.0.0.1:") and line.endswith("(mutant stale-status)")
        with Wire(url) as w:
            assert w.aws(P + "ListSolutions", {}).body == {"solutions": []}
            assert w.control("GET", "/harness-api/mutant").body["mutant"]["name"] == "stale-status"
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
