"""``pimon sdk audit``: run an SDK binary in a harness app on the emulator, before and after consent.

For each integration mode (``monitor.audit.harness.MODES``) × scenario: build the harness, install it on the
audit's emulator device, and run it through the run service (``monitor.run.execute_run``: agent, traffic,
consent timeline, rules, reports — the same run as ``pimon run``). The harness JVM writes HotSpot's exception
log; the run's ``outcome`` hook reads it (``monitor.audit.outcome``) and ends the run as ``sdk-incomplete``
when SDK code hit a linkage error, with the failures in the run's ``config.sdk_audit``. The audit then reads
back, per run, the personal-information calls and the flows carrying PI, each with its caller (the SDK by
package prefix, ``other:<pkg>``, or the harness ``app``) and its consent phase.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monitor.audit import harness
from monitor.audit.classfile import ClassFormatError, parse
from monitor.audit.outcome import LinkageFailure, parse_exception_log, read_logs, status_of
from monitor.errors import ConfigError


@dataclass
class PhaseRun:
    mode: str
    scenario: str
    run_id: int
    status: str
    reason: str | None
    collected: list[dict[str, Any]] = field(default_factory=list)  # caller, phase, api, pi, count
    sent: list[dict[str, Any]] = field(default_factory=list)  # caller, phase, host, pi, count
    failures: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    reports: dict[str, str] = field(default_factory=dict)


def field_owner_in(jar: Path) -> Callable[[str, str], str | None]:
    """``(class, field name) -> owner`` from the class's own field references (HotSpot names only the field)."""

    def owner(cls: str, name: str) -> str | None:
        try:
            with zipfile.ZipFile(jar) as zf:
                info = parse(zf.read(cls.replace(".", "/") + ".class"))
        except (KeyError, OSError, zipfile.BadZipFile, ClassFormatError):
            return None
        owners = sorted({r.owner for r in info.member_refs() if r.kind == "field" and r.name == name})
        return owners[0] if len(owners) == 1 else None

    return owner


def exception_log_args(log_dir: Path) -> tuple[str, ...]:
    """HotSpot's exception log, one file per process (``%p``), two 8 MB rotations at most."""
    text = str(log_dir)
    if any(c in text for c in ":,\"' \n"):
        raise ConfigError(f"{log_dir}: the audit's work directory may not contain ':', ',', quotes or spaces "
                          "(it goes into a JVM -Xlog option)")
    return (f"-Xlog:exceptions=info:file={text}/exceptions-%p.log::filecount=2,filesize=8m",)


def collected(store: Any, run_id: int, package: str, catalog: Any) -> tuple[list[dict[str, Any]],
                                                                             list[dict[str, Any]]]:
    """The run's personal-information calls and PI-carrying flows: (caller, phase, api|host, pi) with counts.
    As for the rules, lookups of the harness's own package (JCore's privacy-mode call reads the app's own
    PackageInfo) and the platform's own calls are not the SDK collecting (``rules.engine.without_system_calls``)."""
    from monitor.rules.common import caller_of
    from monitor.rules.engine import without_system_calls

    tl = without_system_calls(store.load_timeline(run_id))
    calls: Counter[tuple[str, str, str, str]] = Counter()
    for c in tl.calls:
        if catalog.is_personal(c.category):
            calls[(caller_of(c, package), tl.phase_at(c.ts), c.api, c.pi or c.category)] += 1
    flows: Counter[tuple[str, str, str, str]] = Counter()
    for f in getattr(tl, "flows", []) or []:
        kinds = sorted({str(m.get("kind")) for m in f.matches if m.get("kind")})
        if kinds:
            flows[(f.caller or "-", tl.phase_at(f.ts), f.host, ",".join(kinds))] += 1
    return ([{"caller": k[0], "phase": k[1], "api": k[2], "pi": k[3], "count": n} for k, n in sorted(calls.items())],
            [{"caller": k[0], "phase": k[1], "host": k[2], "pi": k[3], "count": n} for k, n in sorted(flows.items())])


def _outcome(spec: harness.HarnessSpec, mode: str, log_dir: Path, owner: Callable[[str, str], str | None],
             failures: list[LinkageFailure]) -> Callable[[Any, int, str, str | None], tuple[str, str] | None]:
    """The run's outcome hook: the linkage failures in its exception logs, stored as ``config.sdk_audit``."""

    def outcome(store: Any, run_id: int, status: str, reason: str | None) -> tuple[str, str] | None:
        failures[:] = parse_exception_log(read_logs(log_dir), owner)
        store.update_run_config(run_id, {"sdk_audit": {
            "mode": mode, "sdk": [str(f) for f in spec.sdk_files], "init": list(spec.inits),
            "pre_init": list(spec.pre_inits), "failures": [f.as_dict() for f in failures]}})
        decided = status_of(failures)
        if decided is None:
            return None
        if status == "app-crashed" and reason:
            return decided[0], f"{decided[1]}\n{reason}"
        return decided

    return outcome


def audit_sdk(spec: harness.HarnessSpec, *, store: Any, device: Any, out_dir: Path | None,
              scenarios: tuple[str, ...] = ("first-launch-agree",), modes: tuple[str, ...] = harness.MODES,
              formats: tuple[str, ...] = ("json", "html"), progress: Callable[[str], None] | None = None,
              catalog: Any = None, params: dict[str, Any] | None = None) -> list[PhaseRun]:
    """Every mode × scenario as a run of its own; returns what each run's SDK code collected and where it stopped.
    ``params``: scenario parameter overrides (``observe`` …)."""
    from monitor.catalog import load_catalog
    from monitor.devices.emulator.jarbuild import find_javac
    from monitor.run import execute_run
    from monitor.scenarios.loader import load_scenario

    catalog = catalog or load_catalog()
    loaded = [load_scenario(s, params or {}, strict=False) for s in scenarios]  # every scenario checked before a run
    say = progress or (lambda msg: None)
    javac = find_javac()
    results: list[PhaseRun] = []
    with tempfile.TemporaryDirectory(prefix="pimon-sdk-audit-") as tmp:
        for mode in modes:
            jar = (out_dir / mode / "harness.jar") if out_dir is not None else Path(tmp) / mode / "harness.jar"
            say(f"{mode}: building the harness")
            harness.build_harness(spec, mode, jar, device.framework_jar, javac)
            package = device.install(jar)
            owner = field_owner_in(jar)
            for scenario in loaded:
                log_dir = Path(tmp) / f"{mode}-{scenario.name}-log"
                log_dir.mkdir(parents=True)
                device.app_jvm_args[package] = exception_log_args(log_dir)
                failures: list[LinkageFailure] = []

                say(f"{mode}: running {scenario.name}")
                run_out = out_dir / f"{mode}--{scenario.name}" if out_dir is not None else None
                result = execute_run(device=device, package=package, scenario=scenario, store=store,
                                     catalog=catalog, out_dir=run_out, params=params, formats=formats, app_file=jar,
                                     progress=say, outcome=_outcome(spec, mode, log_dir, owner, failures))
                calls, flows = collected(store, result.run_id, package, catalog)
                results.append(PhaseRun(
                    mode=mode, scenario=scenario.name, run_id=result.run_id, status=result.status,
                    reason=result.reason, collected=calls, sent=flows, failures=[f.as_dict() for f in failures],
                    findings=[{"rule": f.rule, "api": f.api, "caller": f.caller, "phase": f.phase}
                              for f in result.findings],
                    reports={k: str(v) for k, v in result.reports.items()}))
            device.app_jvm_args.pop(package, None)
    return results
