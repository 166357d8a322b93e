"""Boligflyt dashboard: the entry point of ``make run``.

``streamlit run dashboard/app.py`` opens the overview of the baseline scenario. This file
only sets up the page, the navigation and the language switch (in the sidebar, so they
are on every page); each page is a script in ``dashboard/views/``.

The navigation is drawn here (links in the sidebar) rather than by Streamlit, so that
``/overview`` can be a second address of the overview (Streamlit serves its first page
only at ``/``, and a link to ``/overview`` would say "Page not found"). The page icon is
shipped in the package, so the app needs no internet.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts this file's folder on sys.path; the pages import ``dashboard.*``.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import streamlit as st  # noqa: E402

from dashboard import municipality, state, ui  # noqa: E402
from dashboard.i18n import t  # noqa: E402

VIEWS = Path(__file__).resolve().parent / "views"
ICON = Path(__file__).resolve().parent / "icon.png"

#: (file, url path, title key, icon); the first is the default page, served at ``/``
PAGES: tuple[tuple[str, str, str, str], ...] = (
    ("overview.py", "home", "nav.overview", ":material/home:"),
    ("scenario.py", "scenario", "nav.scenario", ":material/tune:"),
    ("compare.py", "compare", "nav.compare", ":material/compare_arrows:"),
    ("budget.py", "start-loan-budget", "nav.budget", ":material/savings:"),
    ("stock.py", "stock-2040", "nav.stock", ":material/apartment:"),
    ("tilvisning.py", "tilvisning", "nav.tilvisning", ":material/handshake:"),
    ("calibration.py", "calibration", "nav.calibration", ":material/fact_check:"),
)
#: more addresses of a page, for links people type or share
ALIASES: tuple[tuple[str, str], ...] = (("overview.py", "overview"),)


def main() -> None:
    """Set up the page and run the selected view."""
    st.set_page_config(page_title="Boligflyt", page_icon=str(ICON), layout="wide")
    state.worker_pool()  # started with the server, not on the first click of a run button
    lang = state.lang()
    pages = [
        st.Page(str(VIEWS / file), title=t(title, lang), icon=icon, url_path=url, default=(i == 0))
        for i, (file, url, title, icon) in enumerate(PAGES)
    ]
    titles = {file: t(title, lang) for file, _url, title, _icon in PAGES}
    aliases = [st.Page(str(VIEWS / file), title=titles[file], url_path=url) for file, url in ALIASES]
    nav = st.navigation([*pages, *aliases], position="hidden")
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        for page, (_file, _url, title, icon) in zip(pages, PAGES, strict=True):
            st.page_link(page, label=t(title, lang), icon=icon)
        st.divider()
        state.language_switch()
        note = st.empty()
    # the municipality the pages are about; drawn again after the page, which may have
    # opened another one (a page that stops early keeps the note drawn before it)
    note.caption(municipality.sidebar_note(state.current()[2], state.lang()))
    ui.page_setup(lang)
    nav.run()
    note.caption(municipality.sidebar_note(state.current()[2], state.lang()))


# Streamlit runs this file as __main__. A process started with "spawn" (the reproducibility
# check's) re-imports the parent's main script as __mp_main__: it must not start the dashboard,
# and its worker pool, again (its exit then waited for that pool for ever).
if __name__ == "__main__":
    main()
