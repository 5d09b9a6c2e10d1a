"""`pimon serve` over SQLite through Starlette's TestClient: log-in, roles, CSRF, CSP, pages, hostile strings."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from monitor.cli.serve_cmd import bind_warning
from monitor.findings.baseline import load_baseline
from monitor.store.review import acceptances, get_user, revoke
from monitor.web import views as V
from monitor.web.auth import verify_password
from tests.reports.conftest import MARK
from tests.web.conftest import EAGER, PASSWORD, csrf_of


def test_pages_need_a_log_in(client_for) -> None:
    c = client_for(None)
    for path in ("/runs", "/sdks", "/baseline", "/baseline.yaml", "/runs/1", "/apps/x", "/suites/1"):
        r = c.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
    assert c.post("/baseline/accept", data={}).status_code == 401


def test_wrong_password_and_missing_csrf_are_refused(client_for) -> None:
    c = client_for(None)
    token = csrf_of(c.get("/login").text)
    r = c.post("/login", data={"user": "rita", "password": "wrong password", "csrf": token})
    assert r.status_code == 401 and "wrong user name or password" in r.text
    r = c.post("/login", data={"user": "nobody", "password": PASSWORD, "csrf": token})
    assert r.status_code == 401
    r = c.post("/login", data={"user": "rita", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403
    assert c.get("/runs", follow_redirects=False).status_code == 303  # still logged out


def test_session_is_a_signed_cookie_and_rotates_on_log_in(client_for) -> None:
    c = client_for(None)
    before = csrf_of(c.get("/login").text)
    c.post("/login", data={"user": "vera", "password": PASSWORD, "csrf": before})
    after = csrf_of(c.get("/runs").text)
    assert after != before  # a fresh token after log-in
    cookie = c.cookies.get("pimon_session")
    assert cookie and "vera" not in cookie  # signed (and base64), no readable user name
    c.cookies.set("pimon_session", cookie[:-4] + ("AAAA" if not cookie.endswith("AAAA") else "BBBB"))
    assert c.get("/runs", follow_redirects=False).status_code == 303  # tampered: logged out


def test_security_headers(client_for) -> None:
    c = client_for("vera")
    for path in ("/runs", "/login", "/sdks"):
        r = c.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"


def test_csrf_token_required_on_every_form(client_for, world) -> None:
    c = client_for("rita")
    page = c.get(f"/runs/{world.new}/review").text
    fp = BeautifulSoup(page, "html.parser").select_one("tr.finding")["data-fingerprint"]
    for data in ({"fingerprint": fp, "reason": "r"}, {"fingerprint": fp, "reason": "r", "csrf": "forged"}):
        assert c.post("/baseline/accept", data=data).status_code == 403
        assert c.post("/baseline/revoke", data=data).status_code == 403
        assert c.post("/logout", data=data).status_code == 403
    assert fp not in {a.fingerprint for a in acceptances(world.store)}
    other = client_for("adam")  # another session's token is not this session's
    stolen = csrf_of(other.get("/runs").text)
    assert c.post("/baseline/accept", data={"fingerprint": fp, "reason": "r", "csrf": stolen}).status_code == 403


def test_runs_filters_and_pages(client_for, world) -> None:
    c = client_for("vera")

    def ids(query: str) -> list[int]:
        soup = BeautifulSoup(c.get("/runs?" + query).text, "html.parser")
        return [int(a.text) for a in soup.select("a.run-link")]

    assert ids("") == [world.other, world.new, world.old, world.hostile]  # newest first
    assert ids(f"app={EAGER}") == [world.new, world.old]
    assert ids("suite=nightly") == [world.new, world.old]
    assert ids("scenario=first-launch-agree") == [world.other]
    assert ids("status=app-crashed") == [world.hostile]
    assert ids("device=emulator-1") == [world.other, world.new, world.old]
    assert ids("since=2025-12-02&until=2025-12-02") == [world.new]
    assert ids("severity=info") == []
    assert world.hostile in ids("severity=high") or world.new in ids("severity=high")
    assert c.get("/runs?since=yesterday").status_code == 400
    assert c.get("/runs?severity=%3Cb%3E").status_code == 400
    first, more = V.runs_page(world.store, {}, 1, size=3)
    second, more2 = V.runs_page(world.store, {}, 2, size=3)
    assert more and not more2 and [r.id for r in first + second] == [world.other, world.new, world.old, world.hostile]


def test_run_page_is_the_report_plus_artefacts(client_for, world) -> None:
    from monitor.reports import collect, render_html

    c = client_for("vera")
    r = c.get(f"/runs/{world.new}")
    assert r.status_code == 200
    soup = BeautifulSoup(r.text, "html.parser")
    assert soup.select_one("#serve-nav") is not None
    data = collect(world.store, world.new)
    plain = BeautifulSoup(render_html(data), "html.parser")
    # the same template: the report's own sections, headings and timeline, in the same order
    assert [h.get_text() for h in soup.select("h2")] == [h.get_text() for h in plain.select("h2")]
    assert soup.select("svg") and len(soup.select("svg")) == len(plain.select("svg"))
    links = [a["href"] for a in soup.select("a.artefact")]
    assert links == [f"/runs/{world.new}/artefacts/{f}" for f in ("json", "html", "junit", "sarif", "xlsx")]
    doc = json.loads(c.get(links[0]).content)
    assert doc["run"]["id"] == world.new and doc["findings"]
    assert c.get(links[4]).content[:2] == b"PK"  # xlsx is a zip
    assert c.get(f"/runs/{world.new}/artefacts/exe").status_code == 404
    assert c.get("/runs/999999").status_code == 404


def test_sdk_view_across_apps(client_for, world) -> None:
    c = client_for("vera")
    soup = BeautifulSoup(c.get("/sdks?sdk=sdk:umeng&category=device-id").text, "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("tr.sdk-use")]
    assert rows and all(r[0] == "sdk:umeng" and r[1] == "device-id" for r in rows)
    apps = {a.strip() for r in rows for a in r[3].split(",")}
    assert {EAGER, "com.example.other"} <= apps
    assert not BeautifulSoup(c.get("/sdks?sdk=sdk:nothing").text, "html.parser").select("tr.sdk-use")


def test_app_and_suite_pages(client_for, world) -> None:
    c = client_for("vera")
    soup = BeautifulSoup(c.get(f"/apps/{EAGER}").text, "html.parser")
    assert len(soup.select("#history-chart rect")) == 2
    assert "sdk:umeng" in soup.select_one("#app-sdks").get_text()
    assert soup.select("#verdicts tr")
    soup = BeautifulSoup(c.get(f"/suites/{world.suite2}").text, "html.parser")
    assert soup.select_one(f"#suite-grid a[href='/runs/{world.new}']")
    new = soup.select("tr.diff-new")
    assert new and all("LocationManager" in tr.get_text() for tr in new)  # the location read is new in #2
    assert not soup.select("tr.diff-fixed")
    assert c.get("/suites/424242").status_code == 404


def test_reviewer_accepts_viewer_is_refused_and_baseline_exports(client_for, world) -> None:
    viewer, reviewer = client_for("vera"), client_for("rita")
    page = viewer.get(f"/runs/{world.new}/review").text
    assert "read-only" in page and "form" not in BeautifulSoup(page, "html.parser").select_one("#findings").decode()
    soup = BeautifulSoup(reviewer.get(f"/suites/{world.suite2}").text, "html.parser")
    fp = soup.select_one("tr.diff-new")["data-fingerprint"]
    token = csrf_of(viewer.get("/runs").text)
    r = viewer.post("/baseline/accept", data={"fingerprint": fp, "reason": "vendor fix due", "csrf": token})
    assert r.status_code == 403 and fp not in {a.fingerprint for a in acceptances(world.store)}
    token = csrf_of(reviewer.get("/runs").text)
    r = reviewer.post("/baseline/accept", data={"fingerprint": fp, "reason": "Umeng 4.2 removes it", "until": "2099-01-01",
                                                "csrf": token, "back": f"/suites/{world.suite2}"},
                      follow_redirects=False)
    try:
        assert r.status_code == 303 and r.headers["location"] == f"/suites/{world.suite2}"
        soup = BeautifulSoup(reviewer.get(f"/suites/{world.suite2}").text, "html.parser")
        row = soup.select_one(f"tr.diff-new[data-fingerprint='{fp}']")
        assert row.select_one(".accepted") and "Umeng 4.2 removes it" in row.get_text()
        text = reviewer.get("/baseline.yaml").text
        doc = yaml.safe_load(text)
        entry = next(e for e in doc["accepted"] if e["fingerprint"] == fp)
        assert entry["by"] == "rita" and entry["app"] == EAGER and str(entry["until"]) == "2099-01-01"
        # the run page marks it accepted too (the report's own accepted badge)
        assert "Umeng 4.2 removes it" in viewer.get(f"/runs/{world.new}").text
        r = reviewer.post("/baseline/accept", data={"fingerprint": fp, "reason": "x", "until": "soon", "csrf": token})
        assert r.status_code == 400
        r = viewer.post("/baseline/revoke", data={"fingerprint": fp, "csrf": csrf_of(viewer.get("/runs").text)})
        assert r.status_code == 403 and fp in {a.fingerprint for a in acceptances(world.store)}
        r = reviewer.post("/baseline/revoke", data={"fingerprint": fp, "csrf": token}, follow_redirects=False)
        assert r.status_code == 303 and fp not in {a.fingerprint for a in acceptances(world.store)}
    finally:
        revoke(world.store, fp, by="test")


def test_exported_baseline_is_a_valid_baseline_file(client_for, world, tmp_path) -> None:
    c = client_for("rita")
    fp = BeautifulSoup(c.get(f"/runs/{world.old}/review").text, "html.parser").select_one("tr.finding")["data-fingerprint"]
    token = csrf_of(c.get("/runs").text)
    c.post("/baseline/accept", data={"fingerprint": fp, "reason": "ok", "csrf": token})
    try:
        path = tmp_path / "baseline.yaml"
        path.write_text(c.get("/baseline.yaml").text, encoding="utf-8")
        b = load_baseline(path)
        assert b.accepted(fp) is not None and b.accepted(fp).by == "rita"
    finally:
        revoke(world.store, fp, by="test")


PAGES = ["/runs", "/runs/{h}", "/runs/{h}/review", "/sdks", "/apps/com.example.app", "/baseline"]


@pytest.mark.parametrize("who", ["vera", "adam"])
def test_hostile_strings_render_inert(client_for, world, who: str) -> None:
    from tests.reports.conftest import HOSTILE

    c = client_for(who)
    if who == "adam":  # an acceptance whose reason is hostile, shown on the baseline page
        token = csrf_of(c.get("/runs").text)
        fp = BeautifulSoup(c.get(f"/runs/{world.hostile}/review").text,
                           "html.parser").select_one("tr.finding")["data-fingerprint"]
        c.post("/baseline/accept", data={"fingerprint": fp, "reason": HOSTILE[0] + HOSTILE[1], "csrf": token})
    try:
        for path in PAGES:
            r = c.get(path.format(h=world.hostile))
            assert r.status_code == 200, path
            soup = BeautifulSoup(r.text, "html.parser")
            assert not soup.find_all("script"), path
            assert not [(t.name, a) for t in soup.find_all(True) for a in t.attrs if a.lower().startswith("on")], path
            assert not soup.find_all(["img", "svg"], attrs={"onerror": True}) and MARK not in (soup.title.string or "")
            assert "\u202e" not in r.text  # bidi override made visible
    finally:
        if who == "adam":
            revoke(world.store, fp, by="test")


def test_user_add_command_and_password_hashing(tmp_path) -> None:
    from typer.testing import CliRunner

    from monitor.cli.main import app
    from monitor.store import open_store

    db = str(tmp_path / "u.db")
    runner = CliRunner()
    r = runner.invoke(app, ["user", "add", "zoe", "--role", "reviewer", "--db", db, "--password-stdin"],
                      input="s3cret-pass\n")
    assert r.exit_code == 0, r.output
    with open_store(db) as store:
        u = get_user(store, "zoe")
        assert u.role == "reviewer" and u.password_hash.startswith("$argon2id$") and "s3cret" not in u.password_hash
        assert verify_password(u.password_hash, "s3cret-pass") and not verify_password(u.password_hash, "wrong")
    r = runner.invoke(app, ["user", "add", "zoe", "--db", db, "--password-stdin"], input="another-pass\n")
    assert r.exit_code == 2 and "exists" in r.output
    r = runner.invoke(app, ["user", "add", "max", "--role", "god", "--db", db, "--password-stdin"], input="long-enough\n")
    assert r.exit_code == 2 and "unknown role" in r.output
    r = runner.invoke(app, ["user", "add", "max", "--db", db, "--password-stdin"], input="short\n")
    assert r.exit_code == 2 and "8 characters" in r.output


def test_non_loopback_bind_warns_loudly() -> None:
    assert bind_warning("127.0.0.1") is None and bind_warning("localhost") is None
    w = bind_warning("0.0.0.0")
    assert w and "TLS" in w and "0.0.0.0" in w


def test_identifiers_masked_unless_the_role_may_reveal(tmp_path) -> None:
    from starlette.testclient import TestClient

    from monitor.store import open_store
    from monitor.store.review import add_user
    from monitor.web.app import create_app
    from monitor.web.auth import hash_password
    from tests.reports.test_traffic_report import IMEI, build_traffic_run

    with open_store(tmp_path / "t.db") as store:
        run = build_traffic_run(store)
        for name, role in (("rita", "reviewer"), ("adam", "admin")):
            add_user(store, name, hash_password(PASSWORD), role)
        pages = {}
        for name in ("rita", "adam"):
            with TestClient(create_app(store, secret="s"), base_url="http://127.0.0.1") as c:
                token = csrf_of(c.get("/login").text)
                c.post("/login", data={"user": name, "password": PASSWORD, "csrf": token})
                pages[name] = c.get(f"/runs/{run}").text + c.get(f"/runs/{run}/artefacts/html").text
    assert IMEI not in pages["rita"] and "⟦imei#0 · plain · 15 bytes⟧" in pages["rita"]
    assert f'<mark title="imei#0 · plain">{IMEI}</mark>' in pages["adam"]


def test_pages_speak_the_reports_languages(client_for, world) -> None:
    c = client_for("vera")
    zh = c.get("/runs?lang=zh-CN").text
    assert 'lang="zh-CN"' in zh and "筛选" in zh and "退出登录" in zh
    assert "筛选" in c.get("/sdks").text  # kept for the session
    assert "Filter" in c.get("/runs?lang=en").text
