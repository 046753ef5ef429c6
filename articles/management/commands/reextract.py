"""Extract articles again, after a model or rules upgrade or a failed job."""

import sys

from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from articles.models import Article
from articles.services import extract_now, record_extraction_failure, request_extraction
from claims import extraction


class Command(BaseCommand):
    help = (
        "Extract the given articles (or --all, or --outdated) again: queue a job for each, or run "
        "it here with --now. Replaces automatic attributions only; reviews, hand-entered "
        "attributions and claims that have reviews are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("article_ids", nargs="*", type=int, metavar="ARTICLE_ID")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", dest="every", help="every article")
        which.add_argument(
            "--outdated",
            action="store_true",
            help="articles not extracted by the current extractor version",
        )
        parser.add_argument(
            "--now", action="store_true", help="extract here and now instead of queueing jobs"
        )

    def handle(self, *args, article_ids, every, outdated, now, **options):
        if bool(article_ids) + every + outdated != 1:
            raise CommandError("name article ids, or give --all or --outdated (one of them)")
        articles = Article.objects.order_by("pk").only("pk", "title")
        if outdated:
            articles = articles.exclude(extractor_version=extraction.EXTRACTOR_VERSION)
        elif article_ids:
            articles = articles.filter(pk__in=article_ids)
            if missing := sorted(set(article_ids) - {a.pk for a in articles}):
                raise CommandError(f"no article with id {', '.join(map(str, missing))}")
        articles = list(articles)
        if now:
            self._extract(articles)
        else:
            self._queue(articles)

    def _queue(self, articles):
        queued = sum(request_extraction(article=article) for article in articles)
        waiting = len(articles) - queued
        self.stdout.write(
            f"queued {queued} extraction jobs"
            + (f"; {waiting} already waiting" if waiting else "")
            + (" (a worker runs them: manage.py procrastinate worker)" if queued else "")
        )

    def _extract(self, articles):
        done = failed = 0
        progress = tqdm(articles, unit="article", file=sys.stderr, disable=None)
        for article in progress:
            try:
                extract_now(article_id=article.pk)
            except Exception as error:
                failed += 1
                message = f"{type(error).__name__}: {error}"
                record_extraction_failure(article_id=article.pk, error=message)
                with tqdm.external_write_mode(file=sys.stderr):
                    self.stderr.write(f"failed: article #{article.pk} ({article.title}): {message}")
            else:
                done += 1
        progress.close()
        self.stdout.write(f"extracted {done}, failed {failed}")
        if failed:
            raise CommandError(f"{failed} of {len(articles)} articles failed", returncode=1)
