"""URL fetching against a local HTTP server: no test reaches the internet."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles import fetching
from articles.errors import (
    FetchRefused,
    FetchTimeout,
    HTTPStatusError,
    RedirectError,
    TooLarge,
    UnsupportedInput,
)
from articles.fetching import fetch

PAGE = (
    "<html><head><title>Putin meets Xi</title></head><body><article>"
    "<p>Putin said the talks were “productive”, officials said.</p></article></body></html>"
).encode()


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def _send(self, status, body=b"", content_type="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.user_agents.append(self.headers.get("User-Agent", ""))
        match self.path:
            case "/ok":
                self._send(200, PAGE)
            case "/moved":
                self._send(301, headers=[("Location", "/ok")])
            case "/loop-a":
                self._send(302, headers=[("Location", "/loop-b")])
            case "/loop-b":
                self._send(302, headers=[("Location", "/loop-a")])
            case path if path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                self._send(302, headers=[("Location", f"/chain/{n + 1}")])
            case "/to-private":
                self._send(302, headers=[("Location", "http://10.255.255.1/secret")])
            case "/to-internal-name":
                self._send(
                    302,
                    headers=[("Location", f"http://internal.test:{self.server.server_port}/ok")],
                )
            case "/to-file":
                self._send(302, headers=[("Location", "file:///etc/passwd")])
            case "/missing":
                self._send(404, b"<html><body>Not found</body></html>")
            case "/broken":
                self._send(500, b"<html><body>Oops</body></html>")
            case "/pdf":
                self._send(200, b"%PDF-1.7 ...", content_type="application/pdf")
            case "/big":
                self._send(200, b"<html><body>" + b"x" * 200_000 + b"</body></html>")
            case "/big-undeclared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no Content-Length: the cap must hold while streaming
                for _ in range(50):
                    self.wfile.write(b"y" * 10_000)
            case "/slow":
                time.sleep(2)
                self._send(200, PAGE)
            case "/trickle":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(20):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.1)
            case _:
                self._send(404)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients that give up (timeouts, size caps) break the pipe on purpose


@pytest.fixture(scope="module")
def server():
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def local(url, **kwargs):
    """Fetch from the test server, which lives on a loopback address."""
    return fetch(url, allow_private=True, **{"timeout": 1.0, **kwargs})


def test_fetch_returns_the_html_page_and_its_charset(server):
    page = local(f"{server}/ok")
    assert page.body_bytes == PAGE
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.final_url == page.url == f"{server}/ok"


def test_fetch_sends_a_proper_user_agent(server):
    _Handler.user_agents.clear()
    local(f"{server}/ok", user_agent="ClaimTracker-test/1.0")
    assert _Handler.user_agents == ["ClaimTracker-test/1.0"]
    local(f"{server}/ok")
    assert _Handler.user_agents[-1].startswith("ClaimTracker/")


def test_fetch_follows_a_redirect_and_reports_the_final_url(server):
    page = local(f"{server}/moved")
    assert page.final_url == f"{server}/ok"
    assert page.url == f"{server}/moved"


def test_fetch_refuses_a_redirect_loop(server):
    with pytest.raises(RedirectError, match="redirect loop") as excinfo:
        local(f"{server}/loop-a")
    assert f"{server}/loop-a" in str(excinfo.value)


def test_fetch_refuses_endless_redirects(server):
    with pytest.raises(RedirectError, match="more than 5 redirects"):
        local(f"{server}/chain/0")


def test_fetch_refuses_a_404_naming_the_status(server):
    with pytest.raises(HTTPStatusError, match="404") as excinfo:
        local(f"{server}/missing")
    assert excinfo.value.status == 404


def test_fetch_refuses_a_server_error(server):
    with pytest.raises(HTTPStatusError, match="500"):
        local(f"{server}/broken")


def test_fetch_refuses_a_non_html_content_type(server):
    with pytest.raises(UnsupportedInput, match="application/pdf"):
        local(f"{server}/pdf")


def test_fetch_refuses_a_page_over_the_size_cap(server):
    with pytest.raises(TooLarge, match="limit"):
        local(f"{server}/big", max_bytes=100_000)


def test_fetch_stops_reading_at_the_size_cap_without_content_length(server):
    with pytest.raises(TooLarge, match="limit"):
        local(f"{server}/big-undeclared", max_bytes=100_000)


def test_fetch_times_out_on_a_slow_server(server):
    started = time.monotonic()
    with pytest.raises(FetchTimeout, match="timed out"):
        local(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.5


def test_fetch_timeout_bounds_the_whole_download(server):
    with pytest.raises(FetchTimeout):
        local(f"{server}/trickle", timeout=0.5)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/",
        "http://192.168.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
    ],
)
def test_fetch_refuses_private_addresses(url):
    with pytest.raises(FetchRefused, match="non-public address"):
        fetch(url, timeout=1.0)


def test_fetch_refuses_the_local_test_server_unless_allowed(server):
    with pytest.raises(FetchRefused, match="127.0.0.1"):
        fetch(f"{server}/ok", timeout=1.0)


def test_fetch_refuses_a_name_that_resolves_to_loopback():
    with pytest.raises(FetchRefused, match="non-public address"):
        fetch("http://localhost/", timeout=1.0)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/a.html", "gopher://example.com/", "/etc/passwd"],
)
def test_fetch_refuses_schemes_other_than_http(url):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(url, timeout=1.0)


def test_fetch_refuses_credentials_in_the_url():
    with pytest.raises(FetchRefused, match="credentials"):
        fetch("http://user:pass@example.com/", timeout=1.0)


@pytest.fixture
def only_ten_net_is_private(monkeypatch):
    """Let the test server (loopback) count as public, so that each redirect hop's own check
    can be seen refusing 10.0.0.0/8."""
    real_check = fetching._check_address

    def check(address, *, url):
        if address.startswith("10."):
            real_check(address, url=url)

    monkeypatch.setattr(fetching, "_check_address", check)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        return real_getaddrinfo("10.0.0.5" if host == "internal.test" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.usefixtures("only_ten_net_is_private")
def test_fetch_checks_every_redirect_hop_against_private_addresses(server):
    assert fetch(f"{server}/ok", timeout=1.0).body_bytes == PAGE  # the hop check lets it through
    with pytest.raises(FetchRefused, match="10.255.255.1"):
        fetch(f"{server}/to-private", timeout=1.0)


@pytest.mark.usefixtures("only_ten_net_is_private")
def test_fetch_checks_the_resolved_address_of_each_redirect_hop(server):
    with pytest.raises(FetchRefused, match="10.0.0.5"):
        fetch(f"{server}/to-internal-name", timeout=1.0)


def test_fetch_refuses_a_redirect_to_a_file_url(server):
    with pytest.raises(FetchRefused, match="only http and https"):
        local(f"{server}/to-file")
