"""`write_atomic`: whole files only, with the mode a file written in place would have."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from harness.spec import io as spec_io
from harness.spec.io import write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_usual_mode_not_the_temporary_files(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec_io, "_UMASK", 0o027)  # the process's umask, as read at import
    write_atomic(tmp_path / "a" / "spec.json", "{}\n")
    assert mode(tmp_path / "a" / "spec.json") == 0o640
    assert (tmp_path / "a" / "spec.json").read_text("utf-8") == "{}\n"
    monkeypatch.setattr(spec_io, "_UMASK", 0o022)
    write_atomic(tmp_path / "b.json", "{}\n")
    assert mode(tmp_path / "b.json") == 0o644


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("old")
    path.chmod(0o604)
    write_atomic(path, "new")
    assert mode(path) == 0o604 and path.read_text("utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text("old")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "\udcff")  # a lone surrogate cannot be written as UTF-8
    assert path.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]
