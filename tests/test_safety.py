"""The safety promises of docs/RELIABILITY.md: no network at run time, no telemetry, and a
dashboard that listens on this machine only unless exposed on purpose."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parents[1]


def test_a_run_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(*_args, **_kwargs):
        raise AssertionError("the model or the runner opened a network socket")

    sc = sim.load_scenario(ROOT / "scenarios" / "recommend_all.yaml", ["end_date=2019-12-31"])
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = sim.run(sc, replications=2, seed=1, out=tmp_path / "run")
    assert result.replications == 2


def test_the_dashboard_sends_no_telemetry_and_listens_on_localhost() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "localhost"
    # the upload box is a little wider than the loader's 1 MB cap, so an oversized file is
    # refused by the loader in the reader's language (Streamlit's own error is English)
    from sim.loader import MAX_FILE_BYTES

    assert MAX_FILE_BYTES / 1e6 < config["server"]["maxUploadSize"] <= 20
    make_run = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "--server.address localhost" in make_run
    assert "--browser.gatherUsageStats false" in make_run
