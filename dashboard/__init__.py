"""Boligflyt's Streamlit dashboard: UI only, on top of ``sim``'s public API.

Run it with ``make run`` (``streamlit run dashboard/app.py``). Modules:

- :mod:`dashboard.i18n` -- texts per language (bokmål default, English), number formats
  and reading typed numbers, and the sources of scenario defaults in words;
- :mod:`dashboard.metrics` -- every metric's name, unit, period, better direction and role
  among the costs (the one registry pages, tables, charts and exports read);
- :mod:`dashboard.levers` -- the scenario levers shown on the Scenario page, as data;
- :mod:`dashboard.charts` -- pure plotly figure builders over result DataFrames;
- :mod:`dashboard.tables` -- KPI tables with paired differences marked better or worse;
- :mod:`dashboard.export` -- CSV, Excel and HTML exports for people (Norwegian Excel in bokmål);
- :mod:`dashboard.analyses` -- the analysis pages' cached calls into ``sim.analysis``;
- :mod:`dashboard.ui` -- Streamlit building blocks (cards, number fields, run buttons);
- :mod:`dashboard.state` -- Streamlit session helpers: language, scenarios, cached runs;
- ``dashboard/views/`` -- one script per page.
"""
