"""Any Norwegian municipality from its own numbers (issue 17).

The calibration targets live in the scenario file, ``boligflyt init`` writes a scenario
for a new municipality from its key figures, ``calibrate`` fits a file that extends
another and keeps its comments, and no figure of Rælingen's is left in the code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import sim
from sim import calibration as cal
from sim import municipality as mun
from sim.cli import main
from sim.loader import ScenarioError, read_yaml_file

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
TEMPLATES = SCENARIOS / "templates"
EXAMPLES = {"example_rural": "smabygd", "example_city": "storby"}

#: the report's figures about Rælingen (FACTS.md): population 1986-2040, dwellings,
#: municipal dwellings (about 209-210), households 2011, the start-loan budget
RAELINGEN_FIGURES = re.compile(
    r"(?<![\d.])(13510|14019|14857|17426|18644|21059|23034|7027|7083|16017|209|210|26000000|26e6|2\.6e7)(?![\d])"
)


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _tiny_figures(tmp_path: Path, **extra: str) -> Path:
    """A small municipality's key figures (2,000 inhabitants) as a YAML file."""
    lines = [
        "municipality: Lillevik",
        "population: {2016: 2000, 2020: 2040}",
        "municipal_dwellings: {value: 40, with_services: 12, source: 'test: KOSTRA-like'}",
        "start_loans_per_1000: {value: 1.5, source: 'test'}",
        "guarantees_per_1000: 1.0",
        "homeless: {value: 2, source: 'test: NAV'}",
        "hospits_nights: 200",
        "hospits_users: 3",
        "waiting_list: 4",
        *(f"{k}: {v}" for k, v in extra.items()),
    ]
    path = tmp_path / "lillevik_figures.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _init(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Path:
    """Run ``init`` into ``tmp_path/scenarios`` next to a copy of the templates."""
    shutil.copytree(TEMPLATES, tmp_path / "scenarios" / "templates", dirs_exist_ok=True)
    out = tmp_path / "scenarios" / "lillevik.yaml"
    code, stdout, err = cli(["init", *args, "--out", str(out)], capsys)
    assert code == 0, err
    assert f"wrote {out}" in stdout
    return out


# ---------------------------------------------------------------- no Rælingen in the code
def test_no_raelingen_figure_is_left_in_the_code() -> None:
    """The report's figures about Rælingen live in scenarios/, not in sim/ (issue 17)."""
    found = []
    for path in sorted((ROOT / "sim").rglob("*.py")):
        text = re.sub(r"(?<=\d)_(?=\d)", "", path.read_text(encoding="utf-8"))  # 26_000_000
        for n, line in enumerate(text.splitlines(), 1):
            if RAELINGEN_FIGURES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "Rælingen's figures in the code:\n" + "\n".join(found)


def test_the_grep_would_find_the_old_defaults() -> None:
    """The pattern catches how the figures were written before (so the test above can fail)."""
    for old in ("{2016: 17426, 2020: 18644}", "26_000_000.0", "budget: 26e6", "about 210 dwellings"):
        assert RAELINGEN_FIGURES.search(re.sub(r"(?<=\d)_(?=\d)", "", old)), old
    for fine in ("2100", "1210", "0.209", "x210y1"):
        assert not RAELINGEN_FIGURES.search(fine) or fine == "x210y1", fine


def test_every_scenario_file_states_what_the_old_defaults_gave(baseline) -> None:
    """Defaults that were Rælingen's are now generic; the baseline states the old values."""
    assert baseline.population.by_year[2016] == 17426
    assert baseline.start_loans.budget_nok_per_year == 26_000_000
    assert baseline.start_loans.settlement_grant_budget_nok_per_year == 1_000_000
    assert baseline.private_rental.guarantees_per_year == 50
    assert baseline.private_rental.broker_placements_per_year == 12
    assert baseline.follow_up.staff == 1.0
    bare = sim.scenario_from_dict(
        {"name": "bare", "groups": {"a": {}}, "dwelling_types": {"d": {"size_class": "small", "count": 1}}}
    )
    assert bare.population.by_year == {2016: 10_000}
    assert bare.start_loans.budget_nok_per_year == 0
    assert bare.private_rental.guarantees_per_year == 0 and bare.follow_up.staff == 0


