"""The committed specs hold together: schema-valid, sources match the files, every cite points at a
line that exists and whose words it quotes (where the quote is plain text of that line)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from harness.spec import io as spec_io

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "specs").rglob("*.json"))


def _cites(node):
    if isinstance(node, dict):
        if set(node) == {"source", "line", "text"}:
            yield node
        for value in node.values():
            yield from _cites(value)
    elif isinstance(node, list):
        for value in node:
            yield from _cites(value)


@pytest.mark.parametrize("path", SPECS, ids=[p.stem for p in SPECS])
def test_spec_is_valid_and_cites_real_lines(path):
    data = json.loads(path.read_text("utf-8"))
    assert spec_io.problems(data) == []
    sources = {s["id"]: s for s in data["sources"]}
    lines = {}
    for sid, source in sources.items():
        raw = (ROOT / source["path"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == source["sha256"], source["path"]
        lines[sid] = raw.decode("utf-8-sig").splitlines()
    fold = lambda s: re.sub(r"[\s\\`*]+", "", s)  # noqa: E731 - markup and escapes differ from clean text
    quoted = checked = 0
    for cite in _cites(data):
        text = lines[cite["source"]]
        assert 1 <= cite["line"] <= len(text), cite
        probe = fold(cite["text"])[:16]
        checked += 1
        if probe and probe in fold(text[cite["line"] - 1]):
            quoted += 1
    assert checked
    assert quoted / checked > 0.9, f"only {quoted} of {checked} cites quote words of their line"
