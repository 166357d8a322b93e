"""Unit tests of the scenario loader: YAML 1.2, line numbers, extends, --set, messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.loader import (
    Problem,
    ScenarioError,
    apply_overrides,
    load_scenario,
    load_scenario_text,
    parse_override,
    parse_yaml_text,
    read_yaml_file,
    scenario_from_dict,
    scenario_to_yaml,
    show_value,
)

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"

TINY = """\
name: tiny
groups:
  a:
    arrival_rate_per_1000_per_year: 1.0
dwelling_types:
  flats:
    size_class: small
    count: 10
"""


def problems_of(text: str, file: str = "t.yaml") -> list[str]:
    """The problem lines for scenario text (fails if the text is valid)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, file)
    return [str(p) for p in info.value.problems]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- YAML 1.2 and plain data
def test_yaml_1_2_no_stays_text_and_leading_zero_is_not_octal() -> None:
    data, _ = parse_yaml_text("a: NO\nb: yes\nc: 0301\nd: '0301'\ne: 010\nf: true\n", "x")
    assert data == {"a": "NO", "b": "yes", "c": 301, "d": "0301", "e": 10, "f": True}


def test_values_are_plain_python_types() -> None:
    data, _ = parse_yaml_text("a: 1\nb: 1.5\nc: 2016-01-01\nd: [1, {e: x}]\ng: .inf\n", "x")
    assert type(data["a"]) is int
    assert type(data["b"]) is float
    assert type(data["c"]) is dt.date
    assert type(data["d"]) is list and type(data["d"][1]) is dict
    assert data["g"] == float("inf")


def test_locations_of_nested_keys_and_list_items() -> None:
    text = (
        "name: x\n"  # 1
        "groups:\n"  # 2
        "  a:\n"  # 3
        "    household_persons:\n"  # 4
        "      values:\n"  # 5
        "        - 1\n"  # 6
        "        - 2\n"  # 7
        "      probabilities: [0.5,\n"  # 8
        "                      0.5]\n"  # 9
        "tenancy: {lease: {dist: fixed,\n"  # 10
        "                  value_days: 3}}\n"  # 11
    )
    _, locs = parse_yaml_text(text, "f.yaml")
    expected = {
        "name": 1,
        "groups.a": 3,
        "groups.a.household_persons.values": 5,
        "groups.a.household_persons.values.0": 6,
        "groups.a.household_persons.values.1": 7,
        "groups.a.household_persons.probabilities.1": 9,
        "tenancy.lease.dist": 10,
        "tenancy.lease.value_days": 11,
    }
    assert {k: locs[k][1] for k in expected} == expected
    assert all(file == "f.yaml" for file, _ in locs.values())


def test_merge_key_gives_shared_defaults_and_explicit_keys_win() -> None:
    text = TINY.replace(
        "groups:\n  a:\n    arrival_rate_per_1000_per_year: 1.0\n",
        "groups:\n  a: &common\n    arrival_rate_per_1000_per_year: 1.0\n    urgent_share: 0.4\n"
        "  b:\n    <<: *common\n    urgent_share: 0.1\n",
    )
    sc = load_scenario_text(text)
    assert sc.groups["b"].arrival_rate_per_1000_per_year == 1.0
    assert sc.groups["b"].urgent_share == 0.1
    assert sc.groups["a"].urgent_share == 0.4


def test_duplicate_key_names_both_lines() -> None:
    (line,) = problems_of(TINY + "allocation:\n  priority_rule: fifo\n  priority_rule: priority\n")
    assert line == (
        "t.yaml:11: allocation.priority_rule: duplicate key 'priority_rule': it is already "
        "given on line 10; keep one of them"
    )


def test_problem_format_and_values_shown_as_yaml() -> None:
    p = Problem("f.yaml", 3, "groups.a.youth", "must be true or false", "yes", True)
    assert str(p) == "f.yaml:3: groups.a.youth: must be true or false (got 'yes')"
    assert str(Problem("f.yaml", 1, "", "the file is empty")) == "f.yaml:1: (file): the file is empty"
    assert show_value(None) == "nothing"
    assert show_value(True) == "true"
    assert show_value(float("nan")) == ".nan"
    assert show_value({"dist": "fixed", "value_days": 3}) == "{dist: 'fixed', value_days: 3}"
    assert show_value("x" * 100).endswith("...") and len(show_value("x" * 100)) == 60
    assert "\n" not in str(Problem("f", 1, "p", "two\nlines", "a\nb", True))