# ---------------------------------------------------------------- the calibration section
def test_starting_state_per_1000_equals_the_same_count(baseline_data) -> None:
    """``per_1000`` is the count it rounds to at the start date: identical results."""
    from tests import fingerprints as fp
    from tests.helpers import variant

    pop = baseline_data["population"]["by_year"][2016]
    by_count = variant(baseline_data, end_date="2017-12-31")
    per = {
        g: {"per_1000": v["count"] * 1000 / pop, "max_days_already_waited": v["max_days_already_waited"]}
        for g, v in baseline_data["initial_state"]["waiting_list"].items()
    }
    by_rate = variant(baseline_data, end_date="2017-12-31", initial_state__waiting_list=per)
    assert [by_rate.initial_count(s) for s in by_rate.initial_state.waiting_list.values()] == [
        s.count for s in by_count.initial_state.waiting_list.values()
    ]
    assert fp.fingerprint(by_rate, replications=1) == fp.fingerprint(by_count, replications=1)


def test_calibration_section_changes_no_result(baseline_data) -> None:
    """Targets are about the scenario, not in it: dropping them changes nothing simulated."""
    from tests import fingerprints as fp
    from tests.helpers import variant

    with_targets = variant(baseline_data, end_date="2016-12-31")
    without = variant(baseline_data, end_date="2016-12-31", calibration={})
    assert with_targets.model_sha256() == without.model_sha256()
    assert fp.fingerprint(with_targets, replications=1) == fp.fingerprint(without, replications=1)


def test_calibrate_refuses_a_file_without_targets(tmp_path, capsys) -> None:
    f = tmp_path / "child.yaml"
    f.write_text(f"extends: {SCENARIOS / 'scaled_10x.yaml'}\nname: no_targets\n", encoding="utf-8")
    code, _, err = cli(["calibrate", str(f), "--reps", "1", "--max-evaluations", "1"], capsys)
    assert code == 2
    assert f"{f}:0: calibration.targets: the scenario has no targets" in err


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--reps=0", "--reps: must be at least 1"),
        ("--max-evaluations=0", "--max-evaluations: must be at least 1"),
    ],
)
def test_calibrate_refuses_bad_options(option, message, capsys) -> None:
    code, _, err = cli(["calibrate", str(SCENARIOS / "baseline.yaml"), option], capsys)
    assert code == 2 and message in err


def _child_of_baseline(tmp_path: Path) -> Path:
    """A file extending the baseline with its own small calibration (one year, two targets)."""
    base = tmp_path / "baseline.yaml"
    shutil.copy(SCENARIOS / "baseline.yaml", base)
    child = tmp_path / "bigger.yaml"
    child.write_text(
        "# A larger copy of the baseline (issue 17's example of a file that extends another).\n"
        "extends: baseline.yaml   # the parent must not change\n"
        "name: bigger\n"
        "population:\n"
        "  by_year: {2016: 40000}   # a test figure\n"
        "calibration:\n"
        "  free:\n"
        "    - {path: groups.acute_homeless.arrival_rate_per_1000_per_year, low: 0.05, high: 5, start: 0.4}\n"
        "  targets:   # invented, for the test\n"
        "    - {metric: homeless_mean, year: 2016, value: 15, tolerance: 5, source: test}\n"
        "    - {metric: dwellings_per_1000, year: 2016, value: 5.2, tolerance: 1, source: test}\n",
        encoding="utf-8",
    )
    return child


def test_calibrate_fits_a_file_that_extends_another(tmp_path, capsys) -> None:
    """calibrate reads the resolved file (it failed on extends:), writes the fit into the child
    only, with a comment, keeps the child's comments and leaves the parent untouched."""
    child = _child_of_baseline(tmp_path)
    parent_before = (tmp_path / "baseline.yaml").read_bytes()
    code, out, err = cli(
        ["calibrate", str(child), "--reps", "2", "--max-evaluations", "4", "--write"], capsys
    )
    assert code in (0, 1), err  # 1: a target missed, which 4 evaluations may well do
    assert "fitted in" in out and "| `homeless_mean` | 2016 |" in out
    assert (tmp_path / "baseline.yaml").read_bytes() == parent_before
    text = child.read_text(encoding="utf-8")
    assert "# A larger copy of the baseline" in text and "# the parent must not change" in text
    assert "# invented, for the test" in text
    assert "calibrated: boligflyt calibrate --reps 2 --seed 1 (assumption before: 0.4)" in text
    data, _ = read_yaml_file(child)
    fitted = data["groups"]["acute_homeless"]["arrival_rate_per_1000_per_year"]
    assert set(data["groups"]) == {"acute_homeless"}  # only the fitted value, the rest inherited
    sc = sim.load_scenario(child)
    assert sc.groups["acute_homeless"].arrival_rate_per_1000_per_year == fitted
    assert sc.groups["acute_homeless"].household_persons.values == [1, 2]  # inherited
    last = sc.calibration.last_fit
    assert last is not None and last.evaluations == 4 and last.replications == 2
    assert [(r.metric, r.year) for r in last.results] == [
        ("homeless_mean", 2016),
        ("dwellings_per_1000", 2016),
    ]
    assert last.scenario_sha256 == sc.model_sha256()  # the table describes the file as written


