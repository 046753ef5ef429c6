"""A synthetic corpus for the benchmarks: claims, sources, articles, attributions, reviews.

Sentences and entity names are recombined by PostgreSQL `INSERT ... SELECT generate_series`, so
a million attributions take about a minute. Benchmarks share it so their figures compare.
"""

import time

from claims import track_records

N_CLAIMS = 200_000
N_ATTRIBUTIONS = 1_000_000
N_ARTICLES = 50_000
N_SOURCES = 3_000
N_REVIEWS = 30_000

PEOPLE = """Vladimir Putin|Xi Jinping|Volodymyr Zelenskyy|Dmitry Peskov|Sergei Lavrov|Wang Yi|
Antony Blinken|Olaf Scholz|Emmanuel Macron|Recep Tayyip Erdogan|Narendra Modi|Joe Biden|
Jens Stoltenberg|Ursula von der Leyen|Maria Zakharova|Alena Verbitskaya|Vitali Klitschko|
Hoo Tiang Boon|Kim Jong Un|Ebrahim Raisi|Andriy Yermak|Oleksii Reznikov|Sergei Shoigu|
Valery Gerasimov|Yevgeny Prigozhin|Mao Ning|Wang Wenbin|Li Qiang|Kaja Kallas|Rishi Sunak""".replace(
    "\n", ""
).split("|")
ORGS = """the Kremlin|the Chinese foreign ministry|the Pentagon|NATO|the European Commission|
Ukraine's general staff|the Russian defence ministry|Xinhua|TASS|RIA Novosti|Reuters|
the United Nations|the IAEA|the White House|General SVR Telegram channel|Rybar|
the Institute for the Study of War|Amnesty International|the Red Cross|Gazprom""".replace(
    "\n", ""
).split("|")
SUBJECTS = [
    "Russian forces",
    "Ukrainian troops",
    "the Chinese government",
    "Western sanctions",
    "the peace plan",
    "the grain corridor",
    "the nuclear plant",
    "drone attacks",
    "the eastern front",
    "energy exports",
    "the summit",
    "the ceasefire proposal",
    "military aid",
    "the Black Sea fleet",
    "missile strikes",
    "the negotiations",
    "the referendum",
    "the evacuation",
    "the power grid",
    "the border crossing",
]
PREDICATES = [
    "had been halted near Bakhmut",
    "would continue until all goals were met",
    "were responsible for the shelling of civilian areas",
    "had failed to reach their targets",
    "would be discussed at the next meeting",
    "showed a balanced position on the crisis",
    "had caused heavy losses overnight",
    "were a provocation by the West",
    "would strengthen bilateral ties",
    "had been fabricated by foreign media",
    "remained under control despite the attacks",
    "had destroyed an ammunition depot",
    "would not change the course of the war",
    "were in line with international law",
    "had been agreed in principle",
    "were exaggerated by officials",
    "had left thousands without electricity",
    "would be extended for another month",
    "posed no threat to neighbouring countries",
    "had killed at least a dozen people",
]
OUTLETS = [
    "Worthy News",
    "The Straits Times",
    "Deutsche Welle",
    "Kyiv Post",
    "Daily Sabah",
    "Reuters",
    "Associated Press",
    "Al Jazeera",
    "Euronews",
    "BBC News",
    "The Guardian",
    "Global Times",
    "TASS",
    "Meduza",
    "Radio Free Europe",
    "France 24",
    "NHK World",
    "South China Morning Post",
    "The Moscow Times",
    "Ukrainska Pravda",
]
CUES = [
    "said",
    "told reporters",
    "according to",
    "claimed",
    "wrote",
    "reportedly",
    "citing",
    "warned",
    "denied",
    "announced",
]
KINDS = ["person", "government", "organization", "media", "social_media", "anonymous"]


