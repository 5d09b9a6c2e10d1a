"""Real phones and Android emulators through adb, frida-server and uiautomator2 (issue 7).

``AndroidDevice(serial)`` implements :class:`monitor.devices.base.Device`; ``provision.setup`` /
``undo.teardown`` back ``pimon setup`` / ``pimon teardown``; ``doctor.run`` backs ``pimon doctor``.
Modules import adbutils/frida lazily where it matters, so importing this package is cheap.
"""