def test_write_back_copies_an_inherited_distribution_whole(tmp_path, baseline) -> None:
    """A distribution replaces the parent's whole, so a fitted number inside one brings the
    rest of the distribution with it (else the child would lose `dist:`)."""
    child = tmp_path / "child.yaml"
    child.write_text(f"extends: {SCENARIOS / 'baseline.yaml'}\nname: child\n", encoding="utf-8")
    resolved = baseline.model_dump(mode="json")
    cal.write_back(child, {"tenancy.vacancy_turnaround.mean_days": 45.0}, "test", resolved=resolved)
    sc = sim.load_scenario(child)
    assert sc.tenancy.vacancy_turnaround.dist == "exponential"
    assert sc.tenancy.vacancy_turnaround.mean_days == 45.0
    assert sc.tenancy.lease == baseline.tenancy.lease


def test_write_back_keeps_blank_lines_after_a_replaced_comment(tmp_path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text("a:\n  b: 1.0   # old\n\n  c: 2.0\n\nd: 3\n", encoding="utf-8")
    cal.write_back(f, {"a.b": 1.5}, "note")
    assert f.read_text(encoding="utf-8") == "a:\n  b: 1.5   # calibrated: note\n\n  c: 2.0\n\nd: 3\n"


def test_write_back_into_a_flow_mapping_makes_it_a_block(tmp_path) -> None:
    """A fitted value inside {a: 1, b: 2} gets its comment on its own line, still valid YAML."""
    f = tmp_path / "s.yaml"
    f.write_text("a:\n  h: {x: 0.4, y: 4.0}  # flow\nb: 1\n", encoding="utf-8")
    cal.write_back(f, {"a.h.x": 0.5}, "note")
    assert f.read_text(encoding="utf-8").splitlines()[2:4] == ["    x: 0.5  # calibrated: note", "    y: 4.0"]
    data, _ = read_yaml_file(f)
    assert data == {"a": {"h": {"x": 0.5, "y": 4.0}}, "b": 1}


# ---------------------------------------------------------------- init
def test_init_writes_a_valid_scenario_from_command_line_figures(tmp_path, capsys) -> None:
    out = _init(
        tmp_path,
        capsys,
        "Lillevik",
        "--population-2016",
        "2000",
        "--population",
        "2020=2040,2040=2200",
        "--dwellings",
        "40",
        "--homeless",
        "3",
        "--start-loans-per-1000",
        "1.5",
    )
    sc = sim.load_scenario(out)
    assert sc.municipality == "Lillevik" and sc.name == "lillevik"
    assert sc.population.by_year == {2016: 2000, 2020: 2040, 2040: 2200}
    assert sc.total_dwellings() == 40
    homeless = sum(s.count for s in sc.initial_state.homeless_other.values()) + sum(
        s.count for s in sc.initial_state.temporary_accommodation.values()
    )
    assert homeless == 3
    # figures not given: the starting waiting list per 1000, no target, no free parameter for them
    assert all(s.per_1000 is not None for s in sc.initial_state.waiting_list.values())
    metrics = {t.metric for t in sc.calibration.targets}
    assert metrics == {"dwellings_per_1000", "start_loans_per_1000", "homeless_mean"}
    free = {p.path.rsplit(".", 1)[1] for p in sc.calibration.free}
    assert free == {
        "arrival_rate_per_1000_per_year",
        "own_solution_rate_per_year",
        "direct_applicants_per_1000_per_year",
    }
    homeless_target = next(t for t in sc.calibration.targets if t.metric == "homeless_mean")
    assert homeless_target.all_years() == [2016, 2018] and homeless_target.value == 3
    # the population grows 10 %: the plan buys about 10 % more dwellings by 2040
    added = sum(a.count * len(a.years()) for a in sc.stock_plan)
    assert added == pytest.approx(4, abs=1)
    assert sc.start_loans.budget_nok_per_year > 0 and sc.private_rental.guarantees_per_year > 0


def test_init_marks_every_value_with_its_source(tmp_path, capsys) -> None:
    """Every value init writes says where it comes from (on its line or its section's)."""
    out = _init(tmp_path, capsys, "--from", str(_tiny_figures(tmp_path)))
    lines = out.read_text(encoding="utf-8").splitlines()
    no_source_needed = (
        "extends:",
        "name:",
        "municipality:",
        "description:",
        "end_date:",
        "- {path:",
        "- {metric:",
    )
    unsourced = []
    for i, line in enumerate(lines):
        body = line.split("#", 1)[0].rstrip()
        if not body or body.lstrip().startswith(no_source_needed) or body.endswith(":"):
            continue
        indent = len(line) - len(line.lstrip())
        sourced = "#" in line
        for above in reversed(lines[:i]):  # or a section above it, less indented, with a comment
            a_indent = len(above) - len(above.lstrip())
            if above.strip() and not above.lstrip().startswith("#") and a_indent < indent:
                sourced = sourced or "#" in above
                indent = a_indent
        if not sourced:
            unsourced.append(line)
    assert not unsourced, unsourced
    text = "\n".join(lines)
    for word in ("key figure: test: KOSTRA-like", "key figure: test: NAV", "template default", "assumption"):
        assert word in text


def test_init_from_a_file_takes_command_line_figures_over_the_file(tmp_path, capsys) -> None:
    out = _init(tmp_path, capsys, "--from", str(_tiny_figures(tmp_path)), "--homeless", "5")
    sc = sim.load_scenario(out)
    t = next(t for t in sc.calibration.targets if t.metric == "homeless_mean")
    assert t.value == 5
    assert len(sc.calibration.targets) == 6 and len(sc.calibration.free) == 6
    assert {s.count for s in sc.initial_state.waiting_list.values()} <= {0, 1}  # 4 households split 6 ways
    assert sum(s.count for s in sc.initial_state.waiting_list.values()) == 4


def test_init_refuses_to_overwrite(tmp_path, capsys) -> None:
    out = _init(tmp_path, capsys, "--from", str(_tiny_figures(tmp_path)))
    code, _, err = cli(["init", "--from", str(_tiny_figures(tmp_path)), "--out", str(out)], capsys)
    assert code == 2 and f"{out}:0: (file): the file exists" in err


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        ({"homeless": "many"}, ":6: homeless: must be a number"),
        ({"hospits_users": "500"}, ":8: hospits_users.value: more users than nights (200)"),
        ({"year": "2018"}, ":2: population: needs the population on 1 January 2018"),
        ({"homless": "3"}, ":10: homless: unknown key"),
        ({"end_year": "2010"}, ":10: end_year: is before year (2016) (got 2010)"),
    ],
)
def test_bad_key_figures_exit_2_naming_file_line_and_field(tmp_path, capsys, extra, expect) -> None:
    figures = _tiny_figures(tmp_path)
    text = figures.read_text(encoding="utf-8")
    for key, value in extra.items():
        if re.search(rf"^{key}:", text, flags=re.M):
            text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, flags=re.M)
        else:
            text += f"{key}: {value}\n"
    figures.write_text(text, encoding="utf-8")
    code, out, err = cli(["init", "--from", str(figures), "--out", str(tmp_path / "x.yaml")], capsys)
    assert code == 2, out + err
    assert f"{figures}{expect}" in err, err
    assert "Traceback" not in err and "Input should" not in err
    assert not (tmp_path / "x.yaml").exists()


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["Lillevik"], "population: this required key is missing"),
        (["--population-2016", "2000"], "municipality: give the municipality's name"),
        (["Lillevik", "--population", "2016=lots"], "--population:0: population: expected YEAR=N"),
        (["Lillevik", "--population-2016", "0"], "population.2016: must be a positive number of inhabitants"),
        (["Lillevik", "--population-2016", "900", "--homeless", "-1"], "homeless.value: must be at least 0"),
    ],
)
def test_bad_command_line_figures_exit_2(tmp_path, capsys, args, expect) -> None:
    code, out, err = cli(["init", *args, "--out", str(tmp_path / "x.yaml")], capsys)
    assert code == 2, out + err
    assert expect in err, err
    assert not (tmp_path / "x.yaml").exists()


