"""A bug of the harness itself is one line on stderr and exit 2, not a traceback (unless asked for)."""

from __future__ import annotations

import pytest

from harness import cli


def _broken(args: object) -> int:
    raise KeyError("seeds/000.txt")


def test_an_internal_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("HARNESS_TRACEBACK", raising=False)
    monkeypatch.setattr("harness.cli.extract.run", _broken)
    assert cli.main(["extract"]) == 2
    err = capsys.readouterr().err
    assert err == "harness: internal error: KeyError: 'seeds/000.txt' (HARNESS_TRACEBACK=1 shows where)\n"


def test_the_traceback_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HARNESS_TRACEBACK", "1")
    monkeypatch.setattr("harness.cli.extract.run", _broken)
    with pytest.raises(KeyError):
        cli.main(["extract"])
