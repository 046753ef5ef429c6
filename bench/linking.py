"""How fast cross-article linking is as the database grows: 10k, 100k and 1M attributions.

    python bench/linking.py [--sizes 10000,100000,1000000] [--probes 200]

Creates a scratch database `ct_bench_linking` on the server of DATABASE_URL (dropped at the
end unless --keep), fills it with synthetic claims made by recombining the seed attributions'
wordings and source names (five attributions a claim, each worded a little differently), and
times `link_attribution` — candidate search, scoring, and the inserts — for probes of which
half restate an existing claim and half are new, with WordNet synonyms (as shipped) and,
alternating with them, without. The fill is pure SQL (`generate_series`);
the GIN indexes are dropped while filling and rebuilt after, as a bulk import would.
Last line: one JSON object.
"""

import argparse
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DB = "ct_bench_linking"
SHARED = ROOT.parent / "shared"
CLAIM_SHARE = 5  # attributions per claim: 1,000,000 over 200,000 claims
ARTICLE_SHARE = 20  # attributions per article


def _point_at(url: str, database: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{database}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_point_at(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _seed_material() -> tuple[list[str], list[str], list[str]]:
    """Wordings and source names from the gold file, and the words of the seed articles
    (a small built-in set when they are absent)."""
    gold = SHARED / "eval" / "seeds.gold.jsonl"
    if not gold.exists():
        words = [
            "bridge",
            "river",
            "tunnel",
            "budget",
            "school",
            "hospital",
            "election",
            "border",
            "harbour",
        ]
        return (
            ["the bridge will reopen on Monday", "taxes will rise next year"],
            ["Ana Lopez", "City Council"],
            words,
        )
    records = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    wordings = sorted({r["content"] for r in records if len(r["content"].split()) >= 3})
    names = sorted({r["source_name"] for r in records if r["source_name"]})
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt")))
    words = sorted({w for w in re.findall(r"[a-z]{4,}", text.lower())})
    return wordings, names, words


def _gin_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN"
        " ('claims_wording', 'claims_claim', 'claims_source') AND indexdef LIKE '%USING gin%'"
    )
    return cursor.fetchall()


FILL_SQL = """
SET session_replication_role = replica;  -- no history triggers for synthetic rows
SET maintenance_work_mem = '1GB';
WITH heads AS (SELECT array_agg(h ORDER BY i) a, count(*) n FROM bench_part WHERE kind = 'head'),
     tails AS (SELECT array_agg(h ORDER BY i) a, count(*) n FROM bench_part WHERE kind = 'tail'),
     names AS (SELECT array_agg(h ORDER BY i) a, count(*) n FROM bench_part WHERE kind = 'name'),
     words AS (SELECT array_agg(h ORDER BY i) a, count(*) n FROM bench_part WHERE kind = 'word')
INSERT INTO claims_claim (statement, status, version, created_at)
SELECT heads.a[1 + g % heads.n] || ' ' || names.a[1 + (g / heads.n) % names.n] || ' '
       || tails.a[1 + (g * 7919) % tails.n] || ' ' || words.a[1 + g % words.n] || ' '
       || words.a[1 + (g / words.n) % words.n],
       (ARRAY['unverified', 'disputed', 'verified'])[1 + g % 3], 0, now()
  FROM generate_series({claims_from}, {claims_to} - 1) g, heads, tails, names, words;

INSERT INTO articles_article (title, outlet, byline, url, dateline, body, raw, content_hash,
                              imported_at, extraction_state, extraction_error, extractor_version,
                              shingle_sketch)
SELECT 'Synthetic ' || g, 'Bench News', '', '', '', 'Synthetic article ' || g, '',
       md5('bench' || g) || md5(g::text), now(), 'done', '', '', '{{}}'
  FROM generate_series({articles_from}, {articles_to} - 1) g;

WITH c AS (SELECT min(id) lo FROM claims_claim),
     a AS (SELECT min(id) lo FROM articles_article),
     s AS (SELECT min(id) lo, count(*) n FROM claims_source)
INSERT INTO claims_attribution (claim_id, article_id, source_id, cue, direct, hedges, origin,
                                extractor_version, created_at)
SELECT c.lo + g / {claim_share}, a.lo + g / {article_share}, s.lo + (g / {claim_share}) % s.n,
       'said', false, CASE WHEN g % 7 = 0 THEN ARRAY['reportedly'] ELSE '{{}}' END, 'automatic', '',
       now()
  FROM generate_series({rows_from}, {rows_to} - 1) g, c, a, s;

-- Each appearance words its claim a little differently: as stated, first word dropped, hedged.
INSERT INTO claims_wording (attribution_id, text)
SELECT at.id, CASE at.id % 3 WHEN 0 THEN cl.statement
                              WHEN 1 THEN regexp_replace(cl.statement, '^\\S+\\s+', '')
                              ELSE 'reportedly ' || cl.statement END
  FROM claims_attribution at JOIN claims_claim cl ON cl.id = at.claim_id
 WHERE at.id > {last_attribution};
SET session_replication_role = origin;
"""


def fill(cursor, *, rows_from: int, rows_to: int) -> float:
    """Grow the synthetic data from `rows_from` to `rows_to` attributions; seconds taken."""
    started = time.perf_counter()
    indexes = _gin_indexes(cursor)
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SELECT coalesce(max(id), 0) FROM claims_attribution")
    (last,) = cursor.fetchone()
    # Integers only, formatted in: psycopg binds parameters for one statement at a time.
    sql = FILL_SQL.format(
        **{
            "claims_from": rows_from // CLAIM_SHARE,
            "claims_to": rows_to // CLAIM_SHARE,
            "articles_from": rows_from // ARTICLE_SHARE,
            "articles_to": rows_to // ARTICLE_SHARE,
            "rows_from": rows_from,
            "rows_to": rows_to,
            "claim_share": CLAIM_SHARE,
            "article_share": ARTICLE_SHARE,
            "last_attribution": last,
        }
    )
    for statement in sql.split(";\n"):
        if statement.strip():
            cursor.execute(statement)
    for _, definition in indexes:
        cursor.execute(definition)
    cursor.execute("ANALYZE")
    return time.perf_counter() - started


def probes(cursor, material, n: int, rng: random.Random):
    """Half restate a stored claim (a random attribution's wording, hedged), half are new."""
    wordings, names, words = material
    cursor.execute("SELECT count(*) FROM claims_claim")
    (claims,) = cursor.fetchone()
    cursor.execute("SELECT min(id) FROM claims_claim")
    (low,) = cursor.fetchone()
    out = []
    for i in range(n):
        if i % 2 == 0:
            cursor.execute(
                "SELECT id, statement FROM claims_claim WHERE id = %s",
                [low + rng.randrange(claims)],
            )
            claim_id, statement = cursor.fetchone()
            out.append((f"{statement} allegedly", claim_id))
        else:
            out.append(
                (
                    f"{rng.choice(wordings)} {rng.choice(names)} {rng.choice(wordings)}"
                    f" {rng.choice(words)} {rng.choice(words)}",
                    None,
                )
            )
    return out


def time_links(cases, source_names: list[str], per_article: int, *, synonyms: bool = True):
    """Milliseconds per link_attribution, and how many of the restatements were found."""
    from django.test import override_settings

    from articles.services import import_article
    from claims.services import SourceRef, link_attribution

    times, found, restated = [], 0, 0
    article = None
    with override_settings(**({} if synonyms else {"CLAIMS_LINK_SYNONYMS": ""})):
        for i, (text, expected) in enumerate(cases):
            if i % per_article == 0:
                body = f"Bench probe article {time.time_ns()} {i}"
                article = import_article(body=body, title=body).article
            started = time.perf_counter()
            attribution = link_attribution(
                article=article,
                statement=text,
                source=SourceRef(source_names[i % len(source_names)], "person"),
            )
            times.append((time.perf_counter() - started) * 1000)
            if expected is not None:
                restated += 1
                found += attribution.claim_id == expected
    return times, found, restated


def side_by_side(cursor, material, rng, args, names):
    """Link times with synonyms (as shipped) and without, probes alternating in chunks of one
    article so a burst of load on the machine hits both; and the restatements found."""
    with_ms, without_ms, found, restated = [], [], 0, 0
    chunks = max(1, args.probes // args.per_article)
    for _ in range(chunks):
        for synonyms in (True, False):
            cases = probes(cursor, material, args.per_article, rng)
            ms, hits, total = time_links(cases, names, args.per_article, synonyms=synonyms)
            if synonyms:
                with_ms += ms
                found, restated = found + hits, restated + total
            else:
                without_ms += ms
    return with_ms, without_ms, found / restated if restated else 1.0


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[-1], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--batch-articles", type=int, default=100)
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    _admin(base_url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    _admin(base_url, f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = _point_at(base_url, BENCH_DB)
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims import linking

    call_command("migrate", verbosity=0)
    material = _seed_material()
    wordings, names, words = material
    rng = random.Random(5)
    results = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_part (i serial, kind text, h text)")
            for text in wordings:
                tokens = text.split()
                half = len(tokens) // 2
                cursor.execute(
                    "INSERT INTO bench_part (kind, h) VALUES ('head', %s), ('tail', %s)",
                    [" ".join(tokens[:half]), " ".join(tokens[half:])],
                )
            for kind, values in (("name", names), ("word", words)):
                for value in values:
                    cursor.execute(
                        "INSERT INTO bench_part (kind, h) VALUES (%s, %s)", [kind, value]
                    )
            cursor.execute(
                "INSERT INTO claims_source (name, kind, description, created_at)"
                " SELECT 'Bench source ' || g, 'person', '', now() FROM generate_series(1, 5000) g"
            )
            filled = 0
            for size in sizes:
                seconds = fill(cursor, rows_from=filled, rows_to=size)
                # Production re-reads the word counts every few minutes; the fill took less.
                linking._stats = None
                filled = size
                link_ms, plain_ms, found = side_by_side(cursor, material, rng, args, names)
                batch_cases = probes(cursor, material, args.batch_articles * args.per_article, rng)
                started = time.perf_counter()
                time_links(batch_cases, names, per_article=args.per_article)
                batch_s = time.perf_counter() - started
                row = {
                    "attributions": size,
                    "claims": size // CLAIM_SHARE,
                    "fill_s": round(seconds, 1),
                    "median_ms": round(statistics.median(link_ms), 2),
                    "p95_ms": _p95(link_ms),
                    "p95_ms_without_synonyms": _p95(plain_ms),
                    "batch_100_articles_s": round(batch_s, 2),
                    "batch_attributions": len(batch_cases),
                    "restatements_found": round(found, 3),
                }
                results.append(row)
                print(
                    f"{size:>9,} attributions: fill {row['fill_s']} s, link median "
                    f"{row['median_ms']} ms, p95 {row['p95_ms']} ms (without synonyms"
                    f" {row['p95_ms_without_synonyms']} ms); {args.batch_articles}-article"
                    f" batch ({len(batch_cases)} attributions) {row['batch_100_articles_s']} s;"
                    f" restatements found {row['restatements_found']:.0%}",
                    flush=True,
                )
    finally:
        connection.close()
        if not args.keep:
            _admin(base_url, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    print(json.dumps({**results[-1], "by_size": results}))


if __name__ == "__main__":
    main()
