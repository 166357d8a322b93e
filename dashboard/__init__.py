"""Boligflyt's Streamlit dashboard: UI only, on top of ``sim``'s public API.

Run it with ``make run`` (``streamlit run dashboard/app.py``). Modules:

- :mod:`dashboard.i18n` -- texts per language (bokmål default, English) and number formats;
- :mod:`dashboard.levers` -- the scenario levers shown on the Scenario page, as data;
- :mod:`dashboard.charts` -- pure plotly figure builders over result DataFrames;
- :mod:`dashboard.export` -- CSV, Excel and HTML exports of a comparison;
- :mod:`dashboard.state` -- Streamlit session helpers: language, scenarios, cached runs;
- ``dashboard/views/`` -- one script per page.
"""
