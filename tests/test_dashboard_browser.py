"""The dashboard in a real browser: ``streamlit run`` headless on a free localhost port,
driven by Debian's Chromium through Playwright (never ``playwright install``).

A new user's walk through every page, in bokmål and then in English, with each analysis
run on small settings (the comparison with 30 replications, timed; the budget sweep, the
stock sizing and the tilvisning workshop with 2). On every page it fails on:

- an exception shown by the app, or a traceback in the server log;
- visible text that looks like a program's name (snake_case, a dotted key, ``sim.``),
  including the text inside charts;
- in bokmål: English words from a short list (Streamlit's own widget texts among them),
  English month names, and a number written with a decimal point;
- a chart caption or label running outside its figure, a table wider than the page,
  Sankey labels on top of each other, axis text below WCAG's 4.5:1 contrast;
- a request to anywhere but the app itself (the app must work offline).

It also checks that the cost chart's legend holds only cost lines, that months hover
without English names, that ``/overview`` opens the overview, and that the workshop's
columns reach the Compare page.

Screenshots of every page in bokmål at 1280×720 (the whole page) go to
``test-output/screenshots/``; ``make screenshots`` runs this test with
``BOLIGFLYT_SCREENSHOTS=docs/screenshots`` to regenerate the ones in the repository.

CI needs ``apt-get install -y chromium`` (see .ci/run); without ``/usr/bin/chromium`` the
test skips with that reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = Path("/usr/bin/chromium")
OUT = ROOT / "test-output"
SHOTS = Path(os.environ.get("BOLIGFLYT_SCREENSHOTS") or OUT / "screenshots")
if not SHOTS.is_absolute():
    SHOTS = ROOT / SHOTS
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_S = 90
RUN_TIMEOUT_MS = 300_000
WIDTH, HEIGHT = 1280, 720

# ---------------------------------------------------------------- what the text must not hold
#: a program's name: snake_case, a dotted key (not a file name or an abbreviation), ``sim.``
SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
DOTTED = re.compile(r"\b[a-z][a-z_]*\.[a-z_]+\b")
FILE_NAME = re.compile(r"\.(ya?ml|csv|xlsx|html|png)$")
#: English a bokmål page must not show (Streamlit's built-in texts among them)
ENGLISH = re.compile(
    r"\b(Upload|Browse files|per file|Select all|Press Enter|could not|Source|assumption|Running|"
    r"Deploy|No results|Page not found|difference|replications|households|Choose|Drag and drop|"
    r"Download|Cancel|seed)\b"
    r"|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b"
)
#: a number written with a decimal point (not a date 01.01.2016, not a section 6.1 or table 3.2)
DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d+(?![\w.])")
CITATION = re.compile(r"\b(avsnitt|avsnittene|kap\.|tabell|tabellene)\s+[\d.–\-/ og]+", re.IGNORECASE)


def visible_text(page) -> str:
    """The page's visible text and the text drawn inside its charts (SVG).

    Icons are letters of an icon font (``compare_arrows`` draws an arrow): they are hidden
    while the text is read, as a reader never sees their names.
    """
    body = page.evaluate(
        """() => {
            const icons = [...document.querySelectorAll('span, i')]
                .filter(e => getComputedStyle(e).fontFamily.includes('Material'));
            const before = icons.map(e => e.style.display);
            icons.forEach(e => { e.style.display = 'none'; });
            const text = document.body.innerText;
            icons.forEach((e, i) => { e.style.display = before[i]; });
            return text;
        }"""
    )
    svg = page.eval_on_selector_all(
        ".js-plotly-plot svg text", "els => els.map(e => e.textContent).filter(Boolean)"
    )
    return body + "\n" + "\n".join(svg)


def text_problems(text: str, lang: str, names: set[str]) -> list[str]:
    """What in ``text`` looks like an identifier, English in bokmål, or a decimal point."""
    out = []
    for m in SNAKE.finditer(text):
        if m.group(0) not in names:
            out.append(f"identifier {m.group(0)!r}")
    for m in DOTTED.finditer(text):
        word = m.group(0)
        if not FILE_NAME.search(word) and word not in names:
            out.append(f"dotted key {word!r}")
    if "sim." in text:
        out.append("code 'sim.'")
    if lang == "nb":
        out += [f"English {m.group(0)!r}" for m in ENGLISH.finditer(text)]
        plain = CITATION.sub("", text)
        out += [f"decimal point {m.group(0)!r}" for m in DECIMAL_POINT.finditer(plain)]
    return out


def layout_problems(page) -> list[str]:
    """Captions and labels outside their figure, tables wider than their box, overlapping
    Sankey labels, and axis text with too little contrast."""
    return page.evaluate(
        """() => {
        const out = [];
        const lum = (rgb) => {
            const c = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            });
            return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        for (const plot of document.querySelectorAll('.js-plotly-plot')) {
            const svg = plot.querySelector('svg.main-svg');
            if (!svg) continue;
            const box = svg.getBoundingClientRect();
            const title = (plot.querySelector('.gtitle') || {}).textContent || '?';
            const texts = '.infolayer .annotation-text, .g-gtitle text, .legendtext';
            for (const t of plot.querySelectorAll(texts)) {
                const r = t.getBoundingClientRect();
                if (r.width && (r.left < box.left - 2 || r.right > box.right + 2))
                    out.push(`text outside the figure "${title}": ${t.textContent.slice(0, 60)}`);
            }
            const title_box = (plot.querySelector('.g-gtitle') || {getBoundingClientRect: () => ({})})
                .getBoundingClientRect();
            const legend_box = (plot.querySelector('.legend') || {getBoundingClientRect: () => ({})})
                .getBoundingClientRect();
            if (title_box.width && legend_box.width && title_box.bottom > legend_box.top + 2
                && title_box.top < legend_box.bottom)
                out.push(`the title runs onto the legend in "${title}"`);
            const blocks = [...plot.querySelectorAll('.legend, .g-xtitle')]
                .map(e => e.getBoundingClientRect()).filter(r => r.width);
            for (const a of plot.querySelectorAll('.infolayer .annotation')) {
                const r = a.getBoundingClientRect();
                for (const b of blocks)
                    if (r.width && r.left < b.right && b.left < r.right
                        && r.top < b.bottom - 2 && b.top < r.bottom - 2)
                        out.push(`a caption overlaps the legend or the axis title in "${title}"`);
            }
            const ticks = plot.querySelector('.xtick text, .ytick text');
            if (ticks) {
                const l = lum(getComputedStyle(ticks).fill);
                const ratio = (1.05) / (l + 0.05);
                if (ratio < 4.5) out.push(`axis text contrast ${ratio.toFixed(1)}:1 in "${title}"`);
            }
            const labels = [...plot.querySelectorAll('.sankey .node-label')]
                .map(e => e.getBoundingClientRect()).filter(r => r.width);
            for (let i = 0; i < labels.length; i++)
                for (let j = i + 1; j < labels.length; j++) {
                    const a = labels[i], b = labels[j];
                    const across = a.left < b.right - 2 && b.left < a.right - 2;
                    if (across && a.top < b.bottom - 2 && b.top < a.bottom - 2)
                        out.push(`Sankey labels overlap in "${title}"`);
                }
        }
        for (const t of document.querySelectorAll('[data-testid="stTable"]')) {
            if (t.scrollWidth > t.clientWidth + 2) out.push('a table is wider than the page');
        }
        for (const p of document.querySelectorAll('[data-testid="stButtonGroup"] button')) {
            if (p.scrollWidth > p.clientWidth + 2) out.push(`a choice is cut off: ${p.textContent}`);
        }
        return out;
    }"""
    )


# ---------------------------------------------------------------- the server
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A headless ``streamlit run dashboard/app.py`` on a free localhost port, on a copy of
    the scenarios (the workshop saves files)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's browser with `apt-get install -y chromium`")
    pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")
    # the whole folder: the examples extend templates/ (a flat copy showed them as broken)
    folder = tmp_path_factory.mktemp("scenarios") / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    port = _free_port()
    url = f"http://localhost:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "streamlit-browser-test.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "BOLIGFLYT_SCENARIOS_DIR": str(folder)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.address",
            "localhost",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + STARTUP_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer within {STARTUP_S} s; see {log_path}")
            time.sleep(0.5)
        yield url, log_path
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


# ---------------------------------------------------------------- page helpers
def wait_idle(page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until Streamlit has finished running the script and no element is stale.

    Streamlit marks its app element with ``data-test-script-state`` (``running`` while a
    script runs) and elements left from the previous run with ``data-stale="true"``.
    """
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const s = app && app.getAttribute('data-test-script-state');
            return s && !['initial', 'running', 'rerunRequested'].includes(s)
                && !document.querySelector('[data-stale="true"]');
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(300)


