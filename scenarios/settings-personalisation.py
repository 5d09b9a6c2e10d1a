"""Article 8(2): is there an option to turn personalised recommendations/ads off, and does it work?

Cold start with cleared data, agree to the privacy dialog (permissions denied), then walk the app's
settings — the labels in ``path`` (comma-separated) if given, else a bounded search (``max_screens``)
through controls named 设置/我的/隐私/settings/privacy … — for 个性化推荐/个性化广告/personalized. If the
switch is on it is turned off, with ``observe`` seconds watched before and after. The result is a
``fact:personalisation`` mark; PI-8.2-NO-NONPERSONALISED-OPTION (assisted) fires when no switch was
found or turning it off changed nothing pimon saw."""

from monitor.scenarios.consent import agree
from monitor.scenarios.walks import personalisation

PARAMS = {"observe": 4, "dialog_timeout": 10, "max_screens": 8, "path": ""}


def scenario(ctx, params):
    ctx.launch(cold=True, clear_data=True)
    agree(ctx, timeout=float(params["dialog_timeout"]), permissions="deny")
    ctx.observe(1)
    path = [p.strip() for p in str(params["path"] or "").split(",") if p.strip()]
    personalisation(ctx, max_screens=int(params["max_screens"]), observe=float(params["observe"]), path=path or None)
