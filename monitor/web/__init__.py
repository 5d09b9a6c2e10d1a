"""``pimon serve``: a server-rendered results web UI over pimon's database (Starlette + Jinja2, no script).

    from monitor.web.app import create_app
    app = create_app(store, secret=b"...")     # an ASGI app; `pimon serve` runs it under uvicorn

Pages: runs (filtered, paginated), run (report.html's own template, plus artefacts), run review (accept
findings), SDKs across apps, app history, suite run (grid + diff vs the previous run), baseline (export).
Accounts: ``pimon user add`` (Argon2 hashes, roles viewer / reviewer / admin); ``monitor.web.auth``.
"""