def assert_no_exception(page, where: str) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, f"{where}: the app shows an exception: {exc.first.inner_text()[:2000]}"


def shot(page, name: str, folder: Path | None = None) -> Path:
    """Screenshot the whole page at 1280 wide: Streamlit scrolls inside its main block, so
    the viewport is made as tall as that block for the picture, then set back to 720. In
    the repository's folder the picture is stored with a 256-colour palette (small files)."""
    folder = folder or SHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    height = page.evaluate(
        """() => {
            const m = document.querySelector('[data-testid="stMain"]')
                || document.querySelector('section.main') || document.body;
            return m.scrollHeight;
        }"""
    )
    page.set_viewport_size({"width": WIDTH, "height": int(min(max(height, HEIGHT), 12000))})
    page.wait_for_timeout(1000)  # let plotly re-lay out
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.wait_for_timeout(300)
    if os.environ.get("BOLIGFLYT_SCREENSHOTS") and folder == SHOTS:
        from PIL import Image

        with Image.open(path) as img:
            small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(path, optimize=True)
    return path


def goto_page(page, title: str) -> None:
    """Open a page through the sidebar navigation, as a user would."""
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True).click()
    wait_idle(page)


def wait_charts(page, n: int, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait for ``n`` charts; on a timeout keep a picture and the page's text for the reader."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}",
            timeout=timeout_ms,
        )
    except PlaywrightTimeout:
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / "browser-failure.png"), full_page=True)
        text = page.inner_text("body")
        (OUT / "browser-failure.txt").write_text(text, encoding="utf-8")
        pytest.fail(f"fewer than {n} charts within {timeout_ms / 1000:.0f} s; the page says:\n{text[:1500]}")


