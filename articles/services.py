"""Every write to articles goes through these functions.

Each `import_*` function turns one input into at most one stored article: it cleans, then stores
unless the same text or URL is already there, in which case it returns that article. Bad input
raises an `IngestError` (message: input name and reason) before anything is written. A new
article's extraction job is queued in the same transaction (`queue_extraction`).
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from urllib.parse import urldefrag

from django.conf import settings
from django.db import IntegrityError, transaction
from procrastinate.exceptions import AlreadyEnqueued

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
    key = cleaning.content_hash(body)
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
    queue_extraction(article=article)
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
    _remember_shingles(article.content_hash, signature)
    return [
        other
        for other in Article.objects.filter(pk__in=likely).order_by("pk").only("content_hash")
        if cleaning.resemblance(signature, _shingles_of(other)) >= threshold
    ]


# Shingles of recently stored articles, by content hash (which fixes them: a body never changes
# and the hash ignores what shingling ignores). A bulk import of one story told many ways would
# otherwise shingle the same candidates again for every article.
_SHINGLES: OrderedDict[str, frozenset[int]] = OrderedDict()
_SHINGLES_KEPT = 512


def _remember_shingles(key: str, signature: frozenset[int]) -> None:
    _SHINGLES[key] = signature
    _SHINGLES.move_to_end(key)
    while len(_SHINGLES) > _SHINGLES_KEPT:
        _SHINGLES.popitem(last=False)


def _shingles_of(article: Article) -> frozenset[int]:
    signature = _SHINGLES.get(article.content_hash)
    if signature is None:
        signature = cleaning.shingles(article.body)  # the body is loaded only on a miss
        _remember_shingles(article.content_hash, signature)
    return signature


@transaction.atomic
def import_cleaned(
    *,
    cleaned: CleanedArticle,
    raw: str,
    title: str = "",
    outlet: str = "",
    url: str = "",
    imported_by=None,
) -> ImportResult:
    """Store a cleaned article; `title`, `outlet` and `url`, when given, override what cleaning
    found."""
    return import_article(
        body=cleaned.body,
        title=title.strip() or cleaned.title,
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
    title: str = "",
    outlet: str = "",
    url: str = "",
    imported_by=None,
) -> ImportResult:
    """Import plain text pasted into the form."""
    cleaning.check_size(len(text.encode()), max_bytes=settings.ARTICLES_MAX_BYTES, source=source)
    cleaned = cleaning.clean_text(text, source=source)
    return import_cleaned(
        cleaned=cleaned, raw=text, title=title, outlet=outlet, url=url, imported_by=imported_by
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


# --- Background extraction ------------------------------------------------------------------


def extraction_lock(article_id: int) -> str:
    return f"extract-article-{article_id}"


def queue_extraction(*, article: Article) -> bool:
    """Queue the job that extracts `article`'s attributions; False if one is already waiting.

    The job row is written in the caller's transaction (procrastinate's Django connector uses
    Django's connection), so an article and its job commit together or not at all: an import
    rolled back leaves no job, and no crash between a commit and an `on_commit` hook can leave
    an article without one.
    """
    from articles.tasks import extract_article

    lock = extraction_lock(article.pk)
    try:
        # A savepoint: a refused duplicate must not abort the caller's transaction.
        with transaction.atomic():
            # queueing_lock: at most one waiting job per article; lock: never two running.
            extract_article.configure(queueing_lock=lock, lock=lock).defer(article_id=article.pk)
    except AlreadyEnqueued:
        return False
    return True


@transaction.atomic
def request_extraction(*, article: Article) -> bool:
    """Queue a (re-)extraction and show the article as pending until a worker takes it."""
    Article.objects.filter(pk=article.pk).update(
        extraction_state=Article.ExtractionState.PENDING, extraction_error=""
    )
    return queue_extraction(article=article)


def extract_now(*, article_id: int) -> list:
    """Run the extractor over one article and store what it finds (the job's work).

    Returns the attributions created; an article deleted meanwhile is skipped.
    """
    from claims import extraction
    from claims.services import save_extraction

    started = Article.objects.filter(pk=article_id).update(
        extraction_state=Article.ExtractionState.RUNNING, extraction_error=""
    )
    if not started:
        return []
    body = Article.objects.values_list("body", flat=True).get(pk=article_id)
    records = extraction.extract(body, nlp=extraction.load_nlp(settings.CLAIMS_SPACY_MODEL))
    try:
        return save_extraction(
            article=Article(pk=article_id),
            records=records,
            extractor_version=extraction.EXTRACTOR_VERSION,
        )
    except Article.DoesNotExist:
        return []


def record_extraction_failure(*, article_id: int, error: str) -> None:
    """Show why extraction failed on the article's page; a retry or `reextract` clears it."""
    Article.objects.filter(pk=article_id).update(
        extraction_state=Article.ExtractionState.FAILED, extraction_error=error[:2000]
    )
