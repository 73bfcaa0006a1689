"""The deployment's reverse proxy (deploy/nginx/coprod-grid.conf), for real: nginx from
Debian in front of gunicorn with gunicorn.conf.py, on 127.0.0.1, under production
settings.

The review behind issue 14 found that ten anonymous connections trickling header lines
to gunicorn (2 processes × 4 threads) made 5 of 6 ``/healthz`` probes time out. These
tests make that attack (slow headers, slow bodies and slow readers at once) against
gunicorn alone, where the probes fail, and through nginx, where every probe is answered,
and check the proxy's limits: a stalled request is cut off, a body over the limit gets
the service's page without reaching gunicorn, and the app sees the scheme and client
address nginx passes on.

Skipped where nginx (or openssl, for the test certificate) is not installed, unless
REQUIRE_NGINX=1 (CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)
SITE_CONFIG = REPO / "deploy" / "nginx" / "coprod-grid.conf"
HOST = "grid.example.nhs.uk"
# More slow clients of each kind than gunicorn has threads (2 × 4).
SLOW_CLIENTS_PER_KIND = 12
PROBES = 6
PROBE_TIMEOUT = 3.0
# nginx's client_header_timeout in the shipped configuration, plus time to notice.
HEADER_CUT_OFF = 10 + 4


def program(name: str) -> str | None:
    """On PATH, or in /usr/sbin, where Debian puts nginx (not on a user's PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin")


NGINX, OPENSSL = program("nginx"), program("openssl")


def _missing() -> str | None:
    for name, path in (("nginx", NGINX), ("openssl", OPENSSL)):
        if path is None:
            return f"{name} is not installed"
    return None


@pytest.fixture(scope="module", autouse=True)
def _needs_nginx():
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("REQUIRE_NGINX") == "1":
        pytest.fail(f"REQUIRE_NGINX=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{what} did not listen on {port} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def replace_once(text: str, old: str, new: str) -> str:
    """Each line the test changes must be in the shipped file exactly once, so that the
    test fails rather than quietly testing something else when the file changes."""
    assert text.count(old) == 1, f"expected one {old!r} in {SITE_CONFIG.name}"
    return text.replace(old, new)


@dataclass
class Deployment:
    gunicorn_port: int
    http_port: int
    https_port: int
    static_root: Path
    error_log: Path

    def largest_static_path(self) -> str:
        manifest = json.loads((self.static_root / "staticfiles.json").read_text())
        name = max(manifest["paths"].values(), key=lambda p: (self.static_root / p).stat().st_size)
        return f"/static/{name}"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    """gunicorn (gunicorn.conf.py, production settings, a fresh SQLite database) and
    nginx (the shipped site configuration) in front of it."""
    tmp = tmp_path_factory.mktemp("deployment")
    static_root = tmp / "static"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coprod_grid.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "ALLOWED_HOSTS": HOST,
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "DEFAULT_FROM_EMAIL": f"Co-production Grid <noreply@{HOST}>",
        "STATIC_ROOT": str(static_root),
        "TRUSTED_PROXIES": "127.0.0.1",
    }
    manage = [sys.executable, "manage.py"]
    # Independent, so side by side: about 10 s rather than 16.
    preparing = [
        subprocess.Popen([*manage, "migrate", "-v0"], cwd=REPO, env=environment),
        subprocess.Popen(
            [*manage, "collectstatic", "--no-input", "-v0"], cwd=REPO, env=environment
        ),
    ]
    for step in preparing:
        assert step.wait(timeout=300) == 0

    gunicorn_port = free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coprod_grid.wsgi"],
        cwd=REPO,  # where gunicorn.conf.py is read from
        env={**environment, "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    nginx = None
    try:
        wait_for_port(gunicorn_port, gunicorn, "gunicorn")
        deployment = Deployment(
            gunicorn_port, free_port(), free_port(), static_root, tmp / "error.log"
        )
        config = nginx_config(tmp, deployment)
        subprocess.run(
            [NGINX, "-t", "-q", "-e", str(deployment.error_log), "-c", str(config)], check=True
        )
        nginx = subprocess.Popen([NGINX, "-e", str(deployment.error_log), "-c", str(config)])
        wait_for_port(deployment.http_port, nginx, "nginx")
        wait_for_port(deployment.https_port, nginx, "nginx")
        yield deployment
    finally:
        if nginx is not None:
            stop(nginx)
        stop(gunicorn)


def nginx_config(tmp: Path, deployment: Deployment) -> Path:
    """The shipped site file with test addresses and a self-signed certificate, inside a
    main configuration that keeps everything nginx writes in ``tmp``."""
    certificate, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(
        [
            *(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(certificate)),
        ],
        check=True,
        capture_output=True,
    )
    site = SITE_CONFIG.read_text()
    site = replace_once(
        site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{deployment.gunicorn_port};"
    )
    site = replace_once(site, "listen 80;", f"listen 127.0.0.1:{deployment.http_port};")
    site = replace_once(
        site, "listen 443 ssl http2;", f"listen 127.0.0.1:{deployment.https_port} ssl http2;"
    )
    # No IPv6 loopback is promised on a test machine.
    site = replace_once(site, "listen [::]:80;", "")
    site = replace_once(site, "listen [::]:443 ssl http2;", "")
    site = replace_once(site, f"/etc/ssl/certs/{HOST}.pem", str(certificate))
    site = replace_once(site, f"/etc/ssl/private/{HOST}.key", str(key))
    (tmp / "coprod-grid.conf").write_text(site)

    temp_paths = "\n".join(
        f"    {kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would run as an unprivileged user that cannot open the
    # test's private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp / 'nginx.pid'};\n"
        f"error_log {deployment.error_log} warn;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n    access_log off;\n{temp_paths}\n    include {tmp / 'coprod-grid.conf'};\n}}\n"
    )
    return main


# --- clients -----------------------------------------------------------------------------


def request(
    port: int, method: str, path: str, *, tls: bool = False, headers=None, body=None, timeout=10.0
) -> tuple[int, dict[str, str], bytes]:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass
class SlowClients:
    """Connections that send their request (or read its answer) as slowly as they can
    without stopping: headers a line a second, bodies a few bytes a second, responses
    never read. One thread drives them all, a tick a second."""

    port: int
    big_path: str
    sockets: dict[socket.socket, str] = field(default_factory=dict)
    closed_after: dict[str, list[float]] = field(default_factory=dict)
    stopping: threading.Event = field(default_factory=threading.Event)

    def open(self) -> None:
        self.started = time.monotonic()
        for _ in range(SLOW_CLIENTS_PER_KIND):
            self._connect("headers", f"GET /sign-in/ HTTP/1.1\r\nHost: {HOST}\r\n")
            self._connect(
                "body",
                f"POST /sign-in/ HTTP/1.1\r\nHost: {HOST}\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: 100000\r\n\r\nusername=",
            )
            self._connect("reader", f"GET {self.big_path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n")
        self.thread = threading.Thread(target=self._drive, daemon=True)
        self.thread.start()

    def _connect(self, kind: str, first_bytes: str) -> None:
        sock = socket.create_connection(("127.0.0.1", self.port))
        if kind == "reader":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(first_bytes.encode())
        sock.setblocking(False)
        self.sockets[sock] = kind

    def _drive(self) -> None:
        tick = 0
        while not self.stopping.wait(1.0):
            tick += 1
            for sock, kind in list(self.sockets.items()):
                if kind == "reader":
                    continue
                line = f"X-Slow-{tick}: {tick}\r\n" if kind == "headers" else "a" * 8
                try:
                    if kind == "headers" and self._peer_closed(sock):
                        raise ConnectionResetError
                    sock.send(line.encode())
                except OSError:
                    self.closed_after.setdefault(kind, []).append(time.monotonic() - self.started)
                    del self.sockets[sock]
                    sock.close()

    @staticmethod
    def _peer_closed(sock: socket.socket) -> bool:
        """Whether the other end has answered (408) or closed: the request is over."""
        try:
            return sock.recv(4096, socket.MSG_PEEK) is not None
        except BlockingIOError:
            return False

    def close(self) -> None:
        self.stopping.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()

    def open_count(self, kind: str) -> int:
        return sum(1 for k in self.sockets.values() if k == kind)


def probe_healthz(port: int) -> list[str]:
    """``PROBES`` probes a second apart, as a load balancer would: what each got."""
    outcomes = []
    for _ in range(PROBES):
        try:
            status, _, _ = request(port, "GET", "/healthz", timeout=PROBE_TIMEOUT)
            outcomes.append(str(status))
        except (TimeoutError, OSError) as error:
            outcomes.append(type(error).__name__)
        time.sleep(1)
    return outcomes


@pytest.fixture
def attack(deployment):
    def start(port: int) -> SlowClients:
        clients = SlowClients(port, deployment.largest_static_path())
        clients.open()
        time.sleep(1)  # every slow request has begun
        started.append(clients)
        return clients

    started: list[SlowClients] = []
    yield start
    for clients in started:
        clients.close()


# --- the tests ---------------------------------------------------------------------------


def test_without_the_proxy_slow_clients_hold_up_gunicorn(deployment, attack):
    """The finding, reproduced: this is what the proxy is for. How many of the probes
    the slow clients starve depends on the host's speed (most of them on a slow one,
    one in six on a fast one); that any is starved is what a load balancer sees, and
    behind the proxy none is (the next test)."""
    assert request(deployment.gunicorn_port, "GET", "/healthz")[0] == 200
    attack(deployment.gunicorn_port)
    outcomes = probe_healthz(deployment.gunicorn_port)
    assert outcomes.count("200") < PROBES, outcomes


def test_behind_the_proxy_slow_clients_hold_up_nobody(deployment, attack):
    clients = attack(deployment.http_port)
    outcomes = probe_healthz(deployment.http_port)
    assert outcomes == ["200"] * PROBES
    # Pages still answer, over HTTPS too.
    assert request(deployment.https_port, "GET", "/sign-in/", tls=True)[0] == 200
    # Bodies still trickling and responses not read hold only nginx's connections.
    assert clients.open_count("body") == SLOW_CLIENTS_PER_KIND
    assert clients.open_count("reader") == SLOW_CLIENTS_PER_KIND


def test_the_proxy_cuts_off_a_request_whose_headers_never_end(deployment, attack):
    clients = attack(deployment.http_port)
    deadline = time.monotonic() + HEADER_CUT_OFF
    while clients.open_count("headers") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert clients.open_count("headers") == 0
    assert len(clients.closed_after["headers"]) == SLOW_CLIENTS_PER_KIND
    assert min(clients.closed_after["headers"]) >= 9  # client_header_timeout 10s


def test_a_body_over_the_proxy_limit_gets_the_service_page_unread(deployment):
    """nginx refuses it from its Content-Length and shows the app's page, asked for
    without the body; a body between the app's limit and nginx's gets the same page
    from the app itself."""
    for size in (4 * 1024 * 1024, settings.MAX_REQUEST_BYTES + 1024):
        status, headers, body = request(
            deployment.https_port,
            "POST",
            "/sign-in/",
            tls=True,
            headers={"Content-Type": "application/octet-stream"},
            body=b"x" * size,
        )
        page = body.decode()
        assert status == 413, size
        assert headers["content-type"].startswith("text/html"), size
        assert "<h1>What you sent is too large</h1>" in page, size
        assert 'class="nhsuk-header' in page, size


def test_the_app_sees_the_scheme_and_the_client_through_the_proxy(deployment):
    # Plain HTTP: the app redirects to HTTPS, except the health check.
    status, headers, _ = request(deployment.http_port, "GET", "/sign-in/")
    assert status == 301
    assert headers["location"] == f"https://{HOST}/sign-in/"
    assert request(deployment.http_port, "GET", "/healthz")[0] == 200
    # HTTPS: the app knows it (X-Forwarded-Proto), so HSTS and secure cookies are sent.
    status, headers, _ = request(deployment.https_port, "GET", "/sign-in/", tls=True)
    assert status == 200
    assert headers["strict-transport-security"].startswith("max-age=")
    assert "__Secure-csrftoken=" in headers["set-cookie"]
    assert "server" not in headers or "nginx/" not in headers["server"]  # no version


def test_headers_too_large_are_refused_by_the_proxy(deployment):
    status, _, _ = request(
        deployment.https_port, "GET", "/healthz", tls=True, headers={"X-Big": "a" * 9000}
    )
    assert status in (400, 431, 494)
