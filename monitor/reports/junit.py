"""``junit.xml``: one testsuite per run; one testcase per rule (passing when it found nothing) and one
failing testcase per finding, so CI systems show each violation as a failed test."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from monitor.reports.data import ReportData
from monitor.rules.registry import all_rules

_XML_BAD = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: object, limit: int = 4000) -> str:
    s = str(value)[:limit].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _XML_BAD.sub("\ufffd", s)


def _phase(phase: str) -> str:
    """``before any privacy dialog (unknown)``: the phase in words, with its machine name."""
    from monitor.reports.i18n import translations
    from monitor.reports.words import phase as words

    said = words(phase, translations("en").gettext)
    return f"{said} ({phase})" if said != phase else phase


def write_junit(data: ReportData, path: Path) -> None:
    run = data.run
    suite_name = f"pimon.{run.app_package}.{run.scenario or 'run'}"
    suite = ET.Element("testsuite", name=_x(suite_name, 300), tests="0", failures="0", errors="0",
                       timestamp=dt.datetime.fromtimestamp(run.started_ms / 1000, dt.UTC)
                       .replace(tzinfo=None).isoformat(timespec="seconds"))
    props = ET.SubElement(suite, "properties")
    for k, v in (("run_id", run.id), ("status", run.status), ("status_reason", run.status_reason or ""),
                 ("device", run.device_kind), ("pimon_version", run.pimon_version)):
        ET.SubElement(props, "property", name=k, value=_x(v, 500))
    tests = failures = errors = 0
    if run.status != "completed":
        errors += 1
        tests += 1
        case = ET.SubElement(suite, "testcase", classname=_x(suite_name, 300), name="run")
        ET.SubElement(case, "error", message=_x(f"run {run.status}: {run.status_reason or ''}", 500),
                      type=run.status)
    fired = {f.rule for f in data.findings}
    for r in all_rules():
        if r.code not in fired:
            tests += 1
            ET.SubElement(suite, "testcase", classname=f"pimon.rules.{r.code}", name=r.name)
    skipped = 0
    for f in data.findings:
        tests += 1
        case = ET.SubElement(suite, "testcase", classname=f"pimon.rules.{f.rule}",
                             name=_x(f"{f.api} [{f.caller}] {f.phase}", 500))
        accepted = data.accepted(f)
        if accepted is not None:  # in the baseline: reported, not failing
            skipped += 1
            ET.SubElement(case, "skipped", message=_x(f"accepted by {accepted.by}"
                                                      + (f" until {accepted.until}" if accepted.until else "")
                                                      + f": {accepted.reason}", 1000))
            continue
        failures += 1
        note = "[needs review] " if f.kind == "assisted" else ""
        fail = ET.SubElement(case, "failure", message=_x(note + f.message, 1000), type=f.severity)
        frame = f.caller_frame or {}
        fail.text = _x(
            f"article {f.article}, severity {f.severity}\n"
            f"api {f.api} ({f.category}); caller {f.caller}"
            + (f" via {' -> '.join(f.chain)}" if f.chain else "")
            + (f" at {frame.get('class')}.{frame.get('method')}({frame.get('file')}:{frame.get('line')})" if frame else "")
            + f"\nphase {_phase(f.phase)}; count {f.count}; first {f.first_ms} ms; last {f.last_ms} ms\n"
            + (f"fingerprint {f.fingerprint}\n" if f.fingerprint else "")
        )
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    root = ET.Element("testsuites", name="pimon")
    root.append(suite)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
