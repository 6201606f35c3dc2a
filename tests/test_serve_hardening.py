"""The dev server tried as an attacker on loopback would: foreign Host names, floods, idle and broken clients."""
from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from site_src.serve.httpd import SiteServer


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SiteServer]:
    site = tmp_path / "_site"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>t</title><body><p>the survey</p></body>")
    (site / "big.bin").write_bytes(b"x" * (8 << 20))
    srv = SiteServer(("127.0.0.1", 0), site)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def get(srv: SiteServer, host: str | None, path: str = "/") -> tuple[int, bytes]:
    addr = srv.server_address[:2]
    with socket.create_connection((str(addr[0]), int(addr[1])), timeout=10) as sock:
        head = f"GET {path} HTTP/1.1\r\n" + (f"Host: {host}\r\n" if host is not None else "") + "Connection: close\r\n\r\n"
        sock.sendall(head.encode())
        resp = http.client.HTTPResponse(sock)
        resp.begin()
        return resp.status, resp.read()


def test_a_foreign_host_name_is_refused_so_dns_rebinding_reads_nothing(server: SiteServer):
    port = server.server_address[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "", None):
        status, body = get(server, host)
        assert status == 421, host
        assert b"the survey" not in body
    for host in ("localhost", f"localhost:{port}", f"127.0.0.1:{port}", "[::1]"):
        status, body = get(server, host)
        assert status == 200 and b"the survey" in body, host


def test_two_hundred_clients_at_once_are_all_answered(server: SiteServer):
    with ThreadPoolExecutor(200) as pool:
        answers = list(pool.map(lambda _: get(server, "localhost")[0], range(200)))
    assert answers == [200] * 200


def test_an_idle_connection_is_closed(server: SiteServer):
    server.idle_timeout = 0.3
    addr = server.server_address[:2]
    with socket.create_connection((str(addr[0]), int(addr[1])), timeout=5) as sock:
        assert sock.recv(1) == b""  # said nothing: the server hung up instead of keeping a thread


def test_a_client_that_disconnects_mid_download_prints_no_traceback(server: SiteServer, capfd):
    addr = server.server_address[:2]
    for _ in range(5):
        sock = socket.create_connection((str(addr[0]), int(addr[1])), timeout=5)
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.recv(1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
        sock.close()
    assert get(server, "localhost")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err