def test_key_figures_form_tells_what_is_missing(capsys, tmp_path) -> None:
    """The empty form gives plain problems, not a traceback."""
    code, _, err = cli(
        ["init", "--from", str(TEMPLATES / "key_figures.yaml"), "--out", str(tmp_path / "x.yaml")], capsys
    )
    assert code == 2
    assert "municipality: must not be empty" in err


def test_split_adds_up_and_follows_the_weights() -> None:
    assert mun.split(10, {"a": 8, "b": 5, "c": 5}) == {"a": 4, "b": 3, "c": 3}  # 4.4, 2.8, 2.8
    assert sum(mun.split(7, {"a": 1, "b": 1, "c": 1}).values()) == 7
    assert mun.split(0, {"a": 1}) == {"a": 0}
    assert mun.slug("Rælingen") == "raelingen" and mun.slug("Nord-Aurdal") == "nord_aurdal"
    assert mun.slug("Småbygd (illustrative)") == "smaabygd_illustrative"


def test_init_calibrate_validate_quick(tmp_path, capsys) -> None:
    """The whole path in the quick suite: init -> calibrate --write -> validate (a few
    evaluations only; the slow test below runs the issue's 10 replications x 40)."""
    out = _init(tmp_path, capsys, "--from", str(_tiny_figures(tmp_path)))
    code, fitted, err = cli(
        ["calibrate", str(out), "--reps", "2", "--max-evaluations", "8", "--write"], capsys
    )
    assert code in (0, 1), err
    assert "fitted in 8 evaluations" in fitted
    sc = sim.load_scenario(out)
    assert sc.calibration.last_fit is not None and len(sc.calibration.last_fit.results) == 7
    assert out.read_text(encoding="utf-8").count("# calibrated: ") == len(sc.calibration.free) == 6
    code, ok, err = cli(["validate", str(out)], capsys)
    assert code == 0 and "ok (lillevik" in ok


