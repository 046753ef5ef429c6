"""Load run: viewers browse and search while reviewers submit reviews, under gunicorn.

    python bench/load.py [--users 20] [--seconds 120] [--claims 20000] [--attributions 100000]
                         [--database NAME]

Creates a scratch database (NAME, by default DATABASE_URL's database name + "_load") on the
server named by DATABASE_URL (or "ct_bench_load" on the embedded server),
migrates and fills it with the shared synthetic corpus, starts gunicorn on 127.0.0.1, and drives
it with locust for a bounded time: three viewers for every reviewer, timed once every user has
logged in (the logins, all at once, are a warm-up timed apart). Prints requests/s,
p50/p95/p99 per page and the error count, then checks in the database that every review the
load generator saw accepted is stored. The last line is one JSON object.
Targets: zero 5xx, zero lost reviews, p95 under 300 ms per page at 20 concurrent users.
"""

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import fill  # noqa: E402

SCRATCH_DB = "ct_bench_load"  # on the embedded server; see default_scratch_db()
PASSWORD = "load-test-password-7Qx"
WORDS = ["bridge", "Putin", "Zelensky", "ceasefire", "sanctions", "Kremlin", "election", "grain"]


def server_params() -> dict:
    """psycopg connection parameters of the server the app uses, without a database name."""
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        params = psycopg.conninfo.conninfo_to_dict(url)
        params.pop("dbname", None)
        return params
    from config.database import embedded_database

    settings = embedded_database(ROOT / "var" / "postgres")
    return {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}


def default_scratch_db() -> str:
    """The scratch database: DATABASE_URL's database name + "_load", so runs for different
    databases of one server (two checkouts, two engineers) never drop each other's."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return SCRATCH_DB
    import psycopg

    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname")
    return f"{name}_load" if name else SCRATCH_DB


def app_env(params: dict, scratch_db: str) -> dict:
    """Environment for manage.py and gunicorn: production settings on the scratch database."""
    env = dict(os.environ)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if "DATABASE_URL" in env:
        base = env["DATABASE_URL"].rsplit("/", 1)[0]
        env["DATABASE_URL"] = f"{base}/{scratch_db}"
    else:
        env["EMBEDDED_POSTGRES_DB"] = scratch_db
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or "load-bench-secret-key-" + uuid.uuid4().hex,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",  # plain http on loopback
        AXES_FAILURE_LIMIT="1000",
    )
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(params, env, sizes, users, scratch_db):
    """Scratch database: created, migrated, filled, with the load's users."""
    import psycopg

    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch_db}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{scratch_db}"')
    started = time.perf_counter()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    with psycopg.connect(**params, dbname=scratch_db, autocommit=True) as conn:
        with conn.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")  # no history for bench rows
            fill(cursor, **sizes)
        conn.execute("VACUUM ANALYZE")
    script = (
        "from django.contrib.auth.models import Group, User\n"
        f"for name, role in {users!r}:\n"
        f"    u = User.objects.create_user(name, password={PASSWORD!r})\n"
        "    u.groups.add(Group.objects.get(name=role))\n"
    )
    manage(env, "shell", "-c", script)
    print(f"Prepared {scratch_db} in {time.perf_counter() - started:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env, port):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _figures(entry) -> dict:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "p50_ms": entry.get_response_time_percentile(0.50),
        "p95_ms": entry.get_response_time_percentile(0.95),
        "p99_ms": entry.get_response_time_percentile(0.99),
    }


