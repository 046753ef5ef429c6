"""Exports: every filtered table as streamed CSV or JSON, and schema.org ClaimReview JSON-LD.

Rows stream in chunks, so an export of 200,000 claims holds one chunk in memory, and the
per-row figures are fetched per chunk in the same fixed number of queries as for a page.
"""

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import batched

from django.conf import settings
from django.db.models import QuerySet
from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse

from claims import selectors
from claims.models import Attribution, Claim, Review, ReviewStatus, SourceKind

CHUNK = 1000

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """Make a text cell inert in spreadsheets: a leading quote keeps it literal text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a stream."""

    def write(self, value):
        return value


def csv_response(rows: Iterable[dict], fields: list[str], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(fields)
        for row in rows:
            yield writer.writerow([neutralise(_plain(row.get(name, ""))) for name in fields])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(rows: Iterable[dict], filename: str) -> StreamingHttpResponse:
    def chunks():
        yield "[\n"
        for number, row in enumerate(rows):
            separator = ",\n" if number else ""
            yield separator + json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def export_response(fmt: str, rows: Iterable[dict], fields: list[str], filename: str):
    if fmt == "json":
        return json_response(rows, filename)
    return csv_response(rows, fields, filename)


def filtered_export(request, fmt: str, filterset, make_rows, fields: list[str], filename: str):
    """Every row a table's filters select (not one page), or 400 naming the bad filters."""
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors}, status=400)
    return export_response(fmt, make_rows(filterset.qs, base_url(request)), fields, filename)


def _in_chunks(queryset: QuerySet, attach: Callable) -> Iterator:
    """Iterate a queryset with a server-side cursor, attaching figures chunk by chunk."""
    for chunk in batched(queryset.iterator(chunk_size=CHUNK), CHUNK):
        attach(chunk)
        yield from chunk


# --- tables -------------------------------------------------------------------------------

CLAIM_FIELDS = [
    "id",
    "statement",
    "status",
    "sources",
    "articles",
    "outlets",
    "first_seen",
    "last_seen",
    "last_review_at",
    "last_review_by",
    "assigned_to",
    "url",
]


def claim_rows(queryset: QuerySet[Claim], base_url: str) -> Iterator[dict]:
    queryset = queryset.select_related("status_changed_by", "assigned_to")
    for claim in _in_chunks(queryset, selectors.attach_claim_figures):
        yield {
            "id": claim.pk,
            "statement": claim.statement,
            "status": claim.status,
            "sources": "; ".join(f"{s.name} ({s.kind})" for s in claim.sources),
            "articles": claim.n_articles,
            "outlets": claim.n_outlets,
            "first_seen": claim.first_seen,
            "last_seen": claim.last_seen,
            "last_review_at": claim.status_changed_at,
            "last_review_by": str(claim.status_changed_by or ""),
            "assigned_to": str(claim.assigned_to or ""),
            "url": base_url + claim.get_absolute_url(),
        }


SOURCE_FIELDS = [
    "id",
    "name",
    "kind",
    "claims",
    "unverified",
    "disputed",
    "verified",
    "outlets",
    "last_seen",
    "url",
]


def source_rows(queryset, base_url: str) -> Iterator[dict]:
    for source in _in_chunks(queryset, selectors.attach_source_figures):
        yield {
            "id": source.pk,
            "name": source.name,
            "kind": source.kind,
            "claims": source.n_claims,
            **{status: getattr(source, f"n_{status}") for status in ReviewStatus.values},
            "outlets": source.n_outlets,
            "last_seen": source.last_seen,
            "url": base_url + source.get_absolute_url(),
        }


ARTICLE_FIELDS = [
    "id",
    "title",
    "outlet",
    "byline",
    "published_on",
    "article_url",
    "claims",
    "extraction_state",
    "imported_at",
    "url",
]


