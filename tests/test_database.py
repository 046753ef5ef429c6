"""Both ways of reaching PostgreSQL work: DATABASE_URL and the embedded default."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_connected_database_is_postgresql_with_trigram_support():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT similarity('Zelenskyy', 'Zelensky') > 0.5")
        assert cursor.fetchone()[0] is True


@pytest.mark.django_db
def test_the_apps_connections_never_jit_compile_queries():
    # Linking's candidate search spent 0.7 s compiling at a million wordings to run in 0.16 s.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.slow
def test_embedded_postgres_starts_when_database_url_is_unset(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["EMBEDDED_POSTGRES_DIR"] = str(tmp_path / "pgdata")
    env["DEBUG"] = "true"
    script = (
        "from django.db import connection; connection.ensure_connection();"
        "print(connection.settings_dict['HOST'], connection.cursor().connection.info.server_version)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    socket_dir, version = result.stdout.splitlines()[-1].split()
    assert not socket_dir.startswith("127.") and int(version) >= 150000
    assert (tmp_path / "pgdata" / "PG_VERSION").exists()
