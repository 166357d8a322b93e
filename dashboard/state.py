"""Streamlit-side helpers: the language, the scenario files, the edited draft and cached runs.

Runs are cached by the scenario's content hash (:meth:`sim.Scenario.sha256`), the seed and
the number of replications, in one store shared by all sessions of the server: asking for
the same thing twice never reruns the model, whatever page or language asks.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

import sim
from dashboard import levers
from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, lang_or_default, t
from sim.backends import LocalBackend, default_workers

ROOT = Path(__file__).resolve().parent.parent
#: where scenario files are listed from and saved to (overridable for tests)
SCENARIOS_ENV = "BOLIGFLYT_SCENARIOS_DIR"
#: the scenario file (its name in the folder) the pages open on, e.g. a municipality's own
HOME_ENV = "BOLIGFLYT_SCENARIO"
BASELINE = "baseline"
DEFAULT_REPLICATIONS = 30
DEFAULT_SEED = 1
#: scenarios compared at once (a tilvisning workshop sends a reference, its terms and buying)
MAX_SCENARIOS = 6
#: what the upload box accepts (``server.maxUploadSize`` in .streamlit/config.toml); the
#: scenario loader's own, smaller limit reports a larger file in the reader's language
UPLOAD_LIMIT_MB = 20


def scenarios_dir() -> Path:
    """The folder of scenario files (``scenarios/`` or ``$BOLIGFLYT_SCENARIOS_DIR``)."""
    return Path(os.environ.get(SCENARIOS_ENV) or ROOT / "scenarios").resolve()


# ---------------------------------------------------------------- language
def lang() -> str:
    """The current language code (bokmål unless the user switched, or ``?lang=en``)."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = lang_or_default(st.query_params.get("lang", DEFAULT_LANGUAGE))
    return lang_or_default(st.session_state["lang"])


def _lang_changed() -> None:
    st.query_params["lang"] = st.session_state["lang"]


def language_switch() -> str:
    """The bokmål/English switch (in the sidebar, so it is on every page)."""
    current = lang()
    st.sidebar.radio(
        t("lang.label", current),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang",
        horizontal=True,
        on_change=_lang_changed,
    )
    return lang()


# ---------------------------------------------------------------- scenario files
def scenario_files() -> dict[str, Path]:
    """Scenario files by stem, the baseline first."""
    files = sorted(scenarios_dir().glob("*.yaml"))
    files.sort(key=lambda p: (p.stem != BASELINE, p.stem))
    return {p.stem: p for p in files}


@st.cache_data(show_spinner=False, max_entries=64)
def _load_file(path: str, mtime_ns: int) -> sim.Scenario:
    return sim.load_scenario(path)


def load_file(path: Path) -> sim.Scenario:
    """Load a scenario file (cached until the file changes); raises :class:`sim.ScenarioError`."""
    return _load_file(str(path), path.stat().st_mtime_ns)


def save_scenario(scenario: sim.Scenario, name: str) -> Path:
    """Save a scenario as ``scenarios/<sanitised name>.yaml``; never overwrites, never escapes.

    Raises
    ------
    ValueError
        With a message key (``save.err_*``) when the name is unusable or taken.
    """
    stem = levers.sanitise_name(name)
    if not stem:
        raise ValueError("save.err_name")
    folder = scenarios_dir()
    target = (folder / f"{stem}.yaml").resolve()
    if target.parent != folder:
        raise ValueError("save.err_name")
    data = scenario.model_dump(mode="json")
    data["name"] = stem
    text = sim.scenario_to_yaml(sim.scenario_from_dict(data))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as fh:  # "x": fail if it exists
            fh.write(text)
    except FileExistsError:
        raise ValueError("save.err_exists") from None
    _load_file.clear()
    return target


def home() -> str:
    """The session's home scenario (a file stem): the municipality the pages open on.

    Chosen on the overview; until then the file ``$BOLIGFLYT_SCENARIO`` names, else the
    baseline.
    """
    chosen = st.session_state.get("home")
    if chosen:
        return str(chosen)
    env = os.environ.get(HOME_ENV, "").strip()
    return Path(env).stem if env else BASELINE


def set_home(stem: str) -> None:
    """Make ``stem`` the home scenario; an unedited draft follows it to the new file."""
    st.session_state["home"] = stem
    d = st.session_state.get("draft")
    path = scenario_files().get(stem)
    if path is not None and (d is None or not d.edits):
        set_draft(path.name, load_file(path))


