"""``pimon sdk reach SDK.jar|.aar [LIB...]``: what an SDK's bytecode references, before running it.
``pimon sdk audit SDK.jar|.aar [LIB...] --init ...``: run it in a harness app, before and after consent.

Mounted by ``monitor.cli.main`` with ``sdk_cmd.register(app)``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from monitor.errors import ConfigError, PimonError
from monitor.textsafe import escape

sdk_app = typer.Typer(help="Third-party SDKs: static reachability of their bytecode, and running them in a harness.",
                      no_args_is_help=True)


@sdk_app.command("reach")
def reach_command(
    files: list[Path] = typer.Argument(..., help="The SDK (.jar or .aar) and the vendor libraries it needs."),
    fmt: str = typer.Option("table", "--format", help="table or json."),
    top: int = typer.Option(15, "--top", help="Rows per table (json: all)."),
) -> None:
    """Which catalog APIs the SDK references (with the calling class and method), which it names by
    reflection, and which platform classes and members it needs that the emulator framework lacks
    (with the SDK classes that cannot load because of them)."""
    from monitor.audit.report import framework_classes, static_audit
    from monitor.catalog import load_catalog

    out, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    if fmt not in ("table", "json"):
        err.print(f"[red]error:[/red] --format {escape(fmt)}: table or json")
        raise typer.Exit(2)
    try:
        doc = static_audit(files, load_catalog(), framework_classes())
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    if fmt == "json":
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    personal = [a for a in doc["catalog_apis"] if a["personal"]]
    t = Table(title=f"personal-information APIs referenced ({len(personal)} of {len(doc['catalog_apis'])} "
                    "catalog APIs)", show_edge=False)
    for col in ("api", "pi", "callers", "first caller"):
        t.add_column(col)
    for a in personal[:top]:
        what = ", ".join(a["pi"] or a["categories"]) + (" (if the argument matches)" if a["conditional"] else "")
        t.add_row(escape(a["api"]), escape(what), str(len(a["callers"])), escape(a["callers"][0]))
    out.print(t)
    for r in doc["reflective"][:top]:
        out.print(f"by reflection: {escape(r['class'])} (in {escape(r['callers'][0])})")
    p = doc["platform"]
    out.print(f"\n{doc['classes']} classes; platform: {p['classes_missing']} of {p['classes_referenced']} classes "
              f"missing from the emulator framework ({p['ui_classes_missing']} UI), {p['members_missing']} of "
              f"{p['members_referenced']} members missing; {len(doc['unloadable'])} SDK classes cannot load")
    t = Table(title="missing platform classes", show_edge=False)
    for col in ("class", "used by", "e.g."):
        t.add_column(col)
    for c in doc["missing_classes"][:top]:
        t.add_row(escape(c["class"]) + (" (UI)" if c["ui"] else ""), str(c["used_by"]), escape(c["example"]))
    out.print(t)
    t = Table(title="missing platform members", show_edge=False)
    for col in ("member", "used by", "e.g."):
        t.add_column(col)
    for m in doc["missing_members"][:top]:
        t.add_row(escape(m["member"]) + escape(m["descriptor"]), str(m["used_by"]), escape(m["example"]))
    out.print(t)
    if doc["unreadable_classes"]:
        out.print(f"[yellow]{len(doc['unreadable_classes'])} class files could not be read[/yellow]")


@sdk_app.command("audit")
def audit_command(
    files: list[Path] = typer.Argument(..., help="The SDK (.jar or .aar) and the vendor libraries it needs."),
    init: list[str] = typer.Option([], "--init", help="An init entry point: pkg.Class.method (parameters filled "
                                   "by type) or a Java statement with `context` and key(\"NAME\") in scope. "
                                   "Default: the documented integration of the SDKs recognised in FILES "
                                   "(monitor/sdk/sdks.yaml, with its source)."),
    pre_init: list[str] = typer.Option([], "--pre-init", help="The vendor's pre-init / privacy-mode call, made in "
                                       "Application.onCreate in both modes (same forms as --init)."),
    key: list[str] = typer.Option([], "--key", help="NAME=VALUE: a manifest meta-data entry and a value for the "
                                  "entry points (app keys, channel)."),
    scenario: list[str] = typer.Option(["first-launch-agree"], "--scenario", "-s", help="Scenario(s) per mode."),
    mode: list[str] = typer.Option(["before-consent", "after-consent"], "--mode",
                                   help="before-consent (init in Application.onCreate) and/or after-consent "
                                        "(init when 同意 is tapped)."),
    out: Path = typer.Option(Path("out/sdk-audit"), "--out", "-o", help="Reports, audit.json and the harness jars."),
    db: str | None = typer.Option(None, "--db", help="SQLAlchemy URL or SQLite path (default: pimon's database)."),
) -> None:
    """Run the SDK in a generated harness app on the embedded emulator — initialised before the privacy dialog
    (a careless integration) and after consent (the compliant one) — through the same run as `pimon run`, and
    report per mode what it collected and sent, attributed to the SDK, in which consent phase; a run whose SDK
    code hit a linkage error is `sdk-incomplete` and names what the emulator's framework lacks."""
    from monitor.audit.audit import audit_sdk
    from monitor.audit.harness import MODES, HarnessSpec, aar_manifest, check_entry, parse_key
    from monitor.devices.emulator.device import EmulatorDevice
    from monitor.paths import state_home
    from monitor.store import open_store

    out_c, err = Console(soft_wrap=True), Console(stderr=True, soft_wrap=True)
    try:
        for m in mode:
            if m not in MODES:
                raise ConfigError(f"--mode {m!r}: one of {', '.join(MODES)}")
        perms: list[str] = []
        comps: list[str] = []
        for f in files:
            if f.suffix == ".aar" and f.is_file():
                p, c = aar_manifest(f)
                perms += p
                comps += c
        from monitor.audit.harness import DEFAULT_PERMISSIONS

        keys = tuple(parse_key(k) for k in key)
        documented = None
        if not init:
            from monitor.audit.integration import documented as documented_integration

            documented = documented_integration(files, keys=keys)
            init, pre_init, keys = list(documented.inits), [*documented.pre_inits, *pre_init], documented.keys
            err.print(f"[dim]entry points of {escape(', '.join(documented.sdks))} from monitor/sdk/sdks.yaml "
                      f"(source: {escape('; '.join(documented.sources))})[/dim]")
        spec = HarnessSpec(sdk_files=tuple(files), inits=tuple(check_entry(i) for i in init),
                           pre_inits=tuple(check_entry(i, "--pre-init") for i in pre_init),
                           keys=keys,
                           permissions=tuple(dict.fromkeys([*DEFAULT_PERMISSIONS, *perms])),
                           components=tuple(dict.fromkeys(comps)))
        device = EmulatorDevice(state_home() / "devices" / "sdk-audit", "sdk-audit")
        try:
            runs = audit_sdk(spec, store=open_store(db), device=device, out_dir=out, scenarios=tuple(scenario),
                             modes=tuple(mode), progress=lambda msg: err.print(f"[dim]{escape(msg)}[/dim]"))
        finally:
            device.close()
    except PimonError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    out.mkdir(parents=True, exist_ok=True)
    doc = {"sdk": [str(f) for f in files], "init": list(spec.inits), "pre_init": list(spec.pre_inits),
           "integration_source": list(documented.sources) if documented else ["--init"],
           "runs": [r.__dict__ for r in runs]}
    (out / "audit.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    for r in runs:
        out_c.print(f"\n[bold]{escape(r.mode)}[/bold] × {escape(r.scenario)}: run {r.run_id} {escape(r.status)}")
        t = Table(show_edge=False)
        for col in ("caller", "phase", "api / host", "pi", "n"):
            t.add_column(col)
        for c in r.collected:
            t.add_row(escape(c["caller"]), escape(c["phase"]), escape(c["api"]), escape(c["pi"]), str(c["count"]))
        for c in r.sent:
            t.add_row(escape(c["caller"]), escape(c["phase"]), "sent to " + escape(c["host"]), escape(c["pi"]),
                      str(c["count"]))
        out_c.print(t if r.collected or r.sent else "  no personal information collected or sent")
        for f in r.failures:
            from monitor.audit.outcome import LinkageFailure

            out_c.print(f"  [yellow]sdk-incomplete:[/yellow] {escape(LinkageFailure(**f).summary())}")
    out_c.print(f"\n{escape(str(out / 'audit.json'))}")
    if any(r.status not in ("completed", "sdk-incomplete") for r in runs):
        raise typer.Exit(3)


def register(app: typer.Typer) -> None:
    """Mount ``sdk`` on the pimon CLI."""
    app.add_typer(sdk_app, name="sdk")
