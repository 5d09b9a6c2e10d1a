"""The Starlette application of ``pimon serve`` (server-rendered; the only script-free CSP is enforced)."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from monitor.errors import ConfigError
from monitor.store import Store
from monitor.store import review as R
from monitor.web import auth
from monitor.web import views as V

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
LANGS = ("en", "zh-CN")
ARTEFACTS = {"json": ("findings.json", "application/json"), "html": ("report.html", "text/html; charset=utf-8"),
             "junit": ("junit.xml", "application/xml"), "sarif": ("findings.sarif", "application/json"),
             "xlsx": ("findings.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


class SecurityHeaders:
    """CSP (no script at all), no sniffing, no framing, no referrer, no caching of pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
                            (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with)


@functools.lru_cache(maxsize=4)
def _env(lang: str) -> Environment:
    from monitor.reports.html import _env as report_env

    base = report_env(lang)  # the report's filters (show, short, clock) and message catalog
    return base.overlay(loader=ChoiceLoader([PackageLoader("monitor.web", "templates"),
                                             PackageLoader("monitor.reports", "templates")]))


def create_app(store: Store, *, secret: str, secure_cookies: bool = False) -> Starlette:
    """The ASGI app over ``store``; ``secret`` signs session cookies; ``secure_cookies`` behind TLS."""

    def lang_of(request: Request) -> str:
        want = request.query_params.get("lang")
        if want in LANGS:
            request.session["lang"] = want
        got = request.session.get("lang")
        return got if got in LANGS else "en"

    def user_of(request: Request) -> R.User | None:
        name = request.session.get("user")
        return R.get_user(store, name) if isinstance(name, str) else None

    def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        lang = lang_of(request)
        user = ctx.pop("user", None)
        html = _env(lang).get_template(name).render(
            lang=lang, user=user, csrf=request.session.get("csrf", ""), path=request.url.path,
            may=lambda what: user is not None and auth.may(user.role, what), **ctx)
        return HTMLResponse(html, status_code=status)

    Handler = Callable[[Request, R.User], Awaitable[Response]]

    def page(what: str = "view") -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
        """Log-in required, permission ``what``; POSTs need the session's CSRF token."""
        def wrap(fn: Handler) -> Callable[[Request], Awaitable[Response]]:
            @functools.wraps(fn)
            async def endpoint(request: Request) -> Response:
                user = await run_in_threadpool(user_of, request)
                if user is None:
                    if request.method != "GET":
                        return PlainTextResponse("log in first", status_code=401)
                    return RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)
                if request.method == "POST":
                    form = await request.form()
                    if not auth.csrf_ok(request.session.get("csrf"), form.get("csrf")):
                        return PlainTextResponse("CSRF token missing or wrong: reload the page", status_code=403)
                if not auth.may(user.role, what):
                    return render(request, "error.html.j2", 403, user=user,
                                  message=f"your role ({user.role}) may not do this")
                return await fn(request, user)
            return endpoint
        return wrap

    async def login(request: Request) -> Response:
        if request.method == "GET":
            request.session.setdefault("csrf", auth.new_csrf())
            return render(request, "login.html.j2", next=request.query_params.get("next", "/runs"))
        form = await request.form()
        if not auth.csrf_ok(request.session.get("csrf"), form.get("csrf")):
            return PlainTextResponse("CSRF token missing or wrong: reload the page", status_code=403)
        name, password = str(form.get("user", "")), str(form.get("password", ""))
        user = await run_in_threadpool(R.get_user, store, name)
        ok = await run_in_threadpool(auth.verify_password, user.password_hash if user else None, password)
        if not ok or user is None:
            return render(request, "login.html.j2", 401, next=form.get("next", "/runs"),
                          error="wrong user name or password")
        if auth.needs_rehash(user.password_hash):
            await run_in_threadpool(R.set_password_hash, store, name, auth.hash_password(password))
        lang = request.session.get("lang")
        request.session.clear()  # a fresh session (and CSRF token) on log-in: no fixation
        request.session.update({"user": user.name, "csrf": auth.new_csrf(), **({"lang": lang} if lang else {})})
        nxt = str(form.get("next") or "/runs")
        return RedirectResponse(nxt if nxt.startswith("/") and not nxt.startswith("//") else "/runs", status_code=303)

    @page()
    async def logout(request: Request, user: R.User) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    async def home(request: Request) -> Response:
        return RedirectResponse("/runs", status_code=303)

    @page()
    async def runs(request: Request, user: R.User) -> Response:
        params = {k: request.query_params.get(k, "") for k in V.FILTERS}
        try:
            pg = max(int(request.query_params.get("page", "1")), 1)
            rows, more = await run_in_threadpool(V.runs_page, store, params, pg)
        except (V.BadFilter, ValueError) as exc:
            return render(request, "error.html.j2", 400, user=user, message=str(exc))
        keep = {k: v for k, v in params.items() if v}
        return render(request, "runs.html.j2", user=user, runs=rows, params=params, page=pg, more=more,
                      link=lambda n: "/runs?" + urlencode({**keep, "page": n}), severities=V.SEVERITIES)

    def _report_data(run_id: int, user: R.User, lang: str) -> Any:
        from monitor.findings.baseline import Baseline, Entry
        from monitor.reports.data import collect

        data = collect(store, run_id)
        data.reveal = auth.may(user.role, "reveal")
        if not data.reveal:
            from monitor.reports.mask import mask_report

            mask_report(data)
        data.lang = lang
        entries = [Entry(fingerprint=a.fingerprint, reason=a.reason, by=a.by, until=a.until,
                         **{k: v for k, v in a.fields.items()}) for a in R.acceptances(store)
                   if len(a.fingerprint) == 32]
        data.baseline = Baseline("pimon serve", entries)
        return data

    async def _run_or_404(request: Request, user: R.User) -> int | Response:
        try:
            run_id = int(request.path_params["run_id"])
            await run_in_threadpool(store.get_run, run_id)
        except (KeyError, ValueError):
            return render(request, "error.html.j2", 404, user=user, message="no such run")
        return run_id

    @page()
    async def run(request: Request, user: R.User) -> Response:
        from monitor.reports.html import render_html

        got = await _run_or_404(request, user)
        if isinstance(got, Response):
            return got
        lang = lang_of(request)
        data = await run_in_threadpool(_report_data, got, user, lang)
        nav = _env(lang).get_template("run_nav.html.j2").render(run=data.run, artefacts=ARTEFACTS, user=user,
                                                                 may=lambda w: auth.may(user.role, w))
        html = await run_in_threadpool(render_html, data, nav=Markup(nav))
        return HTMLResponse(html)

    @page()
    async def artefact(request: Request, user: R.User) -> Response:
        from monitor.reports import WRITERS

        got = await _run_or_404(request, user)
        if isinstance(got, Response):
            return got
        fmt = request.path_params["fmt"]
        if fmt not in ARTEFACTS:
            return render(request, "error.html.j2", 404, user=user, message="no such artefact")
        name, mime = ARTEFACTS[fmt]
        data = await run_in_threadpool(_report_data, got, user, lang_of(request))

        def build() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / name
                WRITERS[fmt](data, path)
                return path.read_bytes()

        body = await run_in_threadpool(build)
        return Response(body, media_type=mime,
                        headers={"content-disposition": f'attachment; filename="run-{got}-{name}"'})

    @page()
    async def review(request: Request, user: R.User) -> Response:
        got = await _run_or_404(request, user)
        if isinstance(got, Response):
            return got
        data = await run_in_threadpool(_report_data, got, user, lang_of(request))
        return render(request, "review.html.j2", user=user, run=data.run, findings=data.findings,
                      accepted=data.accepted)

    @page("accept")
    async def accept(request: Request, user: R.User) -> Response:
        form = await request.form()
        fp = str(form.get("fingerprint", ""))
        until_text = str(form.get("until", "")).strip()
        try:
            until = dt.date.fromisoformat(until_text) if until_text else None
        except ValueError:
            return render(request, "error.html.j2", 400, user=user, message="until: a date is YYYY-MM-DD")
        fields = await run_in_threadpool(V.finding_identity, store, fp)
        if fields is None:
            return render(request, "error.html.j2", 404, user=user, message="no stored finding has this fingerprint")
        try:
            await run_in_threadpool(lambda: R.accept(store, fp, reason=str(form.get("reason", "")), by=user.name,
                                                     until=until, fields=fields))
        except ConfigError as exc:
            return render(request, "error.html.j2", 400, user=user, message=str(exc))
        back = str(form.get("back") or "/baseline")
        return RedirectResponse(back if back.startswith("/") and not back.startswith("//") else "/baseline",
                                status_code=303)

    @page("accept")
    async def revoke(request: Request, user: R.User) -> Response:
        form = await request.form()
        await run_in_threadpool(lambda: R.revoke(store, str(form.get("fingerprint", "")), by=user.name))
        return RedirectResponse("/baseline", status_code=303)

    @page()
    async def baseline(request: Request, user: R.User) -> Response:
        items = await run_in_threadpool(R.acceptances, store)
        return render(request, "baseline.html.j2", user=user, items=items, today=dt.date.today())

    @page()
    async def baseline_file(request: Request, user: R.User) -> Response:
        from monitor.findings.baseline import dump_baseline

        items = await run_in_threadpool(R.acceptances, store)
        return PlainTextResponse(dump_baseline(R.baseline_document(items)), media_type="application/yaml",
                                 headers={"content-disposition": 'attachment; filename="baseline.yaml"'})

    @page()
    async def sdks(request: Request, user: R.User) -> Response:
        q = {k: request.query_params.get(k) or None for k in ("sdk", "category", "phase")}
        rows = await run_in_threadpool(lambda: V.sdk_usage(store, **q))
        return render(request, "sdks.html.j2", user=user, rows=rows, q=q)

    @page()
    async def app_page(request: Request, user: R.User) -> Response:
        from monitor.reports.data import collect
        from monitor.reports.verdict import verdicts

        package = request.path_params["package"]

        def load() -> dict[str, Any]:
            history = store.list_runs(app_package=package, limit=200)
            latest = next((r for r in history if r.status == "completed"), history[0] if history else None)
            rows = []
            if latest is not None:
                d = collect(store, latest.id)
                rows = verdicts(d.rules, d.findings, d.timeline, d.run.config or {})
            return {"history": history, "latest": latest, "verdicts": rows, "sdks": V.app_sdks(store, package),
                    "bars": V.chart(history)}

        ctx = await run_in_threadpool(load)
        if not ctx["history"]:
            return render(request, "error.html.j2", 404, user=user, message="no runs of this app")
        return render(request, "app.html.j2", user=user, package=package, **ctx)

    @page()
    async def suite(request: Request, user: R.User) -> Response:
        from monitor.findings.diff import diff
        from monitor.findings.sources import suite_set
        from monitor.store.suites import get_suite_run, previous_suite_run

        def load() -> dict[str, Any]:
            sid = int(request.path_params["suite_id"])
            info = get_suite_run(store, sid)
            cells = store.list_runs(suite_run_id=sid, limit=None)
            prev = previous_suite_run(store, sid)
            d = diff(suite_set(store, prev.id), suite_set(store, sid)) if prev is not None else None
            accepted = {a.fingerprint: a for a in R.acceptances(store)}
            return {"info": info, "cells": cells, "prev": prev, "diff": d, "accepted": accepted,
                    "apps": sorted({c.app_package for c in cells}),
                    "scenarios": sorted({c.scenario or "" for c in cells})}

        try:
            ctx = await run_in_threadpool(load)
        except (KeyError, ValueError, ConfigError):
            return render(request, "error.html.j2", 404, user=user, message="no such suite run")
        return render(request, "suite.html.j2", user=user, **ctx)

    routes = [
        Route("/", home), Route("/login", login, methods=["GET", "POST"]), Route("/logout", logout, methods=["POST"]),
        Route("/runs", runs), Route("/runs/{run_id}", run), Route("/runs/{run_id}/review", review),
        Route("/runs/{run_id}/artefacts/{fmt}", artefact), Route("/sdks", sdks), Route("/apps/{package}", app_page),
        Route("/suites/{suite_id}", suite), Route("/baseline", baseline), Route("/baseline.yaml", baseline_file),
        Route("/baseline/accept", accept, methods=["POST"]), Route("/baseline/revoke", revoke, methods=["POST"]),
    ]
    middleware = [Middleware(SecurityHeaders),
                  Middleware(SessionMiddleware, secret_key=secret, session_cookie="pimon_session",
                             max_age=12 * 3600, same_site="strict", https_only=secure_cookies)]
    return Starlette(routes=routes, middleware=middleware)
