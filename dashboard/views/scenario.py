"""Scenario: open a scenario file or an upload, edit its levers, validate, download, save.

Validation is ``sim``'s own (:func:`sim.scenario_from_dict`); its problems are shown next
to the field they name, never as a traceback. Widgets carry no limits of their own, so
there is one set of rules: the schema's.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import streamlit as st

import sim
from dashboard import levers, state, ui
from dashboard.i18n import fmt_number, fmt_value, has, md, t
from dashboard.i18n.sources import source_text
from dashboard.problems import problem_line, translate

lang = state.lang()
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def item_label(kind: str, name: str) -> str:
    """A group or dwelling-type name on screen (translated when we know it)."""
    key = f"{kind}.{name}"
    return t(key, lang) if has(key, lang) else name.replace("_", " ")


def lever_text(path: str) -> str:
    """Help text: bokmål from the texts, English from the schema's description."""
    key = f"leverhelp.{path}"
    return t(key, "nb") if lang == "nb" and has(key, "nb") else levers.description(path)


def lever_source(path: str) -> str:
    """``Kilde: ...`` from the schema, the report cited by name (empty when none is named)."""
    src = source_text(levers.source(path), lang)
    return f"{t('lever.source', lang)}: {src}" if src else ""


def decimals(lever: levers.Lever) -> int:
    """Decimals shown by a number widget, from the lever's step."""
    if lever.kind == "int" or (lever.step or 0) >= 1000:
        return 0  # counts and kroner
    step = lever.step or 0.01
    d = max(0, math.ceil(-math.log10(step) - 1e-9))
    return max(d, 2 if lever.kind == "share" else 1)


def on_edit(path: str, kind: levers.Kind, key: str, scale: float = 1.0) -> None:
    """Record a widget change in the draft."""
    state.draft().edits[path] = levers.from_widget(st.session_state[key], kind, scale)


def widget(lever: levers.Lever, path: str, label: str, value: Any, key: str, help_text: str | None) -> None:
    """The widget for one concrete lever path.

    Whole numbers get a number box; decimals and shares a box that reads and writes them
    the reader's way (``0,8``; shares in per cent), see :func:`dashboard.ui.number_field`.
    """
    kw: dict[str, Any] = {
        "key": key,
        "help": help_text,
        "on_change": on_edit,
        "args": (path, lever.kind, key, lever.scale),
    }
    if not levers.editable(value, lever.kind):
        st.markdown(f"**{label}**", help=help_text)
        st.caption(t("lever.schedule", lang))
        st.code(str(value), language=None, wrap_lines=True)
        return
    v = levers.to_widget(value, lever.kind, lever.scale)
    if lever.kind == "int":
        st.number_input(label, value=v, step=1, format="%d", **kw)
    elif lever.kind in ("float", "share"):

        def store(x: float) -> None:
            state.draft().edits[path] = levers.from_widget(x, lever.kind, lever.scale)

        ui.number_field(
            label,
            key,
            float(v) if v is not None else 0.0,
            lang,
            decimals=decimals(lever) if lever.kind != "share" else 1,
            percent=lever.kind == "share",
            help=help_text,
            on_value=store,
        )
    elif lever.kind == "bool":
        st.toggle(label, value=bool(v), **kw)
    elif lever.kind == "choice":
        options = levers.choices(path)
        st.selectbox(
            label,
            options,
            index=options.index(v) if v in options else None,
            format_func=lambda o: t(f"choice.{o}", lang) if has(f"choice.{o}", lang) else str(o),
            **kw,
        )
    elif lever.kind == "date":
        st.date_input(label, value=v, min_value=DATE_MIN, max_value=DATE_MAX, format="DD.MM.YYYY", **kw)
    elif lever.kind == "textarea":
        st.text_area(label, value=v, height=80, **kw)
    else:
        st.text_input(label, value=v, **kw)


def inline_targets(problem: sim.Problem, shown: set[str]) -> list[str]:
    """Which shown fields a problem belongs next to.

    A field's own problem has its path; a check across fields (``end_date`` before
    ``start_date``) names the model and mentions the fields in its message.
    """
    if problem.path in shown:
        return [problem.path]
    prefix = f"{problem.path}." if problem.path else ""
    return [p for p in sorted(shown) if p.startswith(prefix) and p.rsplit(".", 1)[-1] in problem.message]


