"""The command line: validate, --set, schema, docs, and ``python -m sim``."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from sim.cli import main
from sim.docs import scenario_markdown, unit_of
from sim.loader import read_yaml_file
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.yaml"
DOCS = ROOT / "docs" / "SCENARIO.md"
BIN = Path(sys.executable).parent


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def all_models() -> list[type[BaseModel]]:
    """Every model reachable from :class:`Scenario`, distribution variants included."""
    seen: list[type[BaseModel]] = []

    def visit(annotation: typing.Any) -> None:
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if is_model and annotation not in seen:
            seen.append(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(Scenario)
    return seen


# ---------------------------------------------------------------- validate and --set
def test_validate_baseline_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["validate", str(BASELINE)], capsys)
    assert code == 0, err
    assert out.startswith(f"{BASELINE}: ok (baseline, 7 groups, 210 dwellings)")
    assert err == ""


@pytest.mark.parametrize(
    "override",
    ["allocation.meeting_interval_days=7", "population.by_year.2020=19000", "name=variant"],
)
def test_validate_with_override_exits_0(override: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["validate", str(BASELINE), "--set", override], capsys)
    assert code == 0, err
    assert ": ok (" in out


def test_override_reaches_the_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["validate", str(BASELINE), "--set", "name=renamed"], capsys)
    assert code == 0
    assert ": ok (renamed, " in out


def test_unknown_override_key_exits_2_with_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(["validate", str(BASELINE), "--set", "allocation.meeting_days=7"], capsys)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        "--set:0: allocation.meeting_days: unknown key; did you mean 'meeting_interval_days'? (got 7)"
    ]


def test_run_applies_overrides(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "run",
        str(BASELINE),
        "--reps",
        "1",
        "--no-progress",
        "--json",
        "--set",
        "end_date=2016-03-31",
        "--set",
        "name=short",
    ]
    code, out, err = cli(argv, capsys)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["scenario"] == "short"
    assert doc["replications"] == 1


# ---------------------------------------------------------------- schema
def test_schema_is_json_schema_of_every_top_level_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert set(schema["properties"]) == set(Scenario.model_fields)
    assert set(schema["required"]) == {"name", "groups", "dwelling_types"}
    assert schema["additionalProperties"] is False
    group = schema["$defs"]["TargetGroup"]["properties"]["children_share"]
    assert (group["minimum"], group["maximum"]) == (0.0, 1.0)
    assert group["source"]  # the source of each default travels with the schema


def test_schema_accepts_the_baseline_and_rejects_an_unknown_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    code, out, _ = cli(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    data, _ = read_yaml_file(BASELINE)
    as_json = json.loads(json.dumps(data, default=str))
    assert list(validator.iter_errors(as_json)) == []
    as_json["allocation"]["meeting_intervall_days"] = 7
    assert list(validator.iter_errors(as_json))


# ---------------------------------------------------------------- docs
def test_committed_scenario_docs_are_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == scenario_markdown(), (
        "docs/SCENARIO.md differs from the schema: run `make docs` and commit the result"
    )


def test_docs_command_writes_the_generated_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deep" / "SCENARIO.md"
    code, _, err = cli(["docs", "--out", str(out)], capsys)
    assert code == 0
    assert out.read_text(encoding="utf-8") == scenario_markdown()
    assert str(out) in err


def test_docs_document_every_field_with_description_and_source() -> None:
    text = scenario_markdown()
    models = all_models()
    assert len(models) >= 17  # 12 schema sections and 5 distributions
    for model in models:
        assert f"— {model.__name__}" in text, model.__name__
        for name, info in model.model_fields.items():
            rows = [ln for ln in text.splitlines() if ln.startswith(f"| `{name}` |")]
            assert rows, f"{model.__name__}.{name} is not documented"
            if info.description:
                assert any(" ".join(info.description.split()) in r for r in rows), name
            source = (info.json_schema_extra or {}).get("source")
            if source:
                assert any(str(source) in r for r in rows), f"source of {name}"


def test_docs_show_units_defaults_and_bounds() -> None:
    text = scenario_markdown()
    assert "| `hospits_price_nok_per_night` | number | NOK per night | `700` | ≥ 0, finite |" in text
    assert "| `arrival_rate_per_1000_per_year` | number | per 1000 inhabitants per year | `1` |" in text
    assert "| `meeting_interval_days` | number | days | **required** | ≥ 1, ≤ 365, finite |" in text
    assert "| `name` | text | — | **required** | 1–80 characters |" in text
    assert "| `lease` | [distribution](#distributions) | — | `{dist: fixed, value_days: 1096}` |" in text
    assert "Rules checked: One probability per value; probabilities sum to 1." in text


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("mean_days", "days"),
        ("max_days_already_waited", "days"),
        ("withdrawal_rate_per_year", "per year"),
        ("arrival_rate_per_1000_per_year", "per 1000 inhabitants per year"),
        ("dwellings_per_1000", "per 1000 inhabitants"),
        ("budget_nok", "NOK"),
        ("hospits_price_nok_per_night", "NOK per night"),
        ("children_share", "share, 0–1"),
        ("approval_probability", "probability, 0–1"),
        ("reapply_probability_after_eviction", "probability, 0–1"),
        ("persons_max_small", "persons"),
        ("priority_rule", "—"),
    ],
)
def test_unit_from_the_name(name: str, unit: str) -> None:
    assert unit_of(name) == unit


# ---------------------------------------------------------------- real processes
@pytest.mark.parametrize(
    "command",
    [[str(BIN / "boligflyt")], [sys.executable, "-m", "sim"]],
    ids=["boligflyt", "python -m sim"],
)
def test_real_validate_command(command: list[str]) -> None:
    ok = subprocess.run(
        [*command, "validate", str(BASELINE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "ok (baseline" in ok.stdout
    bad = subprocess.run(
        [*command, "validate", str(BASELINE), "--set", "groups.youth.urgent_share=2"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr == "--set:0: groups.youth.urgent_share: must be between 0 and 1 (got 2)\n"


def test_the_resume_hint_repeats_where_the_run_ran() -> None:
    """An interrupted run on a dask cluster is resumed on the same cluster, not locally."""
    from sim.cli import _command, _parser

    args = _parser().parse_args(
        ["run", "s.yaml", "--set", "a=1", "--backend", "dask", "--scheduler", "tcp://h:8786", "--out", "o"]
    )
    assert _command(args, "--out", "o", "--resume") == (
        "boligflyt run s.yaml --set a=1 --backend dask --scheduler tcp://h:8786 --out o --resume"
    )
    local = _parser().parse_args(["run", "s.yaml", "--workers", "2"])
    assert _command(local, "--resume") == "boligflyt run s.yaml --workers 2 --resume"
    assert _command(_parser().parse_args(["run", "s.yaml"])) == "boligflyt run s.yaml"
