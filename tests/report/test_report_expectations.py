"""harness.expectations: the file format, classification, and stale expectations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import expectations as xp


def write(directory: Path, kind: str, entries: object) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{kind}.json"
    path.write_text(json.dumps(entries), "utf-8")
    return path


def test_exact_id_wins_over_an_earlier_pattern(tmp_path: Path) -> None:
    write(tmp_path, "moto", {"expectations": [
        {"id": "svc.*", "reason": "pattern"},
        {"id": "svc.Op.check", "verdict": ["error"], "reason": "exact"}]})
    found = xp.load_dir(tmp_path, ["moto"])["moto"]
    exact, pattern = found.find("svc.Op.check", "moto==5"), found.find("svc.Other.check", "moto==5")
    assert exact is not None and exact.reason == "exact"
    assert pattern is not None and pattern.reason == "pattern"
    assert found.find("other.Op.check", "moto==5") is None


def test_only_star_is_special_in_patterns(tmp_path: Path) -> None:
    write(tmp_path, "url", {"expectations": [{"id": "svc.[a].?", "reason": "literal"}]})
    found = xp.load_dir(tmp_path, ["url"])["url"]
    assert found.find("svc.[a].?", "t") is not None
    assert found.find("svc.a.x", "t") is None


def test_target_restricts_an_entry(tmp_path: Path) -> None:
    write(tmp_path, "url", {"expectations": [{"id": "a", "reason": "r", "target": "http://one"}]})
    found = xp.load_dir(tmp_path, ["url"])["url"]
    assert found.find("a", "http://one") is not None and found.find("a", "http://two") is None


@pytest.mark.parametrize("verdict, names, status", [
    ("fail", None, "unexpected"), ("error", None, "unexpected"), ("pass", None, "ok"),
    ("skipped", None, "ok"), ("not-implemented", None, "ok"),
    ("fail", ("fail",), "expected"), ("error", ("fail",), "unexpected"), ("error", ("fail", "error"), "expected"),
    ("not-implemented", ("not-implemented",), "expected"), ("pass", ("fail",), "stale"),
    ("skipped", ("fail",), "ok"),
])
def test_classify(verdict: str, names: tuple[str, ...] | None, status: str) -> None:
    entry = xp.Expectation("x", names, "why", None, "f.json", 0) if names else None
    assert xp.classify(verdict, entry).status == status


def test_stale_entries_are_those_that_no_longer_fail(tmp_path: Path) -> None:
    write(tmp_path, "moto", {"expectations": [
        {"id": "a", "reason": "still fails"}, {"id": "b", "reason": "fixed upstream"},
        {"id": "c", "reason": "check removed"}, {"id": "d*", "reason": "partly fixed"}]})
    found = xp.load_dir(tmp_path, ["moto"])["moto"]
    seen = {found.entries[0]: ["fail"], found.entries[1]: ["pass"], found.entries[3]: ["pass", "fail"]}
    stale = {s.expectation.id: s.why for s in xp.stale_entries(found, seen)}
    assert stale == {"b": "now passes", "c": "matches no result"}


def test_no_directory_or_no_file_means_no_expectations(tmp_path: Path) -> None:
    assert xp.load_dir(None, ["moto"])["moto"].entries == ()
    assert xp.load_dir(tmp_path / "absent", ["moto"])["moto"].path is None


@pytest.mark.parametrize("content, says", [
    (b"{", "not JSON"),
    (b"[]", "[$] must be an object"),
    (b'{"expectations": {}}', "[$.expectations] must be a list"),
    (b'{"expectations": [{"id": "a"}]}', "[$.expectations[0].reason] must say why"),
    (b'{"expectations": [{"id": "a", "reason": "r", "verdict": "pass"}]}', "[$.expectations[0].verdict]"),
    (b'{"expectations": [{"id": "", "reason": "r"}]}', "[$.expectations[0].id]"),
    (b'{"expectations": [{"id": "a", "reason": "r", "bug": 1}]}', "[$.expectations[0].bug] unknown field"),
    (b'\xff\xfe', "cannot read expectations"),
])
def test_bad_files_name_the_file_and_field(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "moto.json"
    path.write_bytes(content)
    with pytest.raises(xp.ExpectationsError) as err:
        xp.load_dir(tmp_path, ["moto"])
    assert str(err.value).startswith(f"{path}: ") and says in str(err.value)
