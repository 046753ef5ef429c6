"""Fetch one article page by URL, refusing anything a URL importer should not touch.

Plain stdlib (http.client) so that every hop is under our control: each redirect target is
checked like the first URL, and the connection goes to the very address that was checked, so a
DNS answer that changes between check and connect (rebinding) cannot reach a private address.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from articles.errors import (
    FetchError,
    FetchRefused,
    FetchTimeout,
    HTTPStatusError,
    RedirectError,
    TooLarge,
    UnsupportedInput,
)

USER_AGENT = "ClaimTracker/0.1 (article importer for fact-checkers)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as asked for
    final_url: str  # after redirects: the article's canonical address
    content_type: str
    charset: str | None  # from the Content-Type header, if any
    body_bytes: bytes


def _check_address(address: str, *, url: str) -> None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if not ip.is_global or ip.is_multicast:
        raise FetchRefused(f"refused: resolves to a non-public address ({ip})", source=url)


def _resolver(*, url: str, allow_private: bool) -> Callable[..., socket.socket]:
    """A replacement for socket.create_connection that checks every address it resolves."""

    def create_connection(address, timeout=None, source_address=None, **_):
        host, port = address
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve host {host!r}", source=url) from exc
        if not allow_private:
            for *_, sockaddr in infos:
                _check_address(sockaddr[0], url=url)
        last_error: OSError | None = None
        for family, kind, proto, _, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                sock.connect(sockaddr)  # the checked address, not a second lookup
                return sock
            except OSError as exc:
                sock.close()
                last_error = exc
        raise last_error or OSError(f"cannot connect to {host}")

    return create_connection


def _check_url(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchRefused(
            f"refused: only http and https URLs are fetched, not {parts.scheme or 'a bare path'}",
            source=url,
        )
    if not parts.hostname:
        raise FetchRefused("refused: the URL has no host", source=url)
    if parts.username or parts.password:
        raise FetchRefused("refused: URLs with credentials are not fetched", source=url)
    if not allow_private:
        # A name rather than a literal address is checked when it resolves.
        with contextlib.suppress(ValueError):
            _check_address(parts.hostname, url=url)


def _open(url: str, *, timeout: float, user_agent: str, allow_private: bool):
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = connection_class(parts.hostname, parts.port, timeout=timeout, **kwargs)
    # http.client's own hook for opening the socket; used by HTTPS too, before the TLS wrap.
    connection._create_connection = _resolver(url=url, allow_private=allow_private)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    connection.request(
        "GET",
        path,
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml;q=0.9",
            "Accept-Encoding": "identity",  # the size cap counts the bytes we store
        },
    )
    return connection, connection.getresponse()


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    max_bytes: int = 5 * 1024 * 1024,
    user_agent: str = USER_AGENT,
    max_redirects: int = MAX_REDIRECTS,
    allow_private: bool = False,
) -> FetchedPage:
    """GET an HTML page. `timeout` bounds the whole fetch, not just each socket read.

    `allow_private` exists for tests, which serve pages from 127.0.0.1; production leaves it off.
    """
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    current = url
    for _ in range(max_redirects + 1):
        _check_url(current, allow_private=allow_private)
        seen.add(current)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchTimeout(f"timed out after {timeout:g} s", source=url)
        connection = None
        try:
            connection, response = _open(
                current, timeout=remaining, user_agent=user_agent, allow_private=allow_private
            )
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise RedirectError(
                        f"redirect ({response.status}) without a Location", source=url
                    )
                target = urljoin(current, location.strip())
                if target in seen:
                    raise RedirectError(f"redirect loop at {target}", source=url)
                current = target
                continue
            return _page(
                url, current, response, max_bytes=max_bytes, deadline=deadline, timeout=timeout
            )
        except TimeoutError as exc:
            raise FetchTimeout(f"timed out after {timeout:g} s", source=url) from exc
        except ssl.SSLError as exc:
            raise FetchError(f"TLS error: {exc.reason or exc}", source=url) from exc
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(f"cannot fetch: {exc}", source=url) from exc
        finally:
            if connection is not None:
                connection.close()
    raise RedirectError(f"more than {max_redirects} redirects", source=url)


def _page(url, final_url, response, *, max_bytes, deadline, timeout) -> FetchedPage:
    if response.status >= 400:
        raise HTTPStatusError(
            f"the server answered {response.status} {response.reason}".rstrip(),
            status=response.status,
            source=url,
        )
    if response.status != 200:
        raise FetchError(f"unexpected answer {response.status} {response.reason}", source=url)
    header = Message()
    header["Content-Type"] = response.getheader("Content-Type", "")
    content_type = header.get_content_type() if header["Content-Type"] else ""
    if content_type not in HTML_TYPES:
        raise UnsupportedInput(
            f"not an HTML page (content type {content_type or 'missing'})", source=url
        )
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(
            f"page of {int(declared)} bytes is over the {max_bytes} byte limit", source=url
        )
    chunks, size = [], 0
    while chunk := response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"page is over the {max_bytes} byte limit", source=url)
        if time.monotonic() > deadline:
            raise FetchTimeout(f"timed out after {timeout:g} s", source=url)  # a trickling server
        chunks.append(chunk)
    return FetchedPage(
        url=url,
        final_url=final_url,
        content_type=content_type,
        charset=header.get_content_charset(),
        body_bytes=b"".join(chunks),
    )