def sql_array(values):
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def fill(
    cursor,
    *,
    claims=N_CLAIMS,
    attributions=N_ATTRIBUTIONS,
    articles=N_ARTICLES,
    sources=N_SOURCES,
    reviews=N_REVIEWS,
):
    """Fill the scratch database in a handful of set-based statements."""
    sentences = [f"{s} {p}" for s in SUBJECTS for p in PREDICATES]  # 400 sentences
    names = PEOPLE + ORGS
    cursor.execute(
        "CREATE TEMP TABLE words AS SELECT "
        f"{sql_array(sentences)} AS sentences, {sql_array(names)} AS names, "
        f"{sql_array(OUTLETS)} AS outlets, {sql_array(CUES)} AS cues, {sql_array(KINDS)} AS kinds"
    )
    cursor.execute(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined) VALUES ('!', false, 'bench', '', '', '', false, true,"
        " now()) ON CONFLICT DO NOTHING"
    )
    cursor.execute(
        "INSERT INTO auth_user_groups (user_id, group_id) SELECT u.id, g.id FROM auth_user u,"
        " auth_group g WHERE u.username = 'bench' AND g.name = 'reviewer' ON CONFLICT DO NOTHING"
    )
    cursor.execute("SELECT id FROM auth_user WHERE username = 'bench'")
    user_id = cursor.fetchone()[0]
    steps = [
        (
            "sources",
            f"""INSERT INTO claims_source (name, kind, description, created_at)
            SELECT names[1 + i % cardinality(names)] || CASE WHEN i < cardinality(names) THEN ''
                   ELSE ' (' || i || ')' END,
                   CASE WHEN i < 30 THEN 'person' ELSE kinds[1 + i % cardinality(kinds)] END,
                   '', now()
            FROM words, generate_series(0, {sources - 1}) i""",  # noqa: S608 - constants, no input
        ),
        (
            "articles",
            f"""INSERT INTO articles_article (title, outlet, byline, url, published_on, dateline,
                body, raw, content_hash, imported_at, extraction_state, extraction_error,
                extractor_version, shingle_sketch)
            SELECT 'Report ' || i || ': ' || sentences[1 + (i * 7) % cardinality(sentences)],
                   outlets[1 + i % cardinality(outlets)], '', 'https://news.example/a/' || i,
                   date '2022-02-24' + (i % 900), '',
                   names[1 + i % cardinality(names)] || ' said that '
                     || sentences[1 + (i * 7) % cardinality(sentences)] || '. '
                     || sentences[1 + (i * 11) % cardinality(sentences)] || ', officials said.',
                   '', md5(i::text) || md5((i + 1)::text),
                   now() - (i || ' minutes')::interval,
                   CASE WHEN i % 500 = 0 THEN 'failed' ELSE 'done' END,
                   CASE WHEN i % 500 = 0 THEN 'Extractor crashed' ELSE '' END, 'bench',
                   ARRAY[]::bigint[]
            FROM words, generate_series(1, {articles}) i""",  # noqa: S608 - constants, no input
        ),
        (
            "claims",
            f"""INSERT INTO claims_claim (statement, status, version, created_at,
                status_changed_at, status_changed_by_id)
            SELECT names[1 + (i * 13) % cardinality(names)] || ': '
                     || sentences[1 + i % cardinality(sentences)]
                     || ' in ' || outlets[1 + (i / 400) % cardinality(outlets)] || ' case ' || i,
                   CASE WHEN i % 10 = 0 THEN 'disputed' WHEN i % 10 = 1 THEN 'verified'
                        ELSE 'unverified' END,
                   CASE WHEN i % 10 < 2 THEN 1 ELSE 0 END,
                   now() - (i || ' seconds')::interval,
                   CASE WHEN i % 10 < 2 THEN now() - (i || ' seconds')::interval END,
                   CASE WHEN i % 10 < 2 THEN {user_id} END
            FROM words, generate_series(1, {claims}) i""",  # noqa: S608 - constants, no input
        ),
        (
            "attributions",
            # A skewed spread: a few claims repeat in many articles, most in a few.
            f"""INSERT INTO claims_attribution (claim_id, article_id, source_id, via_id, cue,
                direct, hedges, origin, extractor_version, created_at)
            SELECT c.min_id + CASE WHEN i <= {claims} THEN i - 1
                          ELSE floor({claims} * power(random(), 1.5))::int END,
                   a.min_id + (i * 7919) % {articles},
                   CASE WHEN i % 17 = 0 THEN NULL ELSE s.min_id + (i * 31) % {sources} END,
                   CASE WHEN i % 17 <> 0 AND i % 9 = 0 THEN s.min_id + (i * 37) % {sources} END,
                   cues[1 + i % cardinality(cues)], i % 3 = 0,
                   CASE WHEN i % 5 = 0 THEN ARRAY['reportedly'] ELSE ARRAY[]::varchar[] END,
                   'automatic', 'bench', now()
            FROM words,
                 (SELECT min(id) AS min_id FROM claims_claim) c,
                 (SELECT min(id) AS min_id FROM articles_article) a,
                 (SELECT min(id) AS min_id FROM claims_source) s,
                 generate_series(1::bigint, {attributions}) i""",  # noqa: S608 - constants, no input
        ),
        (
            "claim counts",
            # The fill runs with triggers off (session_replication_role = replica): count here.
            """UPDATE claims_claim c SET n_attributions = x.n
            FROM (SELECT claim_id, count(*) AS n FROM claims_attribution GROUP BY claim_id) x
            WHERE c.id = x.claim_id""",
        ),
        (
            "reviews",
            f"""INSERT INTO claims_review (claim_id, reviewer_id, kind, status_before,
                status_after, note, evidence, created_at, moved_attributions)
            SELECT id, {user_id}, 'review', 'unverified', status, 'Checked against the record.',
                   '[{{"url": "https://factcheck.example/x", "title": "Check"}}]'::jsonb,
                   status_changed_at, ARRAY[]::bigint[]
            FROM claims_claim WHERE version = 1 ORDER BY id LIMIT {reviews}""",  # noqa: S608 - constants, no input
        ),
    ]
    for name, sql in steps:
        started = time.perf_counter()
        cursor.execute(sql)
        print(f"  {name}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f} s")
    # The dashboard's per-source counts are a materialized view, refreshed in the background.
    started = time.perf_counter()
    track_records.refresh(cursor)
    print(f"  track records: refreshed in {time.perf_counter() - started:.1f} s")