def article_rows(queryset, base_url: str) -> Iterator[dict]:
    for article in _in_chunks(queryset, selectors.attach_article_figures):
        yield {
            "id": article.pk,
            "title": article.title,
            "outlet": article.outlet,
            "byline": article.byline,
            "published_on": article.published_on,
            "article_url": article.url,
            "claims": article.n_claims,
            "extraction_state": article.extraction_state,
            "imported_at": article.imported_at,
            "url": base_url + article.get_absolute_url(),
        }


# --- schema.org ClaimReview ---------------------------------------------------------------

# Verdicts on a three-point scale: the worst is a disputed claim, the best a verified one.
RATING = {ReviewStatus.DISPUTED: 1, ReviewStatus.UNVERIFIED: 2, ReviewStatus.VERIFIED: 3}
CONTEXT = "https://schema.org"


def _author(source) -> dict:
    kind = "Person" if source.kind in (SourceKind.PERSON, SourceKind.ANONYMOUS) else "Organization"
    return {"@type": kind, "name": source.name}


def _appearance(article) -> dict:
    work = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    seen = article.published_on or article.imported_at.date()
    work["datePublished"] = seen.isoformat()
    if article.outlet:
        work["publisher"] = {"@type": "Organization", "name": article.outlet}
    return work


def claim_review(claim: Claim, attributions: list[Attribution], review: Review, base_url: str):
    """One ClaimReview object for a reviewed claim."""
    articles = {}
    sources = {}
    for attribution in attributions:
        articles.setdefault(attribution.article_id, attribution.article)
        if attribution.source is not None:
            sources.setdefault(attribution.source_id, attribution.source)
    ordered = sorted(
        articles.values(), key=lambda a: (a.published_on or a.imported_at.date(), a.pk)
    )
    item = {"@type": "Claim"}
    authors = [_author(source) for source in sources.values()]
    if authors:
        item["author"] = authors[0] if len(authors) == 1 else authors
    if ordered:
        item["appearance"] = [_appearance(article) for article in ordered]
        item["firstAppearance"] = item["appearance"][0]
        item["datePublished"] = item["firstAppearance"]["datePublished"]
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": base_url + claim.get_absolute_url(),
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "author": {
            "@type": "Organization",
            "name": settings.FACT_CHECKER_NAME,
            "url": settings.FACT_CHECKER_URL,
        },
        "datePublished": review.created_at.date().isoformat(),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[claim.status],
            "bestRating": max(RATING.values()),
            "worstRating": min(RATING.values()),
            "alternateName": claim.get_status_display(),
        },
    }


def reviewed_claims() -> QuerySet[Claim]:
    """Claims that carry at least one review (merged claims review under their survivor)."""
    return selectors.claims().filter(version__gt=0).order_by("pk")


def claim_reviews(claims: Iterable[Claim], base_url: str) -> Iterator[dict]:
    """ClaimReview objects for many claims, three queries a chunk."""
    for chunk in batched(claims, CHUNK):
        ids = [claim.pk for claim in chunk]
        attributions = defaultdict(list)
        for attribution in Attribution.objects.filter(claim_id__in=ids).select_related(
            "article", "source"
        ):
            attributions[attribution.claim_id].append(attribution)
        latest = {
            review.claim_id: review
            for review in Review.objects.filter(claim_id__in=ids)
            .order_by("claim_id", "-created_at", "-pk")
            .distinct("claim_id")
        }
        for claim in chunk:
            if claim.pk in latest:
                yield claim_review(claim, attributions[claim.pk], latest[claim.pk], base_url)


def claim_review_feed(base_url: str) -> StreamingHttpResponse:
    """Every reviewed claim's ClaimReview, as one streamed JSON-LD array."""

    def chunks():
        yield "[\n"
        rows = claim_reviews(reviewed_claims().iterator(chunk_size=CHUNK), base_url)
        for number, row in enumerate(rows):
            yield (",\n" if number else "") + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"

    return StreamingHttpResponse(chunks(), content_type="application/ld+json; charset=utf-8")


def base_url(request) -> str:
    """The site's address as the request reached it, for absolute links in exports."""
    return request.build_absolute_uri(reverse("dashboard")).rstrip("/")
