"""A real JVM client (HttpURLConnection / HttpsURLConnection, as the emulator's apps use) through the proxy.

Trust as the emulator does it: the CA imported with keytool into a JKS, ``-Djavax.net.ssl.trustStore``
and ``-Dhttp(s).proxyHost/Port``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from monitor.traffic.matcher import Matcher
from monitor.traffic.proxy import ProxyConfig, TrafficProxy

from .conftest import Collector

pytestmark = pytest.mark.skipif(not (shutil.which("java") and shutil.which("keytool")), reason="needs a JDK")

CLIENT = r"""
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

public class Client {
    public static void main(String[] args) throws Exception {
        for (String target : args) {
            HttpURLConnection c = (HttpURLConnection) new URL(target).openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Content-Encoding", "gzip");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write("{\"imei\":\"867530012345678\"}".getBytes(StandardCharsets.UTF_8));
            }
            try (OutputStream out = c.getOutputStream()) { out.write(buf.toByteArray()); }
            System.out.println(c.getResponseCode() + " " + new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
"""


def test_jvm_posts_over_http_and_https_through_the_proxy(tmp_path):
    collector = Collector()
    with TrafficProxy(collector, ProxyConfig(confdir=tmp_path / "conf")) as proxy:
        store = tmp_path / "truststore.jks"
        subprocess.run(
            ["keytool", "-importcert", "-noprompt", "-alias", "pimon", "-file", str(proxy.ca_cert_path),
             "-keystore", str(store), "-storepass", "changeit", "-storetype", "JKS"],
            check=True, capture_output=True,
        )  # fmt: skip
        (tmp_path / "Client.java").write_text(CLIENT)
        host, port = proxy.address
        props = [f"-D{p}.proxyHost={host}" for p in ("http", "https")]
        props += [f"-D{p}.proxyPort={port}" for p in ("http", "https")]
        props += [f"-Djavax.net.ssl.trustStore={store}", "-Djavax.net.ssl.trustStorePassword=changeit"]
        out = subprocess.run(
            ["java", *props, str(tmp_path / "Client.java"),
             "http://alog.umeng.com/app_logs", "https://ulogs.umeng.com/unify_logs"],
            check=False, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert out.stdout.split("\n")[:2] == ["200 {}", "200 {}"]
        plain = collector.wait_for(lambda r: r.host == "alog.umeng.com")
        tls = collector.wait_for(lambda r: r.host == "ulogs.umeng.com")
    assert plain.cleartext and not tls.cleartext and tls.sni == "ulogs.umeng.com"
    assert tls.request_header("user-agent").startswith("Java/")
    hits = Matcher({"imei": "867530012345678"}).scan_flow(tls)
    assert [(h.kind, h.location, h.layers) for h in hits] == [("imei", "body:$.imei", ("gzip",))]