def keep_failure(page) -> None:
    """Keep a picture and the text of the page a step failed on (CI shows only the error)."""
    try:
        OUT.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT / "browser-failure.png"), full_page=True)
        text = page.inner_text("body")
        (OUT / "browser-failure.txt").write_text(text, encoding="utf-8")
        print(f"\nthe page at the failure ({page.url}) says:\n{text[:3000]}")
    except Exception as exc:  # the page may be gone; the original error matters more
        print(f"could not keep the failing page: {exc}")


def fill(page, label: str, value: str, role: str = "textbox") -> None:
    """Type into a box found by its label and press Enter (Streamlit applies on Enter)."""
    box = page.get_by_role(role, name=label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_idle(page)


def run(page, button: str, charts: int) -> float:
    """Press a run button and wait for the charts; returns the seconds it took."""
    t0 = time.perf_counter()
    page.get_by_role("button", name=button).click()
    page.wait_for_timeout(500)
    wait_idle(page)
    wait_charts(page, charts)
    wait_idle(page)
    return time.perf_counter() - t0


def cost_legend(page, title_part: str) -> list[str]:
    """The legend entries of the chart whose title holds ``title_part``."""
    return page.evaluate(
        """(part) => {
            for (const plot of document.querySelectorAll('.js-plotly-plot')) {
                const t = (plot.querySelector('.gtitle') || {}).textContent || '';
                if (t.toLowerCase().includes(part.toLowerCase()))
                    return [...plot.querySelectorAll('.legendtext')].map(e => e.textContent);
            }
            return null;
        }""",
        title_part,
    )


# ---------------------------------------------------------------- the walk
NB_PAGES = [
    ("Oversikt", "01_oversikt"),
    ("Scenario", "02_scenario"),
    ("Sammenlign", "03_sammenlign"),
    ("Startlånsbudsjett", "04_startlansbudsjett"),
    ("Boligmasse mot 2040", "05_boligmasse_2040"),
    ("Tilvisningsverksted", "06_tilvisningsverksted"),
    ("Kalibrering", "07_kalibrering"),
]
EN_PAGES = [
    "Overview",
    "Scenario",
    "Compare",
    "Start-loan budget",
    "Stock to 2040",
    "Tilvisning workshop",
    "Calibration",
]


def test_dashboard_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    from dashboard import metrics
    from sim import YEARLY_METRICS

    url, log_path = server
    names = {p.stem for p in (ROOT / "scenarios").glob("*.yaml")}
    problems: list[str] = []

    def check(page, where: str, lang: str) -> None:
        assert_no_exception(page, where)
        found = text_problems(visible_text(page), lang, names) + layout_problems(page)
        problems.extend(f"{where} ({lang}): {p}" for p in dict.fromkeys(found))

    timings: dict[str, float] = {}
    outside: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = None
        try:
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="nb-NO")

            def offline(route) -> None:
                if route.request.url.startswith(url) or route.request.url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            context.route("**/*", offline)
            page = context.new_page()
            page.set_default_timeout(60_000)

            # 1. the overview opens on the baseline, in bokmål; months hover without English
            t0 = time.perf_counter()
            page.goto(url)
            page.get_by_text("Boligflyt – Rælingen").wait_for()
            page.locator('[data-testid="stMetric"]').nth(5).wait_for(timeout=RUN_TIMEOUT_MS)
            wait_charts(page, 1)
            wait_idle(page)
            timings["overview_first_open_s"] = time.perf_counter() - t0
            body = page.inner_text("body")
            assert "95 % intervall" in body and "Sum 2016–2040" in body and "persondøgn" in body
            page.locator(".js-plotly-plot .nsewdrag").first.hover(position={"x": 300, "y": 120})
            page.wait_for_timeout(500)
            hover = " ".join(
                page.eval_on_selector_all(".hoverlayer text", "els => els.map(e => e.textContent)")
            )
            assert hover and re.search(r"\b20\d\d-\d\d\b", hover), hover
            check(page, "overview", "nb")
            shot(page, NB_PAGES[0][1])

            # 2. the scenario page: name the change and edit a lever (more large dwellings)
            goto_page(page, "Scenario")
            fill(page, "Navn på endringen (vises i tabeller og diagrammer)", "Flere store boliger")
            page.get_by_role("tab", name="Boligmasse").click()
            fill(page, "Stor (5+ personer)", "40", role="spinbutton")
            assert_no_exception(page, "scenario")
            page.get_by_text("«✎ Flere store boliger»").wait_for()
            page.get_by_role("tab", name="Startlån").click()
            page.get_by_text("Kilde: NIBR-rapport 2016:23, avsnitt 6.1–6.2 (3 måneder)").wait_for()
            check(page, "scenario", "nb")
            page.get_by_role("tab", name="Boligmasse").click()
            shot(page, NB_PAGES[1][1])

            # 3. compare the baseline with the named change, 30 replications, timed
            goto_page(page, "Sammenlign")
            reps = page.get_by_role("spinbutton", name="Replikasjoner", exact=True)
            assert reps.input_value() == "30"
            # seed 2: neither scenario is cached from the overview (seed 1), so both run
            fill(page, "Frø (startverdi)", "2", role="spinbutton")
            timings["compare_2x30_click_to_charts_s"] = run(page, "Kjør sammenligning", 9)
            page.locator('[data-testid="stTable"]').wait_for()
            body = page.inner_text("body")
            assert "frø 2 · 30 replikasjoner" in body and "✎ Flere store boliger: forskjell" in body
            assert "har feil og er utelatt" not in body  # every shipped scenario file loads
            assert "lavere ↓" in body  # the better direction is marked
            legend = cost_legend(page, "Kommunens kostnader per år")
            lines = {metrics.short(m, "nb") for m in metrics.cost_lines(YEARLY_METRICS)}
            assert legend and set(legend) <= lines, set(legend) - lines
            check(page, "compare", "nb")
            shot(page, NB_PAGES[2][1])

            # 3b. a long run can be cancelled; the page stays usable
            fill(page, "Replikasjoner", "300", role="spinbutton")
            page.get_by_role("button", name="Kjør sammenligning").click()
            page.get_by_text("Simulerer:").wait_for()
            page.get_by_role("button", name="Avbryt").click()
            page.get_by_text("Kjøringen ble avbrutt").wait_for()
            wait_idle(page)
            assert_no_exception(page, "compare (cancelled)")
            fill(page, "Replikasjoner", "30", role="spinbutton")
            wait_charts(page, 9)

            # 4. the start-loan budget: three budgets, two replications
            goto_page(page, "Startlånsbudsjett")
            fill(page, "Årlige budsjetter å prøve (mill. kr, skilt med ;)", "0; 26; 52")
            fill(page, "Replikasjoner", "2", role="spinbutton")
            timings["budget_3x2_s"] = run(page, "Kjør budsjettanalysen", 6)
            body = page.inner_text("body")
            assert "dagens budsjett" in body and "95 % intervall" in body
            check(page, "budget", "nb")
            shot(page, NB_PAGES[3][1])

            # 5. the stock to 2040: two replications
            goto_page(page, "Boligmasse mot 2040")
            fill(page, "Replikasjoner", "2", role="spinbutton")
            timings["stock_2_reps_s"] = run(page, "Finn planen", 4)
            assert "Kommunens budsjettkostnad 2016–2040, endring" in page.inner_text("body")
            check(page, "stock", "nb")
            shot(page, NB_PAGES[4][1])

            # 6. the tilvisning workshop: three sets of terms and buying, side by side
            goto_page(page, "Tilvisningsverksted")
            fill(page, "Replikasjoner", "2", role="spinbutton")
            timings["workshop_5x2_s"] = run(page, "Kjør verkstedet", 4)
            header = page.locator('[data-testid="stTable"] th').all_inner_texts()
            for col in ("Uten avtale", "Selvaag", "Husbanken", "10 år", "Kjøpe 20 boliger i 2018"):
                assert any(col in h for h in header), (col, header)
            check(page, "tilvisning", "nb")
            shot(page, NB_PAGES[5][1])

            # 6b. the calibration: the municipality's figures against the model's
            goto_page(page, "Kalibrering")
            page.locator('[data-testid="stTable"]').first.wait_for()
            check(page, "calibration", "nb")
            shot(page, NB_PAGES[6][1])
            goto_page(page, "Tilvisningsverksted")
            wait_charts(page, 4)

            # 6c. ... the workshop's columns sent to Compare: the same columns there, cached
            page.get_by_role("button", name="Send kolonnene til Sammenlign").click()
            page.get_by_text("Sammenlign tiltak").first.wait_for()
            wait_idle(page)
            wait_charts(page, 9)
            header = " ".join(page.locator('[data-testid="stTable"] th').all_inner_texts())
            assert "Husbanken: forskjell" in header and "Kjøpe 20 boliger i 2018: forskjell" in header
            check(page, "compare (workshop)", "nb")

            # 7. every page in English: the results stay (cached), the labels change
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            page.get_by_text("Compare policies").first.wait_for()
            wait_idle(page)
            for title in EN_PAGES:
                goto_page(page, title)
                if title in ("Compare", "Start-loan budget", "Stock to 2040", "Tilvisning workshop"):
                    wait_charts(page, 4)
                    wait_idle(page)
                check(page, title, "en")
                if title == "Compare":
                    legend = cost_legend(page, "costs per year")
                    lines = {metrics.short(m, "en") for m in metrics.cost_lines(YEARLY_METRICS)}
                    assert legend and set(legend) <= lines, set(legend) - lines
                    shot(page, "08_compare_en", OUT / "screenshots")  # for the reader, not the docs

            # 8. /overview as a link (a new session) opens the overview, not "Page not found"
            page.goto(f"{url}/overview")
            page.get_by_text("Boligflyt – Rælingen").wait_for()
            wait_idle(page)
            assert "Page not found" not in page.inner_text("body")
        except Exception:
            if page is not None:
                keep_failure(page)
            raise
        finally:
            browser.close()
    (OUT / "browser-timings.json").write_text(json.dumps(timings, indent=1))
    print(f"\nbrowser timings: {timings}")
    log = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in log, log[-4000:]
    assert not outside, f"the app asked the internet for: {sorted(set(outside))[:10]}"
    assert not problems, "\n".join(problems)
    assert {p.stem for p in SHOTS.glob("*.png")} >= {name for _, name in NB_PAGES}