def run_load(host, viewers, reviewers, claim_ids, users, seconds):
    """Drive the server with locust; return the figures per page, the failed requests and
    what reviewers saw accepted.

    Every user logs in first, all at once: a burst of password hashing that would slow every
    page for a few seconds. The pages are timed from when the last login is done; the logins'
    own figures are kept apart."""
    import gevent

    # FastHttpUser (geventhttpclient) takes a fraction of the CPU of HttpUser (requests): the
    # load generator shares the two cores with the server it measures.
    from locust import FastHttpUser, between, events, task
    from locust.env import Environment

    accepted, conflicts, server_errors, logged_in = [], [], [], []
    viewer_names = iter(viewers)
    reviewer_names = iter(reviewers)

    @events.request.add_listener
    def count_5xx(response=None, **kwargs):
        if response is not None and getattr(response, "status_code", 0) >= 500:
            server_errors.append(kwargs.get("name"))

    class Person(FastHttpUser):
        abstract = True
        wait_time = between(0.2, 1.0)
        names = None

        def on_start(self):
            username = next(self.names)
            self.client.get("/login/", name="login page")
            token = self.csrf_token()
            self.client.post(
                "/login/",
                {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                name="login submit",
                headers={"Referer": host + "/login/"},
            )
            logged_in.append(username)

        def csrf_token(self):
            return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

        def claim_id(self):
            return random.choice(claim_ids)

    class Viewer(Person):
        weight = 3
        names = viewer_names

        @task(3)
        def claims_table(self):
            self.client.get(f"/claims/?page={random.randint(1, 2000)}", name="claims table")

        @task(2)
        def search(self):
            self.client.get(f"/claims/?q={random.choice(WORDS)}", name="claims search")

        @task(2)
        def filtered(self):
            status = random.choice(["disputed", "verified", "unverified"])
            self.client.get(f"/claims/?status={status}", name="claims filter")

        @task(3)
        def claim_page(self):
            self.client.get(f"/claims/{self.claim_id()}/", name="claim page")

        @task(1)
        def dashboard(self):
            self.client.get("/", name="dashboard")

        @task(1)
        def sources(self):
            self.client.get("/sources/", name="sources table")

    class Reviewer(Person):
        weight = 1
        names = reviewer_names

        @task
        def review(self):
            pk = self.claim_id()
            page = self.client.get(f"/claims/{pk}/", name="claim page")
            version = re.search(r'name="expected_version" value="(\d+)"', page.text)
            if not version:
                return
            note = f"load {uuid.uuid4().hex}"
            with self.client.post(
                f"/claims/{pk}/review/",
                {
                    "status": random.choice(["verified", "disputed", "unverified"]),
                    "note": note,
                    "evidence": "https://example.org/evidence Evidence",
                    "expected_version": version.group(1),
                    "csrfmiddlewaretoken": self.csrf_token(),
                },
                headers={"Referer": f"{host}/claims/{pk}/"},
                name="review submit",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code == 302:
                    accepted.append(note)
                    response.success()
                elif response.status_code == 409:  # someone reviewed it first: a fair refusal
                    conflicts.append(note)
                    response.success()

    env = Environment(user_classes=[Viewer, Reviewer], host=host, events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.time() + 120
    while len(logged_in) < users and time.time() < deadline:
        gevent.sleep(0.1)
    pages = {entry.name: _figures(entry) for entry in env.stats.entries.values()}
    warm_up_failures = env.stats.total.num_failures
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    # The logins as timed during the warm-up; every page as timed after it.
    pages = {name: f for name, f in pages.items() if name.startswith("login")}
    pages.update({e.name: _figures(e) for e in env.stats.entries.values() if e.name not in pages})
    failures = warm_up_failures + env.stats.total.num_failures
    return pages, env.stats.total, failures, accepted, conflicts, server_errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # The target run; `--users 24 --claims 200000 --attributions 1000000` is the big one.
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--attributions", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="leave the scratch database")
    parser.add_argument(
        "--database",
        default=default_scratch_db(),
        help="scratch database, dropped and created (default: %(default)s)",
    )
    args = parser.parse_args()
    scratch_db = args.database

    n_reviewers = max(1, args.users // 4)
    viewers = [f"viewer{i}" for i in range(args.users)]
    reviewers = [f"reviewer{i}" for i in range(args.users)]
    sizes = {
        "claims": args.claims,
        "attributions": args.attributions,
        "articles": max(100, args.attributions // 20),
        "sources": max(100, min(3_000, args.claims // 20)),
        "reviews": args.claims // 10,
    }
    params = server_params()
    env = app_env(params, scratch_db)
    prepare(
        params,
        env,
        sizes,
        [(n, "viewer") for n in viewers] + [(n, "reviewer") for n in reviewers],
        scratch_db,
    )

    import psycopg

    with psycopg.connect(**params, dbname=scratch_db) as conn:
        # Reviewers crowd a small set of claims so that some reviews race.
        claim_ids = [
            row[0] for row in conn.execute("SELECT id FROM claims_claim ORDER BY id LIMIT 200")
        ]

    port = free_port()
    server = start_gunicorn(env, port)
    try:
        pages, total, failures, accepted, conflicts, server_errors = run_load(
            f"http://127.0.0.1:{port}", viewers, reviewers, claim_ids, args.users, args.seconds
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    with psycopg.connect(**params, dbname=scratch_db) as conn:
        stored = {
            row[0]
            for row in conn.execute(
                "SELECT note FROM claims_review WHERE note = ANY(%s)", [accepted]
            )
        }
        # Each claim's status is the verdict of its newest review.
        mismatched = conn.execute(
            """SELECT count(*) FROM claims_claim c
               JOIN LATERAL (SELECT status_after FROM claims_review r WHERE r.claim_id = c.id
                             ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
               WHERE c.id = ANY(%s) AND c.status <> last.status_after""",
            [claim_ids],
        ).fetchone()[0]
    if not args.keep:
        with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch_db}" WITH (FORCE)')

    print(f"\n{'page':<16}{'requests':>9}{'fails':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for name, figures in sorted(pages.items()):
        print(
            f"{name:<16}{figures['requests']:>9}{figures['failures']:>7}"
            f"{figures['p50_ms']:>8.0f}{figures['p95_ms']:>8.0f}{figures['p99_ms']:>8.0f}"
        )
    result = {
        "users": args.users,
        "reviewers": n_reviewers,
        "seconds": args.seconds,
        "claims": args.claims,
        "attributions": args.attributions,
        "requests_per_s": round(total.num_requests / args.seconds, 1),
        "errors": failures,
        "server_errors": len(server_errors),
        "accepted_reviews": len(accepted),
        "conflicts": len(conflicts),
        "lost_reviews": len(set(accepted) - stored),
        "status_mismatches": mismatched,
        "p95_ms": total.get_response_time_percentile(0.95),
        # The logins are the warm-up (every user at once, each hashing a password on purpose).
        "worst_page_p95_ms": max(
            (p["p95_ms"] for name, p in pages.items() if not name.startswith("login")), default=0
        ),
        "pages": pages,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