def shown_value(value: Any, lever: levers.Lever | None) -> str:
    """A rejected value the way its field shows it (millions, per cent, decimal comma)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or lever is None:
        return repr(value) if isinstance(value, str) else str(value)
    if lever.kind == "share":
        return fmt_number(100 * value, lang, 1) + " %"
    if lever.scale != 1.0:  # kroner shown in millions
        return fmt_value(value, "nok", lang)
    return fmt_number(value, lang, 0 if float(value).is_integer() else 3)


def show_problems(problems: list[sim.Problem], lever: levers.Lever | None = None) -> None:
    """Problems next to a field, in plain words, the value as the field shows it."""
    for p in problems:
        got = f" ({t('problem.got', lang)} {shown_value(p.value, lever)})" if p.has_value else ""
        st.error(translate(p.message, lang) + got, icon=":material/error:")


def handle_upload(uploaded: Any) -> bool:
    """Load a new uploaded YAML file into the editor, or keep its problems to show them.

    Returns whether the upload replaced the scenario being edited.
    """
    if uploaded is None:
        st.session_state.pop("upload_problems", None)
        st.session_state.pop("upload_seen", None)
        return False
    if st.session_state.get("upload_seen") == uploaded.file_id:
        return False
    st.session_state["upload_seen"] = uploaded.file_id
    raw = uploaded.getvalue()
    if len(raw) > sim.loader.MAX_FILE_BYTES:
        st.session_state["upload_problems"] = [f"{uploaded.name}: {t('upload.too_large', lang)}"]
        return False
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        st.session_state["upload_problems"] = [f"{uploaded.name}: {t('upload.not_utf8', lang)}"]
        return False
    try:
        sc = sim.load_scenario_text(text, file=uploaded.name, base_dir=state.scenarios_dir())
    except sim.ScenarioError as exc:
        st.session_state["upload_problems"] = exc.problems  # worded when shown, in the language then
        return False
    st.session_state.pop("upload_problems", None)
    state.set_draft(uploaded.name, sc)
    st.session_state["flash"] = t("upload.loaded", lang, name=uploaded.name)
    return True


def open_file() -> None:
    """Open the file chosen in the selector (discarding unsaved edits)."""
    stem = st.session_state.get("scn_file")
    path = state.scenario_files().get(stem) if stem else None
    if path is None:
        return
    try:
        state.set_draft(path.name, state.load_file(path))
        st.session_state.pop("file_problems", None)
    except sim.ScenarioError as exc:
        st.session_state["file_problems"] = exc.problems


def reset_edits() -> None:
    """Forget the edits (new widget keys show the loaded values again)."""
    d = state.draft()
    d.edits.clear()
    d.nonce += 1


def set_title(key: str) -> None:
    """Name the draft for tables and legends (no file is saved)."""
    state.draft().title = str(st.session_state[key]).strip()[:60]


def agreements_tab(data: dict[str, Any]) -> None:
    """The scenario's tilvisning agreements, read only, and the way to the workshop page."""
    ags = data.get("tilvisning_agreements") or []
    if ags:
        st.table(
            [
                {
                    t("tilv.name", lang): a.get("name", ""),
                    t("tilv.units", lang): fmt_number(a.get("units"), lang, 0),
                    t("tilv.share", lang): fmt_number(100 * float(a.get("municipal_share", 0)), lang, 0),
                    t("tilv.start", lang): str(a.get("first_occupancy", ""))[:4],
                    t("tilv.duration", lang): fmt_number(a.get("duration_years"), lang, 0),
                }
                for a in ags
            ]
        )
    else:
        st.info(t("levergroup.tilvisning.none", lang), icon=":material/info:")
    st.page_link(
        "views/tilvisning.py", label=t("levergroup.tilvisning.to_workshop", lang), icon=":material/handshake:"
    )


# ---------------------------------------------------------------- page
st.title(t("scenario.title", lang))
st.markdown(md("scenario", lang))
with st.expander(t("scenario.sources_title", lang), icon=":material/menu_book:"):
    st.markdown(md("sources", lang))

state.draft()
# Read the upload before the widgets are drawn, so the file selector can be cleared when
# an upload replaces the scenario being edited.
if handle_upload(st.session_state.get("scn_upload")):
    st.session_state.pop("scn_file", None)
draft = state.draft()
files = state.scenario_files()
src_col, up_col = st.columns(2)
with src_col:
    stems = list(files)
    origin_stem = draft.origin[:-5] if draft.origin.endswith(".yaml") else None
    st.selectbox(
        t("scenario.pick_file", lang),
        stems,
        index=stems.index(origin_stem) if origin_stem in stems else None,
        key="scn_file",
        on_change=open_file,
        help=t("scenario.pick_file_help", lang),
        placeholder=t("scenario.pick_placeholder", lang),
    )
    for problem in st.session_state.get("file_problems", []):
        st.error(problem_line(problem, lang), icon=":material/error:")
