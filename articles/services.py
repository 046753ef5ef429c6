"""Every write to articles goes through these functions.

Each `import_*` function turns one input into at most one stored article: it cleans, then stores
unless the same text or URL is already there, in which case it returns that article. Bad input
raises an `IngestError` (message: input name and reason) before anything is written.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from urllib.parse import urldefrag

from django.conf import settings
from django.db import IntegrityError, transaction

from articles import cleaning, fetching
from articles.cleaning import CleanedArticle
from articles.errors import UnsupportedInput
from articles.models import Article

# Extension → reader. Anything else is refused by name rather than guessed at.
TEXT_EXTENSIONS = frozenset({".txt"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS

# The sketch estimate is noisy (about ±0.05 at 128 hashes), so candidates a little below the
# threshold are confirmed on the full texts rather than dropped on the estimate.
_CANDIDATE_MARGIN = 0.15


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool  # False: the same text or URL was already stored; `article` is that one
    near_duplicates: list[Article] = field(default_factory=list)  # marked by this import


def content_hash(body: str) -> str:
    """The de-duplication key: whitespace and case do not make a text new."""
    return cleaning.content_hash(body)


def _existing(*, key: str, urls: list[str]) -> Article | None:
    article = Article.objects.filter(content_hash=key).first()
    if article is None and (urls := [u for u in urls if u]):
        article = Article.objects.filter(url__in=urls).first()
    return article


@transaction.atomic
def import_article(
    *,
    body: str,
    title: str,
    outlet: str = "",
    byline: str = "",
    url: str = "",
    published_on: date | None = None,
    dateline: str = "",
    raw: str = "",
    imported_by=None,
) -> ImportResult:
    """Store a clean article, or return the one already stored with the same text or URL.

    A new article is marked as a near-duplicate of stored ones that tell the same story.
    """
    key = content_hash(body)
    url = urldefrag(url)[0] if url else ""
    if existing := _existing(key=key, urls=[url]):
        return ImportResult(existing, created=False)
    signature = cleaning.shingles(body)
    try:
        with transaction.atomic():  # a concurrent import of the same text loses the race here
            article = Article.objects.create(
                title=title[:500],
                outlet=outlet[:200],
                byline=byline[:300],
                url=url,
                published_on=published_on,
                dateline=dateline[:200],
                body=body,
                raw=raw or body,
                content_hash=key,
                shingle_sketch=cleaning.sketch(signature),
                imported_by=imported_by,
            )
    except IntegrityError:
        if existing := _existing(key=key, urls=[url]):
            return ImportResult(existing, created=False)
        raise
    near = _near_duplicates_of(article, signature)
    if near:
        article.near_duplicates.add(*near)
    return ImportResult(article, created=True, near_duplicates=near)


def _near_duplicates_of(article: Article, signature: frozenset[int]) -> list[Article]:
    threshold = cleaning.NEAR_DUPLICATE_THRESHOLD
    candidates = (
        Article.objects.filter(shingle_sketch__overlap=article.shingle_sketch)
        .exclude(pk=article.pk)
        .values_list("pk", "shingle_sketch")
    )
    likely = [
        pk
        for pk, other in candidates
        if cleaning.sketch_resemblance(article.shingle_sketch, other)
        >= threshold - _CANDIDATE_MARGIN
    ]
    return [
        other
        for other in Article.objects.filter(pk__in=likely).order_by("pk")
        if cleaning.resemblance(signature, cleaning.shingles(other.body)) >= threshold
    ]


@transaction.atomic
def import_cleaned(
    *,
    cleaned: CleanedArticle,
    raw: str,
    outlet: str = "",
    url: str = "",
    imported_by=None,
) -> ImportResult:
    """Store a cleaned article; `outlet` and `url`, when given, override what cleaning found."""
    return import_article(
        body=cleaned.body,
        title=cleaned.title,
        outlet=outlet or cleaned.outlet,
        byline=cleaned.byline,
        url=url or cleaned.url or "",
        published_on=cleaned.published,
        dateline=cleaned.dateline,
        raw=raw,
        imported_by=imported_by,
    )


def import_text(
    *,
    text: str,
    source: str = "pasted text",
    outlet: str = "",
    url: str = "",
    imported_by=None,
) -> ImportResult:
    """Import plain text pasted into the form."""
    cleaning.check_size(len(text.encode()), max_bytes=settings.ARTICLES_MAX_BYTES, source=source)
    cleaned = cleaning.clean_text(text, source=source)
    return import_cleaned(
        cleaned=cleaned, raw=text, outlet=outlet, url=url, imported_by=imported_by
    )


def import_file(
    *,
    name: str,
    data: bytes,
    outlet: str = "",
    url: str = "",
    imported_by=None,
) -> ImportResult:
    """Import one uploaded or local `.txt`, `.html` or `.htm` file.

    `name` is used only to choose the reader and in messages, never as a path.
    """
    display = PurePath(name).name or name
    extension = PurePath(display).suffix.lower()
    if extension not in SUPPORTED_EXTENSIONS:
        raise UnsupportedInput(
            f"unknown extension {extension or '(none)'}: import .txt, .html or .htm files",
            source=display,
        )
    text = cleaning.decode(data, filename=display, max_bytes=settings.ARTICLES_MAX_BYTES)
    if extension in HTML_EXTENSIONS:
        cleaned = cleaning.clean_html(text, url=url or None, source=display)
    else:
        cleaned = cleaning.clean_text(text, source=display)
    return import_cleaned(
        cleaned=cleaned, raw=text, outlet=outlet, url=url, imported_by=imported_by
    )


def import_url(*, url: str, outlet: str = "", imported_by=None) -> ImportResult:
    """Fetch a page and import its main text. A URL already imported is not fetched again."""
    url = urldefrag(url.strip())[0]
    if existing := Article.objects.filter(url=url).first():
        return ImportResult(existing, created=False)
    page = fetching.fetch(
        url,
        timeout=settings.ARTICLES_FETCH_TIMEOUT,
        max_bytes=settings.ARTICLES_MAX_BYTES,
        user_agent=settings.ARTICLES_FETCH_USER_AGENT,
        allow_private=settings.ARTICLES_FETCH_ALLOW_PRIVATE,
    )
    html = cleaning.decode(
        page.body_bytes,
        filename=url,
        max_bytes=settings.ARTICLES_MAX_BYTES,
        declared_encoding=page.charset,
    )
    final_url = urldefrag(page.final_url)[0]
    if final_url != url and (existing := Article.objects.filter(url=final_url).first()):
        return ImportResult(existing, created=False)
    cleaned = cleaning.clean_html(html, url=final_url, source=url)
    return import_cleaned(
        cleaned=cleaned, raw=html, outlet=outlet, url=final_url, imported_by=imported_by
    )
