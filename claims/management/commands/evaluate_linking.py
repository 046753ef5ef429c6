"""Pairwise precision and recall of cross-article linking against the seeds' gold groups.

Imports the seed articles and the gold attributions through `link_attribution`, in file order,
inside a transaction that is rolled back: the database is left as it was. The figures must not
depend on what the database already holds (the demo's own import of the seeds would otherwise
join the evaluation), so on a database that holds articles it runs in a scratch database,
created and migrated for the run and dropped after it.
"""

import contextlib
import itertools
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from articles.models import Article
from articles.services import import_article
from claims.evaluation import read_articles
from claims.services import SourceRef, link_attribution

DEFAULT_SHARED = Path(settings.BASE_DIR).parent / "shared"


class Rollback(Exception):
    """Raised to undo the scratch import once the figures are taken."""


@contextlib.contextmanager
def empty_database():
    """This database when it holds no article, else a scratch one (`<name>_evaluate_linking`,
    made as Django makes a test database) for as long as the block runs. A database never
    migrated gets the scratch one too, rather than a traceback."""
    migrated = Article._meta.db_table in connection.introspection.table_names()
    if migrated and not Article.objects.exists():
        yield
        return
    name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    test_settings["NAME"] = f"{name}_evaluate_linking"
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            yield
        finally:
            connection.creation.destroy_test_db(name, verbosity=0)
    finally:
        test_settings["NAME"] = saved


def _span(body: str, text: str, start: int = 0) -> tuple[int, int]:
    at = body.find(text, start)
    if at < 0:
        raise CommandError(f"Not found in the article: {text[:60]!r}")
    return at, at + len(text)


def link_gold(records: list[dict], articles_dir: Path) -> list[int]:
    """Link every gold record in order; the claim id each one landed on."""
    articles = {
        name: import_article(body=body, title=body.strip().splitlines()[0], outlet=name).article
        for name, body in read_articles(articles_dir).items()
    }
    claim_ids = []
    for record in records:
        article = articles[record["article"]]
        sentence = _span(article.body, record["sentence"])
        content = _span(article.body, record["content"], sentence[0])
        source = None
        if record["source_kind"] != "unattributed" and record["source_name"]:
            at = article.body.find(record["source"] or "\0", sentence[0])
            source = SourceRef(
                record["source_name"],
                record["source_kind"],
                at if at >= 0 else None,
                at + len(record["source"]) if at >= 0 else None,
            )
        attribution = link_attribution(
            article=article,
            statement=record["content"],
            source=source,
            cue=record["cue"],
            direct=record["direct"],
            hedges=record["hedges"],
            content_span=content,
            sentence_span=sentence,
        )
        claim_ids.append(attribution.claim_id)
    return claim_ids


def pairwise(records: list[dict], claim_ids: list[int], clusters: list) -> dict:
    """Precision and recall over pairs of attributions put on one claim.

    The gold groups only claims repeated across articles, so a pair inside one article where
    neither side is in a gold group (a headline and its body restating a local claim) is not
    judged either way; every other pair is.
    """
    index = {(r["article"], n): n - 1 for n, r in enumerate(records, start=1)}
    gold, grouped = set(), set()
    for group in clusters:
        members = sorted(index[(article, line)] for article, line in group)
        grouped.update(members)
        gold.update(itertools.combinations(members, 2))
    predicted = {
        (i, j)
        for i, j in itertools.combinations(range(len(records)), 2)
        if claim_ids[i] == claim_ids[j]
    }
    judged = {
        (i, j)
        for i, j in predicted
        if records[i]["article"] != records[j]["article"] or i in grouped or j in grouped
    }
    tp = len(judged & gold)
    precision = tp / len(judged) if judged else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": tp,
        "predicted_pairs": len(judged),
        "gold_pairs": len(gold),
        "unjudged_pairs": len(predicted - judged),
        "claims": len(set(claim_ids)),
        "attributions": len(records),
        "wrong": sorted((i + 1, j + 1) for i, j in judged - gold),
        "missed": sorted((i + 1, j + 1) for i, j in gold - predicted),
    }


class Command(BaseCommand):
    help = "Pairwise precision/recall of claim linking vs seeds.clusters.json (last line: JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--gold", type=Path, default=DEFAULT_SHARED / "eval/seeds.gold.jsonl")
        parser.add_argument(
            "--clusters", type=Path, default=DEFAULT_SHARED / "eval/seeds.clusters.json"
        )
        parser.add_argument("--articles", type=Path, default=DEFAULT_SHARED / "seeds")
        parser.add_argument("--errors", action="store_true", help="List wrong and missed pairs.")

    def handle(self, *args, gold, clusters, articles, errors, **options):
        for path in (gold, clusters, articles):
            if not path.exists():
                raise CommandError(f"{path} is missing.")
        records = [
            json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line
        ]
        groups = json.loads(clusters.read_text(encoding="utf-8"))
        with empty_database():
            try:
                with transaction.atomic():
                    claim_ids = link_gold(records, articles)
                    raise Rollback
            except Rollback:
                pass
        result = pairwise(records, claim_ids, groups)
        self.stdout.write(
            f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
            f"F1 {result['f1']:.3f}  ({result['true_pairs']} of {result['predicted_pairs']} "
            f"judged pairs right, {result['gold_pairs']} gold pairs; "
            f"{result['attributions']} attributions on {result['claims']} claims)"
        )
        if errors:
            for label in ("wrong", "missed"):
                for i, j in result[label]:
                    self.stdout.write(
                        f"{label}: {i} {records[i - 1]['content'][:60]!r} ~ "
                        f"{j} {records[j - 1]['content'][:60]!r}"
                    )
        summary = {k: v for k, v in result.items() if k not in ("wrong", "missed")}
        summary["threshold"] = settings.CLAIMS_LINK_THRESHOLD
        self.stdout.write(json.dumps(summary))
