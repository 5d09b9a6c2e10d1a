"""Article 6(3), second half: re-consent when the rules change.

Install version N (the app under test), start it with cleared data and agree; observe; then install
``update`` (a fixture name or app file of the same package) over it with the data kept, start it again
and answer a consent dialog with 同意 if one comes within ``dialog_timeout`` seconds; observe. A
``fact:upgrade`` mark records both versions' policy hash and SDK list; PI-6.3-NO-RECONSENT fires when the
policy changed and SDKs it did not list before collect without a new consent."""

from monitor.errors import ConfigError
from monitor.scenarios.consent import agree
from monitor.scenarios.walks import upgrade

PARAMS = {"update": "", "observe": 4, "dialog_timeout": 8, "reconsent_timeout": 4}


def scenario(ctx, params):
    if not params["update"]:
        raise ConfigError("upgrade-keep-data needs the parameter update=<fixture or app file>")
    ctx.launch(cold=True, clear_data=True)
    agree(ctx, timeout=float(params["dialog_timeout"]), permissions="deny")
    ctx.observe(float(params["observe"]))
    upgrade(ctx, str(params["update"]))
    ctx.launch(cold=True, clear_data=False)
    agree(ctx, timeout=float(params["reconsent_timeout"]), permissions="deny")
    ctx.observe(float(params["observe"]))
