"""pimon's JVM emulator: device driver, app processes, control channel and UI driver."""

from monitor.devices.emulator.control import ControlClient
from monitor.devices.emulator.device import EmulatorDevice
from monitor.devices.emulator.process import EmulatorProcess
from monitor.devices.emulator.ui import LAUNCHER_XML, EmulatorUi

__all__ = ["LAUNCHER_XML", "ControlClient", "EmulatorDevice", "EmulatorProcess", "EmulatorUi"]
