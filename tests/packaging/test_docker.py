"""The container image (docker/Dockerfile): pimon, a JDK and adb, FROM a Debian base made here without an
image registry, running a fixture scenario with `docker run --network host`.

Runs where Debian's docker.io and debootstrap are installed and we are root: the test starts its own
dockerd (own socket, no bridge, no iptables: every container uses the host network, so all traffic
stays on loopback) with a persistent data root, so later runs reuse the base and the apt layer.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor import __version__
from monitor.expected import expected_findings
from monitor.rules import all_rules
from tests.packaging.build import CONSTRAINTS, ROOT, Built, run

BASE = "local/debian:bookworm"
IMAGE = "local/pimon:test"
DATA_ROOT = Path("/var/lib/pimon-docker")
EXEC_ROOT = Path("/run/pimon-docker")
CA_DIR = Path("/usr/local/share/ca-certificates")


def _why_not() -> str | None:
    if os.environ.get("PIMON_DOCKER_TESTS", "") in ("", "0"):
        return "container tests are opt-in (PIMON_DOCKER_TESTS=1): building the image takes 5-10 minutes"
    missing = [t for t in ("dockerd", "docker", "debootstrap") if shutil.which(t) is None]
    if missing:
        return f"no Docker engine here ({', '.join(missing)} missing: apt-get install docker.io debootstrap)"
    if os.geteuid() != 0:
        return "starting dockerd and debootstrap need root"
    return None


# a first build (debootstrap, apt, pip) takes minutes; later ones reuse the base and the apt layer
pytestmark = [pytest.mark.skipif(_why_not() is not None, reason=_why_not() or ""), pytest.mark.timeout(3600)]


@pytest.fixture(scope="module")
def docker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A dockerd of our own; yields the environment that points the docker CLI at it."""
    run_dir = tmp_path_factory.mktemp("dockerd")
    sock = run_dir / "docker.sock"
    DATA_ROOT.mkdir(parents=True, exist_ok=True)
    lock = (DATA_ROOT.parent / "pimon-docker.lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)  # one dockerd per data root
    EXEC_ROOT.mkdir(parents=True, exist_ok=True)  # reused: dockerd leaves its netns mount behind
    log = (run_dir / "dockerd.log").open("w")
    proc = subprocess.Popen(["dockerd", "--host", f"unix://{sock}", "--data-root", str(DATA_ROOT),
                             "--exec-root", str(EXEC_ROOT), "--pidfile", str(run_dir / "dockerd.pid"),
                             "--bridge", "none", "--iptables=false"], stdout=log, stderr=subprocess.STDOUT)
    env = {**os.environ, "DOCKER_HOST": f"unix://{sock}"}
    try:
        deadline = time.monotonic() + 120
        while subprocess.run(["docker", "version"], env=env, capture_output=True, check=False).returncode != 0:
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dockerd did not come up:\n{(run_dir / 'dockerd.log').read_text()[-3000:]}")
            time.sleep(0.5)  # polling the daemon's socket until it answers
        yield env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        lock.close()


def _docker(env: dict[str, str], *args: str, cwd: Path, timeout: float = 600,
            check: bool = True) -> subprocess.CompletedProcess:
    return run(["docker", *args], cwd=cwd, env=env, timeout=timeout, check=check)


@pytest.fixture(scope="module")
def image(docker: dict[str, str], built: Built, tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("image")
    if _docker(docker, "image", "inspect", BASE, cwd=work, check=False).returncode != 0:
        rootfs = work / "rootfs"
        run(["debootstrap", "--variant=minbase", "bookworm", str(rootfs), "http://deb.debian.org/debian"],
            cwd=work, timeout=1200)
        tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
        imported = subprocess.run(["docker", "import", "-", BASE], stdin=tar.stdout, env=docker,
                                  capture_output=True, text=True, check=False)
        tar.wait()
        assert imported.returncode == 0 and tar.returncode == 0, imported.stderr
        shutil.rmtree(rootfs)
    ctx = work / "context"  # what `make image` puts in build/image
    (ctx / "ca").mkdir(parents=True)
    shutil.copy(built.wheel, ctx)
    shutil.copy(CONSTRAINTS, ctx)
    for crt in CA_DIR.glob("*.crt"):
        shutil.copy(crt, ctx / "ca")
    _docker(docker, "build", "--network", "host", "-f", str(ROOT / "docker" / "Dockerfile"), "-t", IMAGE,
            str(ctx), cwd=work, timeout=2400)
    return IMAGE


def test_container_runs_fixture_scenarios(docker: dict[str, str], image: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    res = _docker(docker, "run", "--rm", "--network", "host", "--cap-add", "SYS_PTRACE",
                  "-v", f"{out}:/work/out", image, "pimon", "run", "--app", "compliant", "--app", "eager-sdk",
                  "-s", "first-launch-refuse", "--out", "out", "--fail-on", "none", cwd=tmp_path, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    known = [r.code for r in all_rules()]
    docs = {}
    for path in out.glob("*/findings.json"):
        doc = json.loads(path.read_text())
        docs[doc["run"]["app"]["package"]] = doc
    assert sorted(docs) == ["com.example.compliant", "com.example.eagersdk"]
    for app, doc in zip(("compliant", "eager-sdk"), (docs["com.example.compliant"], docs["com.example.eagersdk"])):
        assert doc["pimon_version"] == __version__ and doc["run"]["status"] == "completed"
        got = {(f["rule"], f["api"], f["caller"], f["phase"]) for f in doc["findings"]}
        want = expected_findings(ROOT / "emulator" / "apps" / app, "first-launch-refuse", known)
        assert want is not None and got == want, app
    assert docs["com.example.eagersdk"]["findings"]  # the agent hooked the SDK's reads inside the container


def test_container_without_ptrace_is_told_so(docker: dict[str, str], image: str, tmp_path: Path) -> None:
    res = _docker(docker, "run", "--rm", "--network", "host", image, "pimon", "doctor", cwd=tmp_path,
                  check=False)
    assert res.returncode == 2, res.stdout
    lines = res.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if line.split()[:2] == ["FAIL", "ptrace"])
    assert "--cap-add SYS_PTRACE" in lines[i + 1]
    for check in ("agent", "scenarios", "emulator", "java", "keytool"):
        assert any(line.split()[:2] == ["ok", check] for line in lines), res.stdout
    assert _docker(docker, "run", "--rm", image, "adb", "version", cwd=tmp_path).stdout.startswith(
        "Android Debug Bridge")
