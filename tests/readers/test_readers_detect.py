"""Format detection from content; the extension only breaks ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.readers import READERS, detect_format
from harness.readers.detect import scores

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"

SEEDS = [
    ("000_859e52fe1e002d1e.txt", "markdown"),
    ("001_f484071d2927457f.txt", "markdown"),
    ("002_0f1523c13008409a.txt", "rst"),
    ("003_5f699f639ca1a07b.txt", "rst"),
    ("004_a8d8b110b1d2240b.txt", "html"),
]

CORPUS_SAMPLES = [
    ("aws-personalize-guide/API_CreateSolutionVersion.md", "markdown"),
    ("aws-personalize-guide/index.md", "markdown"),
    ("aws-rekognition-custom-labels-guide/tm-debugging-json-line-errors.md", "markdown"),
    ("otc-modelarts-api-ref/index.rst", "rst"),
    ("otc-modelarts-api-ref/api_overview.rst", "rst"),
    ("otc-modelarts-api-ref/calling_apis/authentication.rst", "rst"),
]

SNIPPETS = [
    ("# Title\n\nSome *text* with a [link](http://x).\n", "markdown"),
    ("Title\n=====\n\n.. note::\n\n   Careful.\n", "rst"),
    ("Intro :ref:`x <y>` here.\n\n.. _label:\n", "rst"),
    ("<p>Hello <code>x</code></p><ul><li>a</li></ul>", "html"),
    ("<!DOCTYPE html><html><body>Hi</body></html>", "html"),
]


@pytest.mark.parametrize("name, fmt", SEEDS)
def test_seed_formats(name: str, fmt: str) -> None:
    assert detect_format((ROOT / "seeds" / name).read_text(encoding="utf-8"), name) == fmt


@pytest.mark.parametrize("rel, fmt", CORPUS_SAMPLES)
def test_corpus_formats_from_content_alone(rel: str, fmt: str) -> None:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    assert detect_format(path.read_text(encoding="utf-8"), "page.txt") == fmt


@pytest.mark.parametrize("text, fmt", SNIPPETS)
def test_snippets(text: str, fmt: str) -> None:
    assert detect_format(text, "x.txt") == fmt


@pytest.mark.parametrize("path, fmt", [("a.rst", "rst"), ("a.md", "markdown"), ("a.htm", "html"),
                                       ("a.txt", "markdown"), ("", "markdown")])
def test_extension_breaks_ties_only(path: str, fmt: str) -> None:
    assert detect_format("Just one plain sentence.\n", path) == fmt


def test_content_beats_extension() -> None:
    rst = (ROOT / "seeds" / "003_5f699f639ca1a07b.txt").read_text(encoding="utf-8")
    assert detect_format(rst, "misnamed.md") == "rst"


def test_every_detected_format_has_a_reader() -> None:
    assert set(scores("x")) == set(READERS) == {"markdown", "rst", "html"}
