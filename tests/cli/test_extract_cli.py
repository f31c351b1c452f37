"""`harness extract` as a user runs it: specs from seeds, canonical output, --check, and bad input."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A copy of the project's inputs in a temporary working folder."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(ROOT / "harness.toml", tmp_path / "harness.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_extract_writes_one_spec_per_service(project, capsys):
    assert main(["extract", "--no-cache"]) == 0
    assert sorted(snapshot(project / "specs")) == ["aws/personalize.json", "aws/rekognition.json", "otc/modelarts.json"]
    assert "3 spec(s)" in capsys.readouterr().out


def test_extracting_twice_is_byte_identical_and_cache_does_not_change_output(project):
    assert main(["extract", "--no-cache"]) == 0
    first = snapshot(project / "specs")
    assert main(["extract"]) == 0  # fills the cache
    assert main(["extract"]) == 0  # reads from it
    assert snapshot(project / "specs") == first
    assert main(["extract", "-j", "2", "--no-cache"]) == 0
    assert snapshot(project / "specs") == first


def test_committed_specs_are_current():
    """specs/ in the repository is exactly what extraction of seeds/ gives (what CI checks too)."""
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        assert main(["extract", "--check", "--no-cache"]) == 0
    finally:
        os.chdir(cwd)


def test_check_reports_a_stale_spec_with_a_diff(project, capsys):
    assert main(["extract", "--no-cache"]) == 0
    spec = project / "specs" / "aws" / "rekognition.json"
    spec.write_text(spec.read_text().replace('"StopProjectVersion"', '"StopProjectVersionX"', 1))
    before = snapshot(project / "specs")
    capsys.readouterr()
    assert main(["extract", "--check", "--no-cache"]) == 1
    out = capsys.readouterr()
    assert "+++ specs/aws/rekognition.json (extracted)" in out.out
    assert '-      "name": "StopProjectVersionX"' in out.out
    assert "stale" in out.err
    assert snapshot(project / "specs") == before  # --check writes nothing


def test_check_reports_an_obsolete_spec(project, capsys):
    assert main(["extract", "--no-cache"]) == 0
    extra = project / "specs" / "aws" / "gone.json"
    extra.write_text('{"spec_version": "1"}\n')
    assert main(["extract", "--check", "--no-cache"]) == 1
    assert main(["extract", "--no-cache"]) == 0
    assert not extra.exists()


BAD = {
    "empty.md": (b"", "empty document"),
    "junk.txt": (bytes(range(256)) * 20, "not a text document"),
    "latin1.md": ("# Title\n\nCaf\xe9 cr\xe8me\n".encode("latin-1"), ":3: invalid UTF-8"),
    "broken.rst": (b"Title\n=====\n\n+-----+----+\n| a | b\n+---+\n", ":4: broken markup: Malformed table"),
    "cut.html": (b"<h1>StopThing</h1><p>Stops a <b>thing", ":1: broken markup: unclosed <b>"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_line_and_exit_2(project, capsys, name):
    assert main(["extract", "--no-cache"]) == 0
    before = snapshot(project / "specs")
    data, expected = BAD[name]
    (project / "seeds" / name).write_bytes(data)
    capsys.readouterr()
    assert main(["extract", "--no-cache"]) == 2
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.startswith("harness: error:")]
    assert len(lines) == 1, err
    assert f"seeds/{name}" in lines[0] and expected in lines[0]
    assert "Traceback" not in err
    assert snapshot(project / "specs") == before


def test_unreadable_paths(project, capsys):
    (project / "seeds" / "dangling.md").symlink_to(project / "nowhere.md")
    assert main(["extract", "--no-cache", "seeds", "missing.md"]) == 2
    err = capsys.readouterr().err
    assert "missing.md: cannot read" in err or "missing.md" in err
    assert "Traceback" not in err


def test_keep_going_reports_every_bad_file_and_still_leaves_specs_alone(project, capsys):
    assert main(["extract", "--no-cache"]) == 0
    before = snapshot(project / "specs")
    for name in ("empty.md", "junk.txt", "broken.rst"):
        (project / "seeds" / name).write_bytes(BAD[name][0])
    capsys.readouterr()
    assert main(["extract", "--no-cache"]) == 2
    assert capsys.readouterr().err.count("harness: error:") == 1  # stops at the first failure
    assert main(["extract", "--no-cache", "--keep-going", "--summary", "summary.json"]) == 2
    err = capsys.readouterr().err
    assert err.count("harness: error:") == 3
    assert "3 of 8 file(s) failed" in err
    assert snapshot(project / "specs") == before
    import json
    rows = json.loads((project / "summary.json").read_text())
    assert len(rows) == 8 and sum(1 for r in rows if r["error"]) == 3


def test_format_override_and_help(project, capsys):
    assert main(["extract", "--no-cache", "--format", "markdown", "seeds/000_859e52fe1e002d1e.txt",
                 "--out", "only"]) == 0
    assert (project / "only" / "aws" / "personalize.json").exists()
    assert main(["extract", "--help"]) == 0
    assert "--keep-going" in capsys.readouterr().out
    assert main(["extract", "--format", "pdf"]) == 2


def test_the_same_bytes_under_another_name_cite_that_name(project):
    """The cache is keyed by content and path: a seed copied into another folder is extracted for its own
    path (a cached entry of the original used to come back citing the original, and the build crashed)."""
    assert main(["extract"]) == 0  # the seeds' facts in the cache
    copy = project / "copies"
    copy.mkdir()
    seed = sorted((project / "seeds").iterdir())[0]
    shutil.copy(seed, copy / seed.name)
    assert main(["extract", "copies", "--out", "copied"]) == 0
    sources = [s["path"] for spec in (project / "copied").rglob("*.json")
               for s in json.loads(spec.read_text("utf-8"))["sources"]]
    assert sources == [f"copies/{seed.name}"]