@pytest.mark.slow
def test_init_calibrate_validate_end_to_end(tmp_path, capsys) -> None:
    """issue 17: init -> calibrate --reps 10 --max-evaluations 40 -> validate on a tiny example;
    the fit lowers the misses and the file still validates with its comments."""
    out = _init(tmp_path, capsys, "--from", str(_tiny_figures(tmp_path)))
    code, table, err = cli(["calibrate", str(out), "--reps", "10", "--report-only"], capsys)
    before = _misses(sim.load_scenario(out), table)
    code, fitted, err = cli(
        ["calibrate", str(out), "--reps", "10", "--max-evaluations", "40", "--write"], capsys
    )
    assert code in (0, 1), err
    sc = sim.load_scenario(out)
    after = _misses(sc, fitted)
    assert after < before, (before, after)
    assert sc.calibration.last_fit is not None and sc.calibration.last_fit.evaluations == 40
    text = out.read_text(encoding="utf-8")
    assert text.count("# calibrated: boligflyt calibrate --reps 10 --seed 1") == len(sc.calibration.free)
    assert "# key figure: test: NAV" in text  # init's comments survive the write-back
    code, ok, err = cli(["validate", str(out)], capsys)
    assert code == 0 and "ok (lillevik" in ok


def _misses(sc: sim.Scenario, table: str) -> float:
    """Sum of squared misses in tolerances, from the model means the printed table shows."""
    means = {}
    for line in table.splitlines():
        m = re.match(r"^\| `([^`]+)` \| (\d+) \| [^|]+\| [^|]+\| ([^|]+)\|", line)
        if m:
            means[(m[1], int(m[2]))] = float(m[3].strip().replace(",", ""))
    return sum(t.miss(means[(t.metric, y)]) ** 2 for t, y in sc.calibration.target_years())


