"""Time the fact-checker's pages on a big database: 200,000 claims, 1,000,000 attributions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ct_bench_web python bench/web.py [--keep]

Creates (or, with --keep, reuses) the scratch database named in DATABASE_URL, fills it with
PostgreSQL `INSERT ... SELECT generate_series` recombining a few hundred sentences and entity
names, then requests each page through the Django test client and prints the median and p95.
The last line is one JSON object. Target: p95 under 150 ms for every page.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ct_bench_web")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

from bench.corpus import N_ATTRIBUTIONS, N_CLAIMS, fill  # noqa: E402

RUNS = 40


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="reuse a filled database")
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()

    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.keep:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not args.keep:
            admin.execute(f'CREATE DATABASE "{name}"')
            fresh = True
        else:
            fresh = False

    import django

    django.setup()
    from django.conf import settings

    # Serve static files as they are (production hashes them at collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if fresh:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"Filling {name}: {N_CLAIMS:,} claims, {N_ATTRIBUTIONS:,} attributions")
        with connection.cursor() as cursor:
            # History triggers would double every insert: the bench data has no history.
            cursor.execute("SET session_replication_role = replica")
            fill(cursor)
            cursor.execute("SET session_replication_role = DEFAULT")
        connection.close()
        with psycopg.connect(url, autocommit=True) as raw:
            raw.execute("VACUUM ANALYZE")
        print(f"Filled in {time.perf_counter() - started:.0f} s")

    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM claims_claim")
        low, high = cursor.fetchone()
        cursor.execute("SELECT min(id) FROM claims_source WHERE kind = 'government'")
        government = cursor.fetchone()[0]
    pages = {
        "claims_first_page": lambda i: "/claims/",
        "claims_page_5000": lambda i: "/claims/?page=5000",
        # Claim-level filters (status, a source picked from its page) use indexes directly;
        # appearance-level ones (source kind, hedged, outlet) must count through attributions.
        "claims_filter": lambda i: [
            "/claims/?status=disputed",
            f"/claims/?source={government + i % 50}",
            "/claims/?status=verified&assigned=nobody",
        ][i % 3],
        "claims_filter_appearance": lambda i: [
            "/claims/?status=disputed&source_kind=government",
            "/claims/?hedged=yes&outlet=Reuters",
            "/claims/?direct=yes&status=verified",
        ][i % 3],
        "claims_search": lambda i: [
            "/claims/?q=nuclear+plant",
            "/claims/?q=ceasefire",
            "/claims/?q=Zelensky",
        ][i % 3],
        "claim_page": lambda i: f"/claims/{low + (i * 4999) % (high - low)}/",
        "dashboard": lambda i: "/",
    }
    results = {}
    for label, make_url in pages.items():
        for i in range(3):  # warm caches and connections
            client.get(make_url(i))
        timings, queries = [], 0
        for i in range(args.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(make_url(i))
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (make_url(i), response.status_code)
            timings.append(elapsed)
            queries = max(queries, len(captured))
        results[label] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "max_queries": queries,
        }
        print(
            f"{label:20} median {results[label]['median_ms']:7.1f} ms   "
            f"p95 {results[label]['p95_ms']:7.1f} ms   queries {queries}"
        )
    summary = {
        "claims": N_CLAIMS,
        "attributions": N_ATTRIBUTIONS,
        "runs": args.runs,
        "target_p95_ms": 150,
        "all_under_target": all(r["p95_ms"] < 150 for r in results.values()),
        "over_target": [name for name, r in results.items() if r["p95_ms"] >= 150],
        **results,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
