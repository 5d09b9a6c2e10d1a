"""The emulator compose file: parses, publishes only on loopback, passes KVM through, names its image."""

from __future__ import annotations

import yaml

from monitor.paths import REPO_ROOT

COMPOSE = REPO_ROOT / "docker" / "android-emulator.compose.yml"


def test_compose_file_is_loopback_only_and_documents_its_image():
    doc = yaml.safe_load(COMPOSE.read_text())
    svc = doc["services"]["android"]
    assert svc["image"] == "${PIMON_ANDROID_IMAGE:-budtmo/docker-android:emulator_14.0}"
    assert svc["devices"] == ["/dev/kvm"]
    assert svc["ports"] and all(p.startswith("127.0.0.1:") for p in svc["ports"])
    assert "5555" in {p.split(":")[1] for p in svc["ports"]}
    readme = (COMPOSE.parent / "README.md").read_text()
    assert "budtmo/docker-android:emulator_14.0" in readme and "Not verified here" in readme