# ---------------------------------------------------------------- the worked examples
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_illustrative_calibrated_and_meet_their_targets(name) -> None:
    sc = sim.load_scenario(SCENARIOS / f"{name}.yaml")
    assert "illustrative" in sc.municipality.lower() and "ILLUSTRATIVE" in sc.description
    assert all(t.source.startswith("key figure: illustrative") for t in sc.calibration.targets)
    fit = sc.calibration.last_fit
    assert fit is not None and fit.evaluations > 0
    assert [(r.metric, r.year) for r in fit.results] == [
        (t.metric, y) for t, y in sc.calibration.target_years()
    ]
    assert all(r.met for r in fit.results), [r for r in fit.results if not r.met]
    assert fit.scenario_sha256 == sc.model_sha256(), "the file changed after its calibration"


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_what_init_makes_of_their_key_figures(tmp_path, name) -> None:
    """Apart from the fitted values, an example is exactly init's output for its figures."""
    kf, made_from = mun.key_figures_from(SCENARIOS / "key_figures" / f"{EXAMPLES[name]}.yaml", {}, {})
    fresh = tmp_path / "scenarios" / f"{name}.yaml"
    shutil.copytree(TEMPLATES, tmp_path / "scenarios" / "templates")
    mun.write_scenario(kf, fresh, made_from)
    example = sim.load_scenario(SCENARIOS / f"{name}.yaml").model_dump(mode="json")
    made = sim.load_scenario(fresh).model_dump(mode="json")
    for p in sim.load_scenario(fresh).calibration.free:
        cal.set_path(made, p.path, cal.get_path(example, p.path))
    made["calibration"]["last_fit"] = example["calibration"]["last_fit"]
    assert made == example


@pytest.mark.slow
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_meet_their_targets_when_rerun(name) -> None:
    """The recorded table is reproduced by a fresh run with the recorded settings."""
    sc = cal.load(SCENARIOS / f"{name}.yaml", need_free=False)
    fit = sc.calibration.last_fit
    rows = cal.calibration_report(sc, None, fit.replications, fit.seed)
    assert all(r["met"] for r in rows), [r for r in rows if not r["met"]]
    assert [round(r["mean"], 2) for r in rows] == pytest.approx(
        [round(r.mean, 2) for r in fit.results], rel=1e-3
    )


def test_template_is_rælingen_without_its_own_facts() -> None:
    """The template holds rules and per-household behaviour, not a municipality's size."""
    data, _ = read_yaml_file(TEMPLATES / "municipality.yaml")
    for key in ("name", "population", "dwelling_types", "stock_plan", "calibration"):
        assert key not in data, key
    assert "waiting_list" not in data["initial_state"]
    assert "budget_nok_per_year" not in data["start_loans"]
    assert "guarantees_per_year" not in data["private_rental"]
    base, _ = read_yaml_file(SCENARIOS / "baseline.yaml")
    assert set(data["groups"]) == set(base["groups"])  # Rælingen's structure
    with pytest.raises(ScenarioError):
        sim.load_scenario(TEMPLATES / "municipality.yaml")  # not a scenario on its own


def test_new_municipality_doc_shows_each_examples_recorded_table() -> None:
    """docs/NEW_MUNICIPALITY.md shows the tables the example files record (not stale ones)."""
    doc = (ROOT / "docs" / "NEW_MUNICIPALITY.md").read_text(encoding="utf-8")
    sections = dict(zip(EXAMPLES, doc.split("#### Storby")[0:2], strict=True))
    for name, text in sections.items():
        fit = sim.load_scenario(SCENARIOS / f"{name}.yaml").calibration.last_fit
        assert fit is not None, name
        run = (
            f"boligflyt calibrate scenarios/{name}.yaml --reps {fit.replications} "
            f"--max-evaluations {fit.evaluations}"
        )
        assert run in text and f"seed {fit.seed}" in text, name
        for r in fit.results:
            row = next(ln for ln in text.splitlines() if ln.startswith(f"| `{r.metric}` | {r.year} |"))
            shown = float(row.split("|")[5].replace(",", ""))  # the model mean, as printed
            assert shown == pytest.approx(r.mean, rel=5e-3), (name, row)  # 3 digits printed, 4 kept
            assert "| yes |" in row


def test_license_and_citation_match_the_package() -> None:
    """LICENSE is the MIT licence pyproject.toml names; CITATION.cff carries version and licence."""
    import tomllib

    from ruamel.yaml import YAML

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"]["text"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    cff = YAML(typ="safe").load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "software"
    assert cff["license"] == "MIT" and cff["version"] == project["version"]
    assert cff["title"] and cff["message"] and cff["authors"]
    assert any(r.get("number") == "2016:23" for r in cff["references"])  # the NIBR report
