"""index.html without a browser: self-contained, every link lands, every result and cite is there, and
nothing from the results can become markup."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from _html import Page
from _report_support import PAYLOADS

from harness.report import write_report
from harness.report.render import fragment, json_island, text


@pytest.fixture(scope="module")
def real_page(three_runs: tuple[list[Path], str | None], tmp_path_factory: pytest.TempPathFactory,
              project_root: Path) -> tuple[Page, str, list[dict]]:
    paths, _ = three_runs
    out = tmp_path_factory.mktemp("html")
    write_report(paths, out, project_root=project_root, expectations_dir=out / "no-expectations")
    html = (out / "index.html").read_text("utf-8")
    return Page(html), html, [json.loads(p.read_text("utf-8")) for p in paths]


def test_loads_nothing_and_allows_only_its_own_script(real_page: tuple[Page, str, list[dict]]) -> None:
    page, _, _ = real_page
    assert not page.find("link") and not page.find("img") and not page.find("iframe") and not page.find("object")
    assert not [e for e in page.elements if "src" in e.attrs]
    csp = next(e.attrs["content"] for e in page.find("meta") if e.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "img-src data:" in csp and "unsafe-inline" not in csp.split("script-src")[1]
    scripts = page.find("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    code = "".join(scripts[1].text)
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert not [e for e in page.elements for k in e.attrs if k.startswith("on")]


def test_every_link_is_an_in_page_anchor_that_exists(real_page: tuple[Page, str, list[dict]]) -> None:
    page, _, _ = real_page
    links = [e.attrs["href"] for e in page.find("a")]
    assert links and all(h.startswith("#") for h in links)
    missing = {h for h in links if page.target(h) not in page.ids}
    assert not missing, sorted(missing)[:5]


def test_every_result_has_its_deep_link_and_every_cite_its_line(real_page: tuple[Page, str, list[dict]]) -> None:
    page, html, runs = real_page
    root = Path(__file__).resolve().parents[2]
    for run in runs:
        for r in run["results"]:
            assert r["id"] in page.ids
            for c in r["cite"]:
                lines = len((root / c["path"]).read_text("utf-8").rstrip("\n").split("\n"))
                if c["line"] <= lines:
                    assert f"src-{c['source']}-L{c['line']}" in page.ids, c
                else:  # the extractor cited past the end of the document: said, and not linked
                    assert f"{c['path']} has {lines} lines, but is cited at line" in html
    sources = [e for e in page.find("section") if "src" in e.attrs.get("class", "").split()]
    cited = {c["source"] for run in runs for r in run["results"] for c in r["cite"]}
    assert sorted(e.attrs["id"] for e in sources) == sorted({f"src-{s}" for s in cited} | {
        e.attrs["id"] for e in sources})  # each source once
    assert len(sources) == len({e.attrs["id"] for e in sources})


def test_summary_counts_and_data_island_agree_with_the_results(real_page: tuple[Page, str, list[dict]]) -> None:
    page, _, runs = real_page
    meta = json.loads("".join(page.find("script")[0].text))
    for target, run in zip(meta["targets"], runs):
        for verdict in ("pass", "fail", "error", "not-implemented", "skipped"):
            assert target["counts"][verdict] == sum(r["verdict"] == verdict for r in run["results"])
    cards = [e for e in page.find("b") if "data-verdict" in e.attrs]
    per_card = [cards[i:i + 6] for i in range(0, len(cards), 6)]
    for card, run in zip(per_card, runs):
        got = {e.attrs["data-verdict"]: int("".join(e.text)) for e in card}
        assert got["total"] == len(run["results"])
        assert got["fail"] == sum(r["verdict"] == "fail" for r in run["results"])


def test_hostile_results_stay_text(hostile: Path, tmp_path: Path) -> None:
    write_report([hostile], tmp_path / "out", project_root=tmp_path)
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    page = Page(html)
    assert [s.attrs.get("type") for s in page.find("script")] == ["application/json", None]
    assert not page.find("img") and not page.find("iframe")
    assert not [e for e in page.elements for k in e.attrs if k.startswith("on")]
    assert all(e.attrs["href"].startswith("#") for e in page.find("a"))
    assert "javascript:" not in "".join(e.attrs.get("href", "") for e in page.elements)
    shown = "".join(t for e in page.find("main") for t in e.text)
    for payload in PAYLOADS[:3]:
        assert payload in shown  # the page says exactly what the target said, as text
    island = "".join(page.find("script")[0].text)
    assert "</script" not in island.lower() and json.loads(island)["targets"][0]["target"].endswith(PAYLOADS[0])
    assert "root:" not in html  # ../../../etc/passwd is not embedded
    assert "outside the project root" in html


def test_a_source_the_cites_name_but_that_is_gone_is_said_so(botocore_run: Path, tmp_path: Path) -> None:
    write_report([botocore_run], tmp_path / "out", project_root=tmp_path)  # no seeds/ under this root
    page = Page((tmp_path / "out" / "index.html").read_text("utf-8"))
    assert not [e for e in page.find("a") if e.attrs["href"].startswith("#src-")]
    assert "not embedded" in "".join(t for e in page.find("main") for t in e.text)


@pytest.mark.parametrize("raw, escaped", [
    ('<script>"x" & y', '&lt;script&gt;"x" &amp; y'), ("plain", "plain"), ("a > b", "a &gt; b")])
def test_text_escaping(raw: str, escaped: str) -> None:
    assert str(text(raw)) == escaped


def test_fragment_and_json_island_cannot_escape() -> None:
    assert fragment('x" onclick="y') == "#x%22%20onclick=%22y"
    assert fragment("javascript:alert(1)") == "#javascript:alert(1)"
    island = str(json_island({"a": "</script><!-- \u2028 &"}))
    assert "<" not in island and ">" not in island and "&" not in island
    assert json.loads(island) == {"a": "</script><!-- \u2028 &"}


def test_no_javascript_needed_to_read(real_page: tuple[Page, str, list[dict]]) -> None:
    page, html, runs = real_page
    assert re.search(r'<html lang="en" class="nojs">', html)
    checks = [e for e in page.find("details") if e.attrs.get("class") == "c"]
    assert len(checks) == len({r["id"] for run in runs for r in run["results"]})
    assert ".nojs .needs-js { display: none !important; }" in html