def current() -> tuple[sim.Scenario | None, list[sim.Problem], dict[str, Any]]:
    """The scenario the pages are about, without starting a draft: the draft if one is
    being edited, else the home file. Returns the scenario (None if it does not validate),
    its problems and its plain data (for a name even when invalid)."""
    d = st.session_state.get("draft")
    if d is not None:
        sc, problems = d.validate()
        return sc, problems, d.data()
    files = scenario_files()
    path = files.get(home()) or files.get(BASELINE) or next(iter(files.values()), None)
    if path is None:
        return None, [], {}
    try:
        sc = load_file(path)
    except sim.ScenarioError as exc:
        return None, list(exc.problems), {"name": path.stem}
    return sc, [], sc.model_dump(mode="json")


# ---------------------------------------------------------------- the edited draft
@dataclass
class Draft:
    """The scenario being edited: loaded data plus the user's edits (dotted path -> value)."""

    origin: str
    base: dict[str, Any]
    edits: dict[str, Any] = field(default_factory=dict)
    nonce: int = 0
    #: the name the draft goes by in tables and legends (empty: the scenario's own name)
    title: str = ""

    def data(self) -> dict[str, Any]:
        """The edited scenario data."""
        return levers.set_paths(self.base, self.edits)

    def validate(self) -> tuple[sim.Scenario | None, list[sim.Problem]]:
        """The validated scenario, or the problems :func:`sim.scenario_from_dict` reports."""
        try:
            return sim.scenario_from_dict(self.data(), file=self.origin), []
        except sim.ScenarioError as exc:
            return None, list(exc.problems)


def draft() -> Draft:
    """The session's draft (the baseline file until the user loads something else)."""
    d = st.session_state.get("draft")
    if d is None:
        files = scenario_files()
        path = files.get(home()) or files.get(BASELINE) or next(iter(files.values()), None)
        if path is None:
            raise FileNotFoundError(f"no scenario files in {scenarios_dir()}")
        d = Draft(origin=path.name, base=load_file(path).model_dump(mode="json"))
        st.session_state["draft"] = d
    return d


def set_draft(origin: str, scenario: sim.Scenario) -> None:
    """Start editing ``scenario``; widgets get new keys so they show the new values."""
    old = st.session_state.get("draft")
    nonce = (old.nonce + 1) if old is not None else 0
    st.session_state["draft"] = Draft(origin=origin, base=scenario.model_dump(mode="json"), nonce=nonce)


DRAFT_PREFIX = "✎ "


def draft_label(scenario: sim.Scenario, title: str = "") -> str:
    """How the draft is listed among the scenarios to compare: the name the user gave it
    (or the scenario's name) after a pencil.

    The same in every language, so switching language keeps it selected.
    """
    return f"{DRAFT_PREFIX}{title.strip() or scenario.name}"


#: session key of scenarios another page sent to Compare (label -> scenario)
SENT = "sent_scenarios"


def send_to_compare(scenarios: dict[str, sim.Scenario], reference: str) -> None:
    """Offer ``scenarios`` (by label) on the Compare page and select them there, ``reference``
    as the reference (at most :data:`MAX_SCENARIOS`, in the order given)."""
    sent = dict(st.session_state.get(SENT, {}))
    sent.update(scenarios)
    st.session_state[SENT] = sent
    chosen = list(scenarios)[:MAX_SCENARIOS]
    st.session_state["keep_cmp_sel"] = chosen
    st.session_state["keep_cmp_ref"] = reference
    for key in ("cmp_sel", "cmp_ref"):
        st.session_state.pop(key, None)


def available_scenarios() -> tuple[dict[str, sim.Scenario], dict[str, list[sim.Problem]]]:
    """Scenarios to compare by display name (files, then the valid draft, then scenarios
    sent from another page) and each invalid file's problems."""
    out: dict[str, sim.Scenario] = {}
    errors: dict[str, list[sim.Problem]] = {}
    for stem, path in scenario_files().items():
        try:
            out[stem] = load_file(path)
        except sim.ScenarioError as exc:
            errors[stem] = exc.problems
    d = st.session_state.get("draft")
    if d is not None:
        sc, _ = d.validate()
        if sc is not None:
            out[draft_label(sc, d.title)] = sc
    out.update(st.session_state.get(SENT, {}))
    return out, errors