# ---------------------------------------------------------------- validation messages
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            "    children_share: 1.5\n",
            "t.yaml:5: groups.a.children_share: must be between 0 and 1 (got 1.5)",
        ),
        (
            "    urgent_share: 20\n",
            "t.yaml:5: groups.a.urgent_share: must be between 0 and 1 (write 20 % as 0.2) (got 20)",
        ),
        (
            "    eviction_rate_per_year: -1\n",
            "t.yaml:5: groups.a.eviction_rate_per_year: must not be negative (got -1)",
        ),
        (
            "    move_out_rate_per_year: .inf\n",
            "t.yaml:5: groups.a.move_out_rate_per_year: must be a finite number, not .nan or .inf (got .inf)",
        ),
        ("    youth: NO\n", "t.yaml:5: groups.a.youth: must be true or false (got 'NO')"),
        (
            "    reapply_delay: {dist: gama, mean_days: 3, sd_days: 1}\n",
            "t.yaml:5: groups.a.reapply_delay.dist: unknown distribution; did you mean 'gamma'? (got 'gama')",
        ),
        (
            "    reapply_delay: {dist: lognormal, mean_days: 3}\n",
            "t.yaml:5: groups.a.reapply_delay.sd_days: this required key is missing",
        ),
        (
            "    urgnet_share: 0.1\n",
            "t.yaml:5: groups.a.urgnet_share: unknown key; did you mean 'urgent_share'? (got 0.1)",
        ),
    ],
)
def test_group_field_messages(change: str, expected: str) -> None:
    text = TINY.replace(
        "    arrival_rate_per_1000_per_year: 1.0\n",
        "    arrival_rate_per_1000_per_year: 1.0\n" + change,
    )
    assert expected in problems_of(text)


def test_group_named_like_a_distribution_keeps_its_name_in_the_path() -> None:
    # 'fixed' is also a distribution tag; only tags inside a distribution are dropped
    text = TINY.replace("  a:\n", "  fixed:\n").replace("1.0\n", "1.0\n    children_share: 2\n", 1)
    assert "t.yaml:5: groups.fixed.children_share: must be between 0 and 1 (got 2)" in problems_of(text)


def test_every_problem_is_reported_in_file_order() -> None:
    text = (
        TINY.replace("count: 10", "count: -1")
        + "allocation: {meeting_interval_days: 999}\nstart_date: soon\n"
    )
    lines = problems_of(text)
    assert [ln.split(":")[1] for ln in lines] == ["8", "9", "10"]


def test_wrong_kinds_are_errors_in_files_but_converted_for_dashboard_data() -> None:
    assert "t.yaml:8: dwelling_types.flats.count: must be a whole number (got '10')" in problems_of(
        TINY.replace("count: 10", 'count: "10"')
    )
    data, _ = parse_yaml_text(TINY, "x")
    data["start_date"] = "2020-01-01"
    data["population"] = {"by_year": {"2020": 1000}}
    sc = scenario_from_dict(data)
    assert sc.start_date == dt.date(2020, 1, 1)
    assert sc.population.by_year == {2020: 1000.0}


def test_scenario_from_dict_problems_have_line_0_and_the_path() -> None:
    data, _ = parse_yaml_text(TINY, "x")
    data["groups"]["a"]["children_share"] = -1
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, file="<dashboard>")
    assert [str(p) for p in info.value.problems] == [
        "<dashboard>:0: groups.a.children_share: must be between 0 and 1 (got -1)"
    ]


def test_end_date_before_start_date_points_at_end_date() -> None:
    (line,) = problems_of(TINY + "start_date: 2020-01-01\nend_date: 2019-06-30\n")
    assert line == "t.yaml:10: end_date: is before start_date (2020-01-01) (got 2019-06-30)"


def test_one_day_horizon_is_valid() -> None:
    sc = load_scenario_text(TINY + "start_date: 2020-01-01\nend_date: 2020-01-01\n")
    assert sc.horizon_days() == 1


# ---------------------------------------------------------------- extends
def test_extends_child_overrides_parent_and_keeps_the_rest(tmp_path: Path) -> None:
    write(
        tmp_path,
        "parent.yaml",
        TINY + "allocation:\n  meeting_interval_days: 14\n  priority_rule: fifo\n",
    )
    child = write(
        tmp_path,
        "child.yaml",
        "extends: parent.yaml\nname: child\nallocation:\n  meeting_interval_days: 7\n",
    )
    sc = load_scenario(child)
    assert sc.name == "child"
    assert sc.allocation.meeting_interval_days == 7
    assert sc.allocation.priority_rule == "fifo"  # kept from the parent
    assert sc.dwelling_types["flats"].count == 10


def test_extends_replaces_a_distribution_whole(tmp_path: Path) -> None:
    write(tmp_path, "parent.yaml", TINY + "tenancy:\n  lease: {dist: fixed, value_days: 1096}\n")
    child = write(
        tmp_path,
        "child.yaml",
        "extends: parent.yaml\ntenancy:\n  lease: {dist: exponential, mean_days: 900}\n",
    )
    lease = load_scenario(child).tenancy.lease
    assert lease.dist == "exponential" and lease.mean_days == 900


