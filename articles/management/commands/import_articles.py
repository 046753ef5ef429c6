"""Import article files, folders of them (recursively) and URLs from the command line."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from articles.cleaning import check_size
from articles.errors import IngestError
from articles.services import SUPPORTED_EXTENSIONS, import_file, import_url


def _is_url(argument: str) -> bool:
    return argument.startswith(("http://", "https://"))


class Command(BaseCommand):
    help = (
        "Import .txt, .html and .htm article files, folders of them (recursively) or http(s) "
        "URLs. Ends with 'imported N, duplicates M, failed K'; exits non-zero if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or URL")
        parser.add_argument("--outlet", default="", help="outlet of every article imported")
        parser.add_argument("--url", default="", help="the address of the one article given")

    def handle(self, *args, paths, outlet, url, **options):
        inputs = self._inputs(paths)
        if url and len(inputs) != 1:
            raise CommandError(f"--url names one article, but {len(inputs)} inputs were given")
        verbose = options["verbosity"] >= 1
        imported = duplicates = failed = 0
        # tqdm draws only on a terminal (disable=None), so logs and tests get plain lines.
        progress = tqdm(
            inputs, unit="article", file=sys.stderr, disable=None if len(inputs) > 1 else True
        )
        for item in progress:
            try:
                if isinstance(item, str):
                    result = import_url(url=item, outlet=outlet)
                else:
                    # Refuse an oversized file before reading it all into memory.
                    cap = settings.ARTICLES_MAX_BYTES
                    check_size(item.stat().st_size, max_bytes=cap, source=str(item))
                    data = item.read_bytes()
                    result = import_file(name=str(item), data=data, outlet=outlet, url=url)
            except IngestError as error:
                failed += 1
                error.source = str(item)  # the path as given, so the file can be found
                self._say(self.stderr, f"failed: {error}")
                continue
            except OSError as error:  # unreadable file: permissions, vanished, a broken link
                failed += 1
                self._say(self.stderr, f"failed: {item}: {error.strerror or error}")
                continue
            article = result.article
            if result.created:
                imported += 1
            else:
                duplicates += 1
                if verbose:
                    self._say(
                        self.stdout,
                        f"duplicate: {item} is already article #{article.pk} ({article.title})",
                    )
            if verbose and result.near_duplicates:
                others = ", ".join(f"#{other.pk}" for other in result.near_duplicates)
                self._say(
                    self.stdout,
                    f"near-duplicate: {item} (article #{article.pk}) tells the story of {others}",
                )
        progress.close()
        self.stdout.write(f"imported {imported}, duplicates {duplicates}, failed {failed}")
        if failed:
            raise CommandError(f"{failed} of {len(inputs)} inputs failed", returncode=1)

    def _say(self, stream, message: str) -> None:
        with tqdm.external_write_mode(file=sys.stderr):  # clear the bar, print, redraw
            stream.write(message)

    def _inputs(self, arguments: list[str]) -> list[Path | str]:
        """Files named are imported whatever their extension (an unknown one fails with a
        message); inside folders, only article files are picked, hidden files skipped."""
        inputs: list[Path | str] = []
        for argument in arguments:
            if _is_url(argument):
                inputs.append(argument)
                continue
            path = Path(argument)
            if path.is_dir():
                inputs.extend(
                    sorted(
                        p
                        for p in path.rglob("*")
                        if p.is_file()
                        and p.suffix.lower() in SUPPORTED_EXTENSIONS
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    )
                )
            else:
                inputs.append(path)  # a missing file fails in the loop, with the others counted
        return inputs
