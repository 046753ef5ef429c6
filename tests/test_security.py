"""Security defaults: deploy checks, login throttling, logout, and no page open to strangers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ClaimFactory

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_URL_NAMES = {"login"}


def test_production_settings_pass_check_deploy():
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) is no part of a deployment.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DEBUG": "false",
        "SECRET_KEY": "x7!k2p-production-like-secret-that-is-long-and-random-9fQ2zLmN4",
        "ALLOWED_HOSTS": "claims.example.org",
        "SECURE_SSL_REDIRECT": "true",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_serve_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY" in result.stderr


def test_commands_run_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {"DEBUG": "false"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def walk(patterns, prefix=""):
    """Every concrete URL pattern as (route, name), with sample values for its converters."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def sample_path(route, claim_pk):
    """Turn a route (or a regex from the admin) into a concrete path."""
    path = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    for converter in (
        "<int:pk>",
        "<int:id>",
        "<int:claim_id>",
        "<int:article_id>",
        "<int:source_id>",
    ):
        path = path.replace(converter, str(claim_pk))
    # Any other converter gets a harmless value; the point is who may reach the view.
    import re

    path = re.sub(r"<(?:\w+:)?(\w+)>", "1", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path


@pytest.mark.django_db
def test_no_page_is_reachable_anonymously_except_login(client):
    claim = ClaimFactory()
    checked = 0
    for route, name in walk(get_resolver().url_patterns):
        if name in PUBLIC_URL_NAMES:
            continue
        path = sample_path(route, claim.pk)
        for method in (client.get, client.post):
            response = method(path)
            # The admin sends strangers to its own login page; everything else to ours.
            assert response.status_code in (302, 404, 405), (path, response.status_code)
            if response.status_code == 302:
                assert "login" in response.url, (path, response.url)
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_logout_only_by_post(client, viewer):
    client.force_login(viewer)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_out(client, viewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "viewer", "password": "wrong"})
    response = client.post(
        "/login/", {"username": "viewer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_right_password_logs_in(client, viewer):
    response = client.post(
        "/login/", {"username": "viewer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(viewer.pk)


def test_passwords_are_validated(settings):
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client, viewer):
    client.force_login(viewer)
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_admin_shows_change_history_of_a_claim(client, admin_user):
    claim = ClaimFactory()
    client.force_login(admin_user)
    page = client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert f"obj=claims.Claim:{claim.pk}" in page
    events = client.get(
        f"/admin/pghistory/middlewareevents/?method=tracks&obj=claims.Claim:{claim.pk}"
    )
    assert events.status_code == 200


@pytest.mark.django_db
def test_a_viewer_can_write_nowhere(client, viewer):
    """Every POST outside the admin answers a viewer 403 (or 405 where the page only reads)."""
    claim = ClaimFactory()
    client.force_login(viewer)
    checked = 0
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name in PUBLIC_URL_NAMES | {"logout"}:
            continue
        response = client.post(sample_path(route, claim.pk), {"status": "verified", "note": "x"})
        assert response.status_code in (403, 404, 405), (route, response.status_code)
        checked += 1
    assert checked >= 10
    assert not claim.reviews.exists()