def test_extends_chain_and_problems_point_into_the_right_file(tmp_path: Path) -> None:
    write(tmp_path, "grandparent.yaml", TINY.replace("count: 10", "count: -10"))
    write(tmp_path, "parent.yaml", "extends: grandparent.yaml\nname: parent\n")
    child = write(tmp_path, "child.yaml", "extends: parent.yaml\nname: child\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    grandparent = str((tmp_path / "grandparent.yaml").resolve())
    assert [str(p) for p in info.value.problems] == [
        f"{grandparent}:8: dwelling_types.flats.count: must not be negative (got -10)"
    ]


def test_extends_missing_parent(tmp_path: Path) -> None:
    child = write(tmp_path, "child.yaml", "name: c\nextends: gone.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    (line,) = map(str, info.value.problems)
    assert line.startswith(f"{child}:2: extends: parent scenario file not found")
    assert line.endswith("(got 'gone.yaml')")


def test_extends_cycle(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "extends: b.yaml\n")
    write(tmp_path, "b.yaml", "extends: c.yaml\n")
    write(tmp_path, "c.yaml", "extends: a.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(a)
    (line,) = map(str, info.value.problems)
    assert "extend each other in a cycle (a.yaml -> b.yaml -> c.yaml -> a.yaml)" in line
    assert line.startswith(f"{(tmp_path / 'c.yaml').resolve()}:1: extends: ")


def test_extends_too_deep(tmp_path: Path) -> None:
    write(tmp_path, "s0.yaml", TINY)
    for i in range(1, 13):
        write(tmp_path, f"s{i}.yaml", f"extends: s{i - 1}.yaml\n")
    assert load_scenario(tmp_path / "s10.yaml").name == "tiny"
    with pytest.raises(ScenarioError, match="more than 10 levels of extends"):
        load_scenario(tmp_path / "s12.yaml")


def test_uploaded_text_may_extend_only_files_inside_base_dir(tmp_path: Path) -> None:
    inside = tmp_path / "scenarios"
    inside.mkdir()
    write(inside, "base.yaml", TINY)
    write(tmp_path, "secret.yaml", TINY)
    assert load_scenario_text("extends: base.yaml\nname: up\n", base_dir=inside).name == "up"
    with pytest.raises(ScenarioError, match="parent scenario file not found"):
        load_scenario_text("extends: ../secret.yaml\n", base_dir=inside)
    with pytest.raises(ScenarioError, match="extends: is not allowed here"):
        load_scenario_text("extends: base.yaml\n")


# ---------------------------------------------------------------- --set overrides
def test_parse_override_reads_the_value_as_yaml() -> None:
    assert parse_override("a.b=7") == ("a.b", 7)
    assert parse_override("a=NO") == ("a", "NO")
    assert parse_override("a={dist: fixed, value_days: 3}") == (
        "a",
        {"dist": "fixed", "value_days": 3},
    )
    assert parse_override("a=x: y") == ("a", "x: y")  # not YAML: kept as text
    assert parse_override("a = 2016-01-01") == ("a", dt.date(2016, 1, 1))


def test_overrides_on_the_baseline() -> None:
    sc = load_scenario(
        BASELINE,
        [
            "allocation.meeting_interval_days=7",
            "population.by_year.2020=19000",
            "population.by_year.2025=20000",
            "groups.youth.household_persons.probabilities.0=0.8",
            "groups.youth.household_persons.probabilities.1=0.2",
            "tenancy.lease={dist: exponential, mean_days: 1000}",
        ],
    )
    assert sc.allocation.meeting_interval_days == 7
    assert sc.population.by_year[2020] == 19000
    assert sc.population.by_year[2025] == 20000
    assert sc.groups["youth"].household_persons.probabilities == [0.8, 0.2]
    assert sc.tenancy.lease.dist == "exponential"
    assert load_scenario(BASELINE).allocation.meeting_interval_days is None  # file unchanged


def test_override_problems_point_at_set() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(BASELINE, ["allocation.meeting_interval_dayz=7"])
    assert [str(p) for p in info.value.problems] == [
        "--set:0: allocation.meeting_interval_dayz: unknown key; did you mean "
        "'meeting_interval_days'? (got 7)"
    ]


def test_apply_overrides_leaves_the_input_alone() -> None:
    data, locs = read_yaml_file(BASELINE)
    new = apply_overrides(data, locs, ["allocation.teams.ordinary.meeting_interval_days=3"])
    assert new["allocation"]["teams"]["ordinary"]["meeting_interval_days"] == 3
    assert data["allocation"]["teams"]["ordinary"]["meeting_interval_days"] == 30.4
    assert locs["allocation.teams.ordinary.meeting_interval_days"] == ("--set", 0)


# ---------------------------------------------------------------- round trip
def test_scenario_to_yaml_loads_back_to_the_same_scenario() -> None:
    sc = load_scenario(BASELINE)
    again = load_scenario_text(scenario_to_yaml(sc))
    assert again == sc
    assert again.sha256() == sc.sha256()
