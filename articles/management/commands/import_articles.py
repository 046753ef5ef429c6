"""Import article files and folders (recursive). Superseded by the full ingest pipeline."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from articles.services import import_article


class Command(BaseCommand):
    help = "Import .txt article files, or folders of them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        imported = duplicates = 0
        for path in paths:
            files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
            for file in files:
                text = file.read_text(encoding="utf-8").strip()
                if not text:
                    raise CommandError(f"{file}: empty file")
                title = text.splitlines()[0].strip()
                result = import_article(body=text, title=title, raw=text)
                imported += result.created
                duplicates += not result.created
        self.stdout.write(f"imported {imported}, duplicates {duplicates}, failed 0")
