"""The dashboard in a real browser: ``streamlit run`` headless on a free localhost port,
driven by Debian's Chromium through Playwright (never ``playwright install``).

The test opens the app, edits a lever, runs a two-scenario comparison of the baseline
with the default 30 replications (timed from the click until the charts are drawn),
switches the language, visits every page and saves a screenshot of each under
``test-output/screenshots/``. It fails if the app shows an exception anywhere or the
server logs a traceback.

CI needs ``apt-get install -y chromium`` (see .ci/run); without ``/usr/bin/chromium`` the
test skips with that reason.
"""

from __future__ import annotations

import json
import os
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
CHROMIUM = Path("/usr/bin/chromium")
OUT = ROOT / "test-output"
SHOTS = OUT / "screenshots"
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
RUN_TIMEOUT_MS = 180_000


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
def server() -> Iterator[tuple[str, Path]]:
    """A headless ``streamlit run dashboard/app.py`` on a free localhost port."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's browser with `apt-get install -y chromium`")
    pytest.importorskip("playwright.sync_api", reason="the dev extra installs playwright")
    port = _free_port()
    url = f"http://localhost:{port}"
    OUT.mkdir(parents=True, exist_ok=True)
    log_path = OUT / "streamlit-browser-test.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
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
    page.wait_for_timeout(200)


def assert_no_exception(page, where: str) -> None:
    exc = page.locator('[data-testid="stException"]')
    assert exc.count() == 0, f"{where}: the app shows an exception: {exc.first.inner_text()[:2000]}"


def shot(page, name: str) -> Path:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so the viewport
    is made as tall as that block for the picture, then set back to 1280x800."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    height = page.evaluate(
        """() => {
            const m = document.querySelector('[data-testid="stMain"]')
                || document.querySelector('section.main') || document.body;
            return m.scrollHeight;
        }"""
    )
    page.set_viewport_size({"width": 1280, "height": int(min(max(height, 800), 9000))})
    page.wait_for_timeout(800)  # let plotly re-lay out
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.wait_for_timeout(300)
    return path


def goto_page(page, title: str) -> None:
    """Open a page through the sidebar navigation, as a user would."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_idle(page)


def wait_charts(page, n: int, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}",
        timeout=timeout_ms,
    )


def test_dashboard_in_a_real_browser(server):
    from playwright.sync_api import sync_playwright

    url, log_path = server
    for old in SHOTS.glob("*.png") if SHOTS.exists() else []:
        old.unlink()
    timings: dict[str, float] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="nb-NO")
            page.set_default_timeout(60_000)

            # 1. the overview opens on the baseline, in bokmål
            t0 = time.perf_counter()
            page.goto(url)
            page.get_by_text("Boligflyt – dagens politikk").wait_for()
            page.locator('[data-testid="stMetric"]').nth(5).wait_for(timeout=RUN_TIMEOUT_MS)
            wait_charts(page, 1)
            wait_idle(page)
            timings["overview_first_open_s"] = time.perf_counter() - t0
            assert_no_exception(page, "overview")
            assert "95 % intervall" in page.inner_text("body")
            shot(page, "01_oversikt_nb")

            # 2. the scenario page: edit a lever (more large dwellings)
            goto_page(page, "Scenario")
            page.get_by_role("tab", name="Boligmasse").click()
            box = page.get_by_role("spinbutton", name="Stor (5+ personer)", exact=True)
            box.fill("40")
            box.press("Enter")
            wait_idle(page)
            assert_no_exception(page, "scenario")
            page.get_by_text("er gyldig").wait_for()
            shot(page, "02_scenario_nb")

            # 3. compare baseline and the edited scenario, 30 replications, timed
            goto_page(page, "Sammenlign")
            reps = page.get_by_role("spinbutton", name="Replikasjoner", exact=True)
            assert reps.input_value() == "30"
            # seed 2: neither scenario is cached from the overview (seed 1), so both run
            seed = page.get_by_role("spinbutton", name="Frø (seed)", exact=True)
            seed.fill("2")
            seed.press("Enter")
            wait_idle(page)
            t0 = time.perf_counter()
            page.get_by_role("button", name="Kjør sammenligning").click()
            page.locator('[data-testid="stTable"]').wait_for(timeout=RUN_TIMEOUT_MS)
            wait_charts(page, 8)
            wait_idle(page)
            timings["compare_2x30_click_to_charts_s"] = time.perf_counter() - t0
            assert_no_exception(page, "compare")
            body = page.inner_text("body")
            assert "frø 2 · 30 replikasjoner" in body
            shot(page, "03_sammenlign_nb")

            # 3b. a long run can be cancelled; the page stays usable
            reps.fill("300")
            reps.press("Enter")
            wait_idle(page)
            page.get_by_role("button", name="Kjør sammenligning").click()
            page.get_by_text("Simulerer:").wait_for()
            page.get_by_role("button", name="Avbryt").click()
            page.get_by_text("Kjøringen ble avbrutt").wait_for()
            wait_idle(page)
            assert_no_exception(page, "compare (cancelled)")
            reps.fill("30")
            reps.press("Enter")
            wait_idle(page)
            wait_charts(page, 8)

            # 4. switch language: the results stay (cached), the labels change
            page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
            page.get_by_text("Compare policies").wait_for()
            wait_charts(page, 8)
            wait_idle(page)
            assert_no_exception(page, "compare (en)")
            assert page.get_by_role("button", name="Results are up to date").is_disabled()
            body = page.inner_text("body")
            assert "seed 2 · 30 replications" in body
            assert "✎ baseline: difference" in body  # both scenarios still compared
            shot(page, "04_compare_en")

            # 5. every other page in English
            for title, name in [
                ("Overview", "05_overview_en"),
                ("Scenario", "06_scenario_en"),
                ("Start-loan budget", "07_start_loan_budget_en"),
                ("Stock to 2040", "08_stock_2040_en"),
                ("Tilvisning workshop", "09_tilvisning_en"),
            ]:
                goto_page(page, title)
                if title == "Scenario":
                    page.get_by_role("tab", name="Start loans").click()
                    page.get_by_text("Start-loan budget per year (NOK million)").wait_for()
                if title == "Overview":
                    wait_charts(page, 1)
                assert_no_exception(page, title)
                run_button = {
                    "Start-loan budget": "Run the budget sweep",
                    "Stock to 2040": "Find the plan",
                    "Tilvisning workshop": "Run the workshop scenario",
                }.get(title)
                if run_button:
                    page.get_by_role("button", name=run_button).wait_for()
                    wait_idle(page)
                shot(page, name)
        finally:
            browser.close()
    (OUT / "browser-timings.json").write_text(json.dumps(timings, indent=1))
    print(f"\nbrowser timings: {timings}")
    log = log_path.read_text(encoding="utf-8")
    assert "Traceback" not in log, log[-4000:]
    assert len(list(SHOTS.glob("*.png"))) == 9
