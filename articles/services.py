"""Every write to articles goes through these functions."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from articles.models import Article


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool  # False: the same text or URL was already stored; `article` is that one


def content_hash(body: str) -> str:
    """The de-duplication key: whitespace and case do not make a text new."""
    normalized = re.sub(r"\s+", " ", body).strip().casefold()
    return hashlib.sha256(normalized.encode()).hexdigest()


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
    """Store a clean article, or return the one already stored with the same text or URL."""
    key = content_hash(body)
    existing = Article.objects.filter(content_hash=key).first()
    if existing is None and url:
        existing = Article.objects.filter(url=url).first()
    if existing is not None:
        return ImportResult(existing, created=False)
    article = Article.objects.create(
        title=title[:500],
        outlet=outlet,
        byline=byline,
        url=url,
        published_on=published_on,
        dateline=dateline,
        body=body,
        raw=raw or body,
        content_hash=key,
        imported_by=imported_by,
    )
    return ImportResult(article, created=True)