with up_col:
    st.file_uploader(
        t("scenario.upload", lang),
        type=["yaml", "yml"],
        key="scn_upload",
        help=t("scenario.upload_help", lang),
    )
    upload_problems = st.session_state.get("upload_problems")
    if upload_problems:
        st.error(t("upload.invalid", lang, n=len(upload_problems)), icon=":material/error:")
        lines = [p if isinstance(p, str) else problem_line(p, lang) for p in upload_problems]
        st.code("\n".join(lines), language=None, wrap_lines=True)

draft = state.draft()
if flash := st.session_state.pop("flash", None):
    st.success(flash, icon=":material/check_circle:")

data = draft.data()
scenario, problems = draft.validate()
shown = levers.shown_paths(data)
inline: dict[str, list[sim.Problem]] = {}
loose: list[sim.Problem] = []
for problem in problems:
    targets = inline_targets(problem, shown)
    for target in targets:
        inline.setdefault(target, []).append(problem)
    if not targets:
        loose.append(problem)

info_col, title_col, reset_col = st.columns([3, 2, 1], vertical_alignment="bottom")
with info_col:
    st.markdown(t("scenario.editing", lang, origin=draft.origin, n=len(draft.edits)))
with title_col:
    st.text_input(
        t("scenario.title_label", lang),
        value=draft.title,
        key=f"scn_title{draft.nonce}",
        on_change=set_title,
        args=(f"scn_title{draft.nonce}",),
        help=t("scenario.title_help", lang),
        placeholder=draft.origin.removesuffix(".yaml"),
    )
with reset_col:
    st.button(t("scenario.reset", lang), on_click=reset_edits, disabled=not draft.edits, key="scn_reset")

if scenario is not None:
    st.success(
        t("scenario.valid", lang, name=state.draft_label(scenario, draft.title)),
        icon=":material/check_circle:",
    )
else:
    st.error(t("scenario.invalid", lang, n=len(problems)), icon=":material/error:")
    if loose:
        st.code("\n".join(problem_line(p, lang) for p in loose), language=None, wrap_lines=True)

groups = list(levers.LEVER_GROUPS)
tabs = st.tabs([t(f"levergroup.{g.id}", lang) for g in groups])
for tab, group in zip(tabs, groups, strict=True):
    with tab:
        st.caption(t(f"levergroup.{group.id}.intro", lang))
        if group.id == "tilvisning":
            agreements_tab(data)
            continue
        for lever in levers.levers_in(group):
            pairs = levers.expand(lever, data)
            if not pairs:
                continue
            label = t(f"lever.{lever.path}", lang)
            if lever.fans_out:
                st.markdown(f"**{label}**")
                st.caption(" · ".join(x for x in (lever_text(lever.path), lever_source(lever.path)) if x))
                cols = st.columns(4)
                kind = "group" if "{group}" in lever.path else "dwelling"
                for i, (path, item) in enumerate(pairs):
                    with cols[i % 4]:
                        widget(
                            lever,
                            path,
                            item_label(kind, item or ""),
                            levers.get_path(data, levers.split(path)),
                            f"lv{draft.nonce}|{path}",
                            None,
                        )
                        show_problems(inline.get(path, []), lever)
            else:
                path = pairs[0][0]
                widget(
                    lever,
                    path,
                    label,
                    levers.get_path(data, levers.split(path)),
                    f"lv{draft.nonce}|{path}",
                    lever_text(lever.path),
                )
                show_problems(inline.get(path, []), lever)
                if source_line := lever_source(lever.path):
                    st.caption(source_line)

st.divider()
st.subheader(t("scenario.export", lang))
dl_col, save_col = st.columns(2)
with dl_col:
    yaml_text = sim.scenario_to_yaml(scenario) if scenario is not None else ""
    st.download_button(
        t("scenario.download", lang),
        data=yaml_text,
        file_name=f"{levers.sanitise_name(scenario.name) or 'scenario'}.yaml"
        if scenario
        else "scenario.yaml",
        mime="application/x-yaml",
        disabled=scenario is None,
        key="scn_download",
        icon=":material/download:",
        help=t("scenario.download_help", lang),
    )
    st.page_link("views/compare.py", label=t("scenario.to_compare", lang), icon=":material/compare_arrows:")
with save_col:
    name = st.text_input(
        t("scenario.save_name", lang), key="scn_save_name", help=t("scenario.save_help", lang)
    )
    clicked = st.button(
        t("scenario.save", lang), disabled=scenario is None, key="scn_save", icon=":material/save:"
    )
    if clicked and scenario is not None:
        try:
            saved = state.save_scenario(scenario, name)
            st.success(t("save.ok", lang, file=saved.name), icon=":material/check_circle:")
        except ValueError as exc:
            st.error(t(str(exc), lang, name=levers.sanitise_name(name)), icon=":material/error:")
        except OSError as exc:
            st.error(t("save.err_io", lang, error=exc.strerror or str(exc)), icon=":material/error:")