# ---------------------------------------------------------------- cached runs
RunKey = tuple[str, int, int]


class RunStore:
    """A small thread-safe LRU of :class:`sim.RunResult` by (scenario hash, seed, replications)."""

    def __init__(self, max_items: int = 48):
        self.max_items = max_items
        self._items: OrderedDict[RunKey, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: RunKey) -> Any | None:
        """The cached result, or None."""
        with self._lock:
            res = self._items.get(key)
            if res is not None:
                self._items.move_to_end(key)
            return res

    def put(self, key: RunKey, result: Any) -> None:
        """Cache a result (the least recently used goes when full)."""
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._items.clear()


@st.cache_resource
def run_store() -> RunStore:
    """The server-wide run cache."""
    return RunStore()


@st.cache_resource
def worker_pool() -> LocalBackend:
    """The server-wide process pool every page runs its replications on, one process per core.

    Started once with the server and kept warm (its processes have imported the model and
    keep the scenarios they have read), shared by all sessions, shut down when the server
    exits.
    """
    import atexit

    # the platform's start method: a fork server re-imports the server's main script (the
    # streamlit command) in every worker, which kept the real server from starting
    backend = LocalBackend(default_workers())
    atexit.register(backend.close)
    if backend.workers > 1:
        # The pool's processes are forked by the thread that starts them, and on Linux they
        # get SIGTERM when *that thread* ends (PR_SET_PDEATHSIG, sim.backends.die_with_parent).
        # A page's script thread ends after every run, so a pool it started broke at the next
        # click ("a child process terminated abruptly"): start them from a thread that lives
        # as long as the server.
        started = threading.Event()

        def own_the_pool() -> None:
            pool = backend.pool()
            for f in [pool.submit(_warm_up) for _ in range(backend.workers)]:
                f.result()  # start every process now, not on the first click
            started.set()
            threading.Event().wait()

        threading.Thread(target=own_the_pool, name="boligflyt-pool-owner", daemon=True).start()
        started.wait(timeout=120)
    return backend


def _warm_up() -> int:
    """Run in a new pool process so that it is started before the first click."""
    return os.getpid()


def run_key(scenario: sim.Scenario, seed: int, replications: int) -> RunKey:
    """Cache key: what the result depends on."""
    return (scenario.sha256(), int(seed), int(replications))


def cached_results(scenarios: Sequence[sim.Scenario], seed: int, replications: int) -> list[Any | None]:
    """Cached results for each scenario (None where it has not run yet)."""
    store = run_store()
    return [store.get(run_key(sc, seed, replications)) for sc in scenarios]


def run_scenarios(
    scenarios: Sequence[sim.Scenario],
    seed: int,
    replications: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Any]:
    """Results for every scenario, running only the ones not cached (with common seeds).

    Runs go through :func:`sim.compare`, so every scenario sees the same seeds and
    replication numbers (common random numbers); cached results were made the same way,
    so mixing them keeps the paired comparison exact.
    """
    store = run_store()
    todo: list[sim.Scenario] = []
    for sc in scenarios:
        key = run_key(sc, seed, replications)
        if store.get(key) is None and all(run_key(o, seed, replications) != key for o in todo):
            todo.append(sc)
    # One scenario at a time, so a cancelled run keeps the scenarios already finished;
    # each gets the same seed and replication numbers, so pairing across runs is exact.
    total = len(todo) * replications
    for i, sc in enumerate(todo):

        def step(done: int, _n: int, offset: int = i * replications) -> None:
            if progress is not None:
                progress(offset + done, total)

        comparison = sim.compare(
            [sc], replications=replications, seed=seed, progress=step, backend=worker_pool()
        )
        store.put(run_key(sc, seed, replications), comparison.results[0])
    out = [store.get(run_key(sc, seed, replications)) for sc in scenarios]
    if any(r is None for r in out):  # evicted meanwhile by other sessions: run again
        return run_scenarios(scenarios, seed, replications, progress)
    return out


def mark_cancelled() -> None:
    """The cancel button's callback: the next page run reports the cancel."""
    st.session_state["run_cancelled"] = True


def was_cancelled() -> bool:
    """Whether the last run was cancelled with the cancel button (asked once)."""
    return bool(st.session_state.pop("run_cancelled", False))
