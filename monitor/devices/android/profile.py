"""A real device's identifiers, read through adb, for the traffic matcher (``Device.profile_values``).

Keys follow ``monitor.traffic.values.PROFILE_KINDS``/``PROFILE_LISTS``. Each value is read on its
own and silently left out when the device does not give it (permissions differ across versions);
IMEI/IMSI are left out: reading them needs ``service call`` parcels that differ per device.
"""

from __future__ import annotations

import re

from adbutils import AdbDevice

from monitor.devices.android.adb import root_mode, root_sh, sh

MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
INET = re.compile(r"\binet (\d{1,3}(?:\.\d{1,3}){3})/")


def _value(text: str) -> str:
    v = text.strip()
    return "" if v in ("", "null") or "\n" in v or "denied" in v.lower() else v


def read(dev: AdbDevice) -> dict[str, str]:
    mode = root_mode(dev)
    out = {
        "android_id": _value(sh(dev, "settings get secure android_id").out),
        "serial": _value(sh(dev, "getprop ro.serialno").out),
        "bluetooth.name": _value(sh(dev, "settings get secure bluetooth_name").out),
        "bluetooth.mac": _value(sh(dev, "settings get secure bluetooth_address").out).lower(),
    }
    mac_cmd = "cat /sys/class/net/wlan0/address"
    mac = (root_sh(dev, mac_cmd, mode) if mode else sh(dev, mac_cmd)).out.strip().lower()
    out["wifi.mac"] = mac if MAC.match(mac) else ""
    ip = INET.search(sh(dev, "ip -4 addr show wlan0").out)
    out["wifi.ip"] = ip.group(1) if ip else ""
    packages = sh(dev, "pm list packages -3")
    names = [
        line.removeprefix("package:").strip()
        for line in packages.out.splitlines()
        if line.startswith("package:")
    ]
    out["packages"] = ";".join(sorted(names))
    if not MAC.match(out["bluetooth.mac"]):
        out["bluetooth.mac"] = ""
    return {k: v for k, v in out.items() if v}
