"""pimon's JVM emulator: device driver, app processes, control channel and UI driver.

Typical use (what ``monitor.run`` does)::

    dev = EmulatorDevice()                       # state dir: state_home()/devices/emulator
    pkg = dev.install_fixture("eager-sdk")       # or dev.install(Path("my-app.jar"))
    proc = dev.spawn(pkg, on_event=callback)     # gated JVM: attach Frida to proc.pid now
    session = dev.frida_device().attach(proc.pid)
    ...                                          # load the agent
    proc.release()                               # the app's classes load and run from here
    proc.wait_foreground()
    xml = dev.ui.dump_hierarchy(); dev.ui.click(x, y); dev.ui.press("home")
    proc.stop()

Events (``DeviceEvent``: lifecycle, ui, component-start, log, exit) reach ``on_event`` from a
reader thread and are kept in ``proc.events`` for ``proc.wait_for(...)`` / ``proc.wait_log(...)``.
Wire format: docs/architecture.md §1.
"""

from monitor.devices.emulator.control import ControlClient
from monitor.devices.emulator.device import EmulatorDevice
from monitor.devices.emulator.process import EmulatorProcess
from monitor.devices.emulator.ui import LAUNCHER_XML, EmulatorUi

__all__ = ["LAUNCHER_XML", "ControlClient", "EmulatorDevice", "EmulatorProcess", "EmulatorUi"]
