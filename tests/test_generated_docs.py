"""Generated documents: every model-derived number in docs/ and the notebooks is written by
`make docs` (`boligflyt docs --all`), and this test fails when the model's results changed
since, or a generated section was edited by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sim.analysis import documents as d


@pytest.fixture(scope="module")
def fingerprint() -> str:
    return d.results_fingerprint()


def test_generated_documents_match_todays_results(fingerprint):
    """The fast check in `make test`: recompute the results fingerprint (two replications of
    the baseline) and compare it with the one every generated part recorded."""
    problems = d.check(fingerprint=fingerprint)
    assert not problems, "\n".join(problems)


def test_fingerprint_is_reproducible_and_sees_a_change(fingerprint, monkeypatch):
    assert d.results_fingerprint() == fingerprint and len(fingerprint) == 16
    from sim import replication

    real = replication.run_replication

    def nudged(*args, **kwargs):
        r = real(*args, **kwargs)
        r.kpis["mean_wait_days"] += 1e-6 * max(1.0, abs(r.kpis["mean_wait_days"]))
        return r

    monkeypatch.setattr(replication, "run_replication", nudged)
    assert d.results_fingerprint() != fingerprint


def test_the_fingerprint_sees_the_analyses_code_but_not_its_comments(tmp_path):
    """The stock plan's search changed and docs/ANALYSES.md kept the old plans, because the
    fingerprint held only the model's KPIs: the analyses' code is part of it now."""
    src = d.ROOT / "sim" / "analysis"
    tree = tmp_path / "sim" / "analysis"
    shutil.copytree(src, tree)
    before = d.analysis_code_hash(tmp_path)
    assert before == d.analysis_code_hash(d.ROOT)
    sizing = tree / "sizing.py"
    text = sizing.read_text(encoding="utf-8")
    sizing.write_text('"""Another docstring."""\n# a comment\n' + text.split('"""', 2)[2], encoding="utf-8")
    assert d.analysis_code_hash(tmp_path) == before, "a docstring or comment is not a change"
    sizing.write_text(text + "\nSOMETHING_NEW = 1\n", encoding="utf-8")
    assert d.analysis_code_hash(tmp_path) != before


def _tree(tmp_path: Path, prov: d.Provenance) -> Path:
    """A minimal project tree with every generated part, written by ``prov``."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for rel, names in d.SECTIONS.items():
        body = "\n\n".join(f"<!-- BEGIN GENERATED {n} -->\n<!-- END GENERATED {n} -->" for n in names)
        text = d.replace_sections(
            f"# {rel.name}\n\nhand-written prose 1.\n\n{body}\n", dict.fromkeys(names, "x = 1\n"), prov
        )
        (tmp_path / rel).write_text(text)
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    nb = {
        "cells": [
            {"cell_type": "code", "source": "print(1)", "outputs": [{"output_type": "stream", "text": "1"}]}
        ],
        "metadata": {"boligflyt": {"results": prov.fingerprint}},
    }
    (nbs / "a.ipynb").write_text(json.dumps(nb))
    return tmp_path


def test_check_names_the_command_when_results_changed(tmp_path):
    root = _tree(tmp_path, d.Provenance("0.1.0 git abc", "aaaaaaaaaaaaaaaa"))
    assert d.check(root, fingerprint="aaaaaaaaaaaaaaaa") == []
    problems = d.check(root, fingerprint="bbbbbbbbbbbbbbbb")
    assert len(problems) == sum(len(n) for n in d.SECTIONS.values()) + 1
    assert all("make docs" in p and "boligflyt docs --all" in p for p in problems)
    assert any("docs/ANALYSES.md [stock-seeds]" in p and "results changed" in p for p in problems)
    assert any("notebooks/a.ipynb" in p for p in problems)


def test_check_sees_a_hand_edit_and_a_missing_section(tmp_path):
    root = _tree(tmp_path, d.Provenance("c", "f" * 16))
    path = root / d.ANALYSES
    path.write_text(path.read_text().replace("x = 1", "x = 2"))
    (root / d.PERFORMANCE).write_text("# Performance\n")
    problems = d.check(root, fingerprint="f" * 16)
    assert any("edited by hand" in p and "ANALYSES" in p for p in problems)
    assert any("'analysis-wall-times' is missing" in p for p in problems)


def test_sections_are_replaced_and_prose_kept():
    prov = d.Provenance("0.1.0 git abc", "0123456789abcdef")
    text = "intro 1.5 days\n\n<!-- BEGIN GENERATED a -->\nold\n<!-- END GENERATED a -->\n\noutro\n"
    new = d.replace_sections(text, {"a": "new 2.0\n"}, prov)
    assert new.startswith("intro 1.5 days\n") and new.endswith("\n\noutro\n")
    sec = d.sections(new)["a"]
    assert sec.body == "new 2.0\n" and sec.meta["results"] == "0123456789abcdef"
    assert sec.meta["code"] == "0.1.0 git abc" and sec.meta["text"] == d.text_hash("new 2.0\n")
    assert d.replace_sections(new, {"a": "new 2.0\n"}, prov) == new  # idempotent
    with pytest.raises(ValueError, match="no generated section named b"):
        d.replace_sections(text, {"b": "x"}, prov)


def test_bench_keeps_the_analyses_section_of_performance_md():
    prov = d.Provenance("c", "f" * 16)
    old = "# Performance\n\nold table\n\n" + prov.marker("analysis-wall-times", "| 1 | 36 |\n") + "\n"
    new = d.keep_section(old, "# Performance\n\nnew table\n", "analysis-wall-times")
    assert "new table" in new and "old table" not in new
    assert d.sections(new)["analysis-wall-times"].body == "| 1 | 36 |\n"
    assert d.keep_section("# nothing generated\n", "x\n", "analysis-wall-times") == "x\n"


def test_docs_check_command(capsys, monkeypatch, fingerprint):
    from sim.cli import main

    monkeypatch.setattr(d, "results_fingerprint", lambda root=d.ROOT: fingerprint)
    code = main(["docs", "--check"])
    err = capsys.readouterr().err
    assert code == 0, err
    monkeypatch.setattr(d, "results_fingerprint", lambda root=d.ROOT: "0" * 16)
    assert main(["docs", "--check"]) == 1
    assert "make docs" in capsys.readouterr().err
    assert main(["docs", "--all", "--only", "nonsense"]) == 2
