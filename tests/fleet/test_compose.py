"""docker/fleet.compose.yml: Redis, PostgreSQL and N emulator workers, every image built from the local base,
host networking on 127.0.0.1, and worker commands that `pimon worker` accepts.

Not run with a real Docker engine here: this machine has dockerd but no compose plugin, and the workers'
image (docker/Dockerfile, `make image`) is built by the packaging work; see the report."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from monitor.cli.main import app

DOCKER = Path(__file__).resolve().parents[2] / "docker"


def test_fleet_compose_services_and_images() -> None:
    doc = yaml.safe_load((DOCKER / "fleet.compose.yml").read_text(encoding="utf-8"))
    services = doc["services"]
    assert set(services) == {"redis", "postgres", "worker"}
    for name, svc in services.items():
        assert svc["network_mode"] == "host", name
        assert svc["image"].startswith("local/"), name  # built here, never pulled
        assert "ports" not in svc
    for df in ("redis.Dockerfile", "postgres.Dockerfile"):
        text = (DOCKER / df).read_text(encoding="utf-8")
        assert re.search(r"^ARG BASE=local/debian:bookworm$", text, re.MULTILINE) and "FROM ${BASE}" in text
    assert "127.0.0.1" in services["redis"]["command"] and services["worker"]["deploy"]["replicas"] >= 2
    assert services["worker"]["cap_add"] == ["SYS_PTRACE"]
    assert set(services["worker"]["depends_on"]) == {"redis", "postgres"}


def test_worker_command_is_a_valid_pimon_worker_invocation() -> None:
    doc = yaml.safe_load((DOCKER / "fleet.compose.yml").read_text(encoding="utf-8"))
    cmd = doc["services"]["worker"]["command"]
    assert cmd[:2] == ["pimon", "worker"]
    r = CliRunner().invoke(app, [*cmd[1:], "--help"])
    assert r.exit_code == 0, r.output
    opts = {a for a in cmd if a.startswith("--")}
    assert opts <= {"--device", "--broker", "--db", "--visibility-timeout", "--loglevel"}
    broker = cmd[cmd.index("--broker") + 1]
    assert broker.startswith("redis://127.0.0.1:")
