"""The report in headless chromium: a real run of three targets read, filtered, cited and photographed; a
hostile target's text shown as text with nothing run; the page read with JavaScript off.

Set HARNESS_SCREENSHOTS=DIR to keep the screenshots (they are always written under the test's tmp dir).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from _chromium import CHROMIUM, Browser, Page
from _report_support import LIFECYCLE_ID, PAYLOADS

from harness.report import write_report

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's)")]

PNG = b"\x89PNG\r\n\x1a\n"
VERDICTS = ("pass", "fail", "not-implemented", "error", "skipped")

WATCH = """
window.__attempts = [];
window.__violations = [];
Object.defineProperty(window, "__pwned", {configurable: false,
    set(v) { window.__attempts.push(String(v)); }, get() { return undefined; }});
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
window.alert = window.confirm = window.prompt = (m) => window.__attempts.push("dialog " + m);
"""
"""Installed before the page's own script: records any attempt to run injected code."""


def keep(shot: Path) -> Path:
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 10_000
    if os.environ.get("HARNESS_SCREENSHOTS"):
        target = Path(os.environ["HARNESS_SCREENSHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, target / shot.name)
    return shot


def in_view(page: Page, element_id: str) -> bool:
    return bool(page.eval(f"""(() => {{ const el = document.getElementById({json.dumps(element_id)});
        if (!el) return false; const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.top < innerHeight; }})()"""))


def settle(page: Page) -> None:
    """Let the page's deferred work (search debounce, form reset) run."""
    page.eval("new Promise(r => setTimeout(() => requestAnimationFrame(() => r()), 200))")


def shown_checks(page: Page) -> int:
    return int(page.eval("document.querySelectorAll('details.c:not([hidden])').length"))


@pytest.fixture(scope="module")
def browser() -> Any:
    with Browser() as b:
        yield b


@pytest.fixture(scope="module")
def real_report(three_runs: tuple[list[Path], str | None], tmp_path_factory: pytest.TempPathFactory,
                project_root: Path) -> tuple[Path, list[dict[str, Any]]]:
    paths, note = three_runs
    if note:
        print(f"note: {note}")
    out = tmp_path_factory.mktemp("browser")
    write_report(paths, out, project_root=project_root, expectations_dir=out / "no-expectations")
    return out / "index.html", [json.loads(p.read_text("utf-8")) for p in paths]


def test_a_real_run_reads_filters_cites_and_photographs(browser: Browser, real_report: tuple[Path, list[dict]],
                                                         tmp_path: Path) -> None:
    index, runs = real_report
    page = browser.page()
    page.before_load(WATCH)
    page.goto(index)
    assert page.eval("document.documentElement.dataset.ready") == "1"

    # The summary cards say what results.json says.
    cards = page.eval("""[...document.querySelectorAll('#summary article.card')].map(card =>
        Object.fromEntries([...card.querySelectorAll('b[data-verdict]')].map(b => [b.dataset.verdict, +b.textContent])))""")
    assert len(cards) == len(runs) == 3
    for card, run in zip(cards, runs):
        assert card["total"] == len(run["results"])
        for v in VERDICTS:
            assert card[v] == sum(r["verdict"] == v for r in run["results"]), (v, card)
    keep(page.screenshot(tmp_path / "report-summary.png"))

    # Filters: "unexpected only" leaves the checks with a failure no expectation lists, then a service.
    everything = shown_checks(page)
    assert everything == len({r["id"] for run in runs for r in run["results"]})
    page.click("#filters input[name=u]")
    failing = {r["id"] for run in runs for r in run["results"] if r["verdict"] in ("fail", "error")}
    assert shown_checks(page) == len(failing)
    page.eval("""(() => { const s = document.querySelector('#filters select[name=s]');
        s.value = 'rekognition'; s.dispatchEvent(new Event('change', {bubbles: true})); })()""")
    assert shown_checks(page) == len({i for i in failing if i.startswith("rekognition.")})
    assert page.eval("document.getElementById('shown').textContent").endswith("checks shown")
    page.click("#filters button[type=reset]")
    settle(page)
    assert shown_checks(page) == everything

    # Search narrows to the lifecycle check; a target filter hides that target's rows.
    page.click("#q")
    page.type("stop-while-in-progress")
    settle(page)
    assert page.eval("[...document.querySelectorAll('details.c:not([hidden])')].map(d => d.id)") == [LIFECYCLE_ID]
    page.click("#filters input[name=t][value='1']")  # moto
    assert page.eval(f"""[...document.getElementById({json.dumps(LIFECYCLE_ID)}).querySelectorAll('.o')]
        .filter(o => !o.hidden).every(o => !o.dataset.t.split(' ').includes('1'))""")
    page.click("#filters button[type=reset]")
    settle(page)

    # A citation link opens the source document at the cited line.
    check = next(r for r in runs[2]["results"] if r["verdict"] == "fail" and r["cite"])
    cite = check["cite"][0]
    line_id = f"src-{cite['source']}-L{cite['line']}"
    page.goto(f"{index.resolve().as_uri()}#{check['id']}")
    assert page.eval(f"document.getElementById({json.dumps(check['id'])}).open") is True
    assert in_view(page, check["id"])
    page.click(f"[id={json.dumps(check['id'])}] .d a[href='#{line_id}']")
    page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.eval("location.hash") == f"#{line_id}"
    assert page.eval("document.querySelector(':target').id") == line_id
    number, text = page.eval(f"""(() => {{ const l = document.getElementById({json.dumps(line_id)});
        return [l.querySelector('.n').textContent, l.querySelector('.t').textContent]; }})()""")
    assert number == str(cite["line"]) and cite["text"].split()[0] in text
    assert in_view(page, line_id)
    keep(page.screenshot(tmp_path / "report-citation.png"))

    # The lifecycle check draws its timeline over the documented machine, failing step marked.
    page.goto(f"{index.resolve().as_uri()}#{LIFECYCLE_ID}")
    drawn = page.eval(f"""(() => {{ const c = document.getElementById({json.dumps(LIFECYCLE_ID)});
        return [c.querySelectorAll('svg.sm').length, c.querySelectorAll('svg.sm g.n.bad').length,
                c.querySelectorAll('svg.sm path.e.obs').length]; }})()""")
    assert drawn[0] >= 1 and drawn[1] == 1 and drawn[2] >= 3
    keep(page.screenshot(tmp_path / "report-lifecycle.png"))
    assert page.eval("window.__attempts") == [] and page.eval("window.__violations") == []
    assert page.dialogs() == []


def test_a_hostile_target_is_shown_as_text_and_nothing_runs(browser: Browser, hostile: Path, tmp_path: Path) -> None:
    write_report([hostile], tmp_path / "out", project_root=tmp_path)
    page = browser.page()
    page.before_load(WATCH)
    page.goto(tmp_path / "out" / "index.html")
    page.click("#filters button[data-act=open]")  # open every check, so every payload is in the layout
    page.eval("document.querySelectorAll('details').forEach(d => d.open = true)")
    for link in page.eval("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))"):
        assert link.startswith("#")
    page.eval("[...document.querySelectorAll('a')].slice(0, 40).forEach(a => a.click())")
    page.eval("new Promise(r => setTimeout(r, 300))")
    assert page.eval("window.__attempts") == []
    assert page.eval("window.__violations") == []  # nothing was even tried: all of it is text
    assert page.dialogs() == []
    assert page.eval("document.querySelectorAll('img, iframe, object, embed, svg [onload]').length") == 0
    assert page.eval("document.scripts.length") == 2
    assert page.eval("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => "
                     "a.name.startsWith('on'))).length") == 0
    body = page.eval("document.body.textContent")
    for payload in PAYLOADS:
        assert payload.split(">")[0] in body
    keep(page.screenshot(tmp_path / "report-hostile.png"))


def test_reads_without_javascript(browser: Browser, real_report: tuple[Path, list[dict]], tmp_path: Path) -> None:
    index, runs = real_report
    page = browser.page()
    page.set_javascript(False)
    page.goto(index)
    assert page.eval("document.documentElement.className") == "nojs"
    assert page.eval("getComputedStyle(document.getElementById('filters')).display") == "none"
    assert shown_checks(page) == len({r["id"] for run in runs for r in run["results"]})
    failing = next(r for r in runs[2]["results"] if r["verdict"] == "fail")  # few: rendered open
    assert page.eval(f"document.getElementById({json.dumps(failing['id'])}).open") is True
    assert page.eval(f"document.getElementById({json.dumps(failing['id'])}).querySelector('.d q') !== null")
    passing = next(r for r in runs[2]["results"] if r["verdict"] == "pass" and r["cite"])
    page.click(f"[id={json.dumps(passing['id'])}] > summary")
    assert page.eval(f"document.getElementById({json.dumps(passing['id'])}).open") is True
    cite = passing["cite"][0]
    assert page.eval(f"""document.getElementById({json.dumps(passing['id'])})
        .querySelector('.d a[href="#src-{cite['source']}-L{cite['line']}"]') !== null""")
    keep(page.screenshot(tmp_path / "report-nojs.png"))
