from tests.e2e.conftest import e2e_build, e2e_device, e2e_store  # noqa: F401 - the real emulator, agent and store
