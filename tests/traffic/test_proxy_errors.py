"""Start-up failures are one-line PimonErrors, leave no thread behind and free the proxy slot."""

from __future__ import annotations

import socket

import pytest

from monitor.errors import ConfigError, PimonError
from monitor.traffic.proxy import ProxyConfig, TrafficProxy


def _start_fails(cfg: ProxyConfig) -> PimonError:
    proxy = TrafficProxy(lambda r: None, cfg)
    with pytest.raises(PimonError) as err:
        proxy.start()
    assert not proxy.running and "\n" not in str(err.value)
    return err.value


def test_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        err = _start_fails(ProxyConfig(confdir=tmp_path, listen_port=port))
    assert f"127.0.0.1:{port}" in str(err)


def test_bad_option_is_a_config_error(tmp_path):
    err = _start_fails(ProxyConfig(confdir=tmp_path, hard_body_limit="lots"))
    assert isinstance(err, ConfigError) and "body_size_limit" in str(err)
    err = _start_fails(ProxyConfig(confdir=tmp_path, max_body=-1))
    assert isinstance(err, ConfigError)


def test_slot_is_free_again_after_failures_and_stop(tmp_path):
    with TrafficProxy(lambda r: None, ProxyConfig(confdir=tmp_path)) as proxy:
        assert proxy.running
    assert not proxy.running
    proxy.stop()  # idempotent
