"""Reads behind the pages: querysets that already fetch what each page shows.

Tables page first and count afterwards: the per-row figures (articles, outlets, first and last
seen, sources) are computed for the rows of one page only, in a fixed number of queries, so page
5,000 costs what page 1 costs. Sorting on such a figure annotates the whole table instead.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db.models import Count, DateField, F, Max, Min, Q, QuerySet
from django.db.models.functions import Cast, Coalesce

from articles.models import Article
from claims import highlighting, track_records
from claims.models import (
    Attribution,
    Claim,
    Review,
    ReviewStatus,
    Source,
    SourceKind,
    ViewRefresh,
)
from claims.roles import ADMIN, REVIEWER

# Search headlines mark matches with private-use characters, escaped and swapped for <mark> later.
START_SEL, STOP_SEL = "\ue000", "\ue001"
SEARCH_CONFIG = "english"
SIMILAR_LIMIT = 200


def seen_on(prefix: str = "") -> Coalesce:
    """The date an appearance was seen: the article's publication date, else its import date."""
    return Coalesce(
        f"{prefix}published_on", Cast(f"{prefix}imported_at", DateField()), output_field=DateField()
    )


def seen_condition(lookup: str, value, prefix: str = "") -> Q:
    """Rows whose seen date (see `seen_on`) compares with `value` by `lookup` ("gte", "lte"),
    written so that PostgreSQL can use the indexes on either date."""
    return Q(**{f"{prefix}published_on__{lookup}": value}) | Q(
        **{f"{prefix}published_on__isnull": True, f"{prefix}imported_at__date__{lookup}": value}
    )


def claims() -> QuerySet[Claim]:
    """Every live claim, newest first (merged ones show on the claim they were merged into)."""
    return (
        Claim.objects.filter(merged_into__isnull=True)
        .select_related("status_changed_by")
        .order_by("-created_at", "-pk")
    )


# --- claims table -------------------------------------------------------------------------


def with_claim_figures(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Annotate the per-claim figures over the whole queryset, for sorting on one of them."""
    seen = seen_on("attributions__article__")
    return queryset.annotate(
        n_articles=Count("attributions__article", distinct=True),
        n_outlets=Count(
            "attributions__article__outlet",
            distinct=True,
            filter=~Q(attributions__article__outlet=""),
        ),
        first_seen=Min(seen),
        last_seen=Max(seen),
        first_source=Min("attributions__source__name"),
    )


def search_claims(queryset: QuerySet[Claim], text: str) -> tuple[QuerySet[Claim], str]:
    """Full-text matches ranked best first; if none, trigram matches so a typo still finds.

    Returns the queryset and the mode used: "text" or "similar".
    """
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    matches = queryset.filter(search=query)
    # count(), not exists(): with LIMIT 1 the planner would scan the table instead of the index.
    if matches.order_by().count():
        ranked = matches.annotate(rank=SearchRank(F("search"), query))
        return ranked.order_by("-rank", "-pk"), "text"
    # Only the closest spellings: ranking every loose trigram match would cost a table scan.
    similarity = TrigramWordSimilarity(text, "statement")
    closest = list(
        queryset.filter(statement__trigram_word_similar=text)
        .annotate(similarity=similarity)
        .order_by("-similarity", "-pk")
        .values_list("pk", flat=True)[:SIMILAR_LIMIT]
    )
    similar = queryset.filter(pk__in=closest).annotate(similarity=similarity)
    return similar.order_by("-similarity", "-pk"), "similar"


@dataclass(frozen=True)
class SourceLabel:
    pk: int
    name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return SourceKind(self.kind).label


def attach_claim_figures(rows: Sequence[Claim], search: str = "") -> None:
    """Set n_articles, n_outlets, first_seen, last_seen, sources (and snippet) on each claim.

    Three queries whatever the number of rows.
    """
    ids = [claim.pk for claim in rows]
    if not ids:
        return
    seen = seen_on("article__")
    figures = {
        row["claim_id"]: row
        for row in Attribution.objects.filter(claim_id__in=ids)
        .order_by()
        .values("claim_id")
        .annotate(
            n_articles=Count("article_id", distinct=True),
            n_outlets=Count("article__outlet", distinct=True, filter=~Q(article__outlet="")),
            first_seen=Min(seen),
            last_seen=Max(seen),
        )
    }
    sources = defaultdict(list)
    for claim_id, pk, name, kind in (
        Attribution.objects.filter(claim_id__in=ids, source__isnull=False)
        .order_by("claim_id", "source__name")
        .values_list("claim_id", "source_id", "source__name", "source__kind")
        .distinct()
    ):
        sources[claim_id].append(SourceLabel(pk, name, kind))
    snippets = {}
    if search:
        query = SearchQuery(search, search_type="websearch", config=SEARCH_CONFIG)
        snippets = dict(
            Claim.objects.filter(pk__in=ids)
            .annotate(
                snippet=SearchHeadline(
                    "statement",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=START_SEL,
                    stop_sel=STOP_SEL,
                    highlight_all=True,
                )
            )
            .values_list("pk", "snippet")
        )
    for claim in rows:
        row = figures.get(claim.pk, {})
        for name in ("n_articles", "n_outlets"):
            setattr(claim, name, row.get(name, 0))
        for name in ("first_seen", "last_seen"):
            setattr(claim, name, row.get(name))
        claim.sources = sources.get(claim.pk, [])
        snippet = snippets.get(claim.pk)
        claim.snippet = highlighting.mark_snippet(snippet, START_SEL, STOP_SEL) if snippet else None


# --- claim page ---------------------------------------------------------------------------


@dataclass
class Appearance:
    """One attribution of a claim, with its sentence marked up for the page."""

    attribution: Attribution
    sentence_html: str


def with_merged(claim: Claim) -> list[int]:
    """The claim's id and those of the claims merged into it."""
    # Ids first: an OR across a join would make PostgreSQL scan every attribution.
    return [claim.pk, *Claim.objects.filter(merged_into=claim).values_list("pk", flat=True)]


def merged_claims(claim: Claim) -> list[Claim]:
    """The claims merged into this one (their reviews stay on them), oldest first."""
    return list(Claim.objects.filter(merged_into=claim).only("pk", "statement").order_by("pk"))


def merge_origins(reviews: Sequence[Review], merged_ids: Sequence[int]) -> dict[int, int]:
    """Attribution id -> the merged claim it came from, read from the survivor's merge reviews.

    `merge_claims` moves the attributions themselves to the survivor, so only its merge record
    still says where each came from; merges since undone are left out.
    """
    origins: dict[int, int] = {}
    for review in reversed(list(reviews)):  # oldest first: a later merge record wins
        if review.kind != Review.Kind.MERGE:
            continue
        if review.related_claim_id in merged_ids:
            for pk in review.moved_attributions:
                origins[pk] = review.related_claim_id
    return origins


def appearances(claim: Claim, claim_ids: list[int] | None = None) -> list[Appearance]:
    """Every appearance of the claim (and of claims merged into it), oldest article first."""
    claim_ids = claim_ids or with_merged(claim)
    attributions = (
        Attribution.objects.filter(claim_id__in=claim_ids)
        .select_related("article", "source", "via", "claim")
        .order_by(seen_on("article__"), "article_id", "content_start")
    )
    result = []
    for attribution in attributions:
        body = attribution.article.body
        spans = highlighting.spans_of(attribution, ref=attribution.pk)
        start, end = attribution.sentence_start, attribution.sentence_end
        if start is None or end is None:
            start = min((s.start for s in spans), default=0)
            end = max((s.end for s in spans), default=0)
        # No margin markers: they point into the article page's list, not this one.
        sentence_html = (
            highlighting.highlight(body, spans, start, end, markers=False) if end > start else ""
        )
        result.append(Appearance(attribution, sentence_html))
    return result


def review_history(claim: Claim, claim_ids: list[int] | None = None) -> QuerySet[Review]:
    """Reviews of the claim and of claims merged into it, newest first."""
    claim_ids = claim_ids or with_merged(claim)
    return (
        Review.objects.filter(claim_id__in=claim_ids)
        .select_related("reviewer")
        .order_by("-created_at", "-pk")
    )


def latest_review(claim: Claim) -> Review | None:
    return review_history(claim).first()


def reviewers() -> QuerySet:
    """Users who may be assigned a claim: members of the reviewer or admin role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[REVIEWER, ADMIN])
        .distinct()
        .order_by("username")
    )


# --- review queue -------------------------------------------------------------------------

QUEUES = ("all", "mine")


def review_queue(*, queue: str = "all", user=None) -> QuerySet[Claim]:
    """Unverified claims waiting for a verdict, most repeated first.

    "mine" is the claims assigned to `user`; "all" is every unreviewed claim.
    """
    waiting = claims().filter(status=ReviewStatus.UNVERIFIED)
    waiting = waiting.filter(assigned_to=user) if queue == "mine" else waiting.filter(version=0)
    # n_attributions is kept by a trigger: counting here would read every attribution.
    return waiting.annotate(n_appearances=F("n_attributions")).order_by("-n_attributions", "-pk")


def next_in_queue(claim: Claim, *, queue: str, user) -> Claim | None:
    """The claim after `claim` in the queue (the first one if `claim` has left the queue)."""
    if queue not in QUEUES:
        return None
    waiting = review_queue(queue=queue, user=user).exclude(pk=claim.pk)
    n = Attribution.objects.filter(claim=claim).count()
    later = waiting.filter(Q(n_appearances__lt=n) | Q(n_appearances=n, pk__lt=claim.pk))
    return later.first() or waiting.first()


# --- dashboard ----------------------------------------------------------------------------


def status_counts() -> dict[str, int]:
    counts = dict(
        claims().order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in ReviewStatus.values}


def recent_reviews(limit: int = 8) -> QuerySet[Review]:
    """The latest verdicts (merges and splits show in their claims' timelines instead)."""
    return (
        Review.objects.filter(kind=Review.Kind.REVIEW)
        .select_related("reviewer", "claim")
        .order_by("-created_at", "-pk")[:limit]
    )


def sources_most_doubtful(limit: int = 8) -> QuerySet[Source]:
    """Sources with the most disputed, then unverified or disputed, claims.

    Read from the track records counted in the background (`claims.track_records`), as of
    `track_records_counted_at()`: counting live would read every attribution.
    """
    return (
        Source.objects.filter(track_record__n_doubtful__gt=0)
        .annotate(
            n_doubtful=F("track_record__n_doubtful"), n_disputed=F("track_record__n_disputed")
        )
        .order_by("-n_disputed", "-n_doubtful", "name")[:limit]
    )


def track_records_counted_at():
    """When the track records were last counted (None if never, or the row is gone)."""
    return (
        ViewRefresh.objects.filter(view=track_records.VIEW)
        .values_list("refreshed_at", flat=True)
        .first()
    )


def recent_imports(limit: int = 8) -> QuerySet[Article]:
    return Article.objects.order_by("-imported_at", "-pk")[:limit]


def failed_extractions(limit: int = 8) -> QuerySet[Article]:
    return Article.objects.filter(extraction_state=Article.ExtractionState.FAILED).order_by(
        "-imported_at", "-pk"
    )[:limit]


# --- sources ------------------------------------------------------------------------------


def with_source_figures(queryset: QuerySet[Source]) -> QuerySet[Source]:
    """Per-source counts over the whole queryset, for sorting on one of them."""
    seen = seen_on("attributions__article__")
    by_status = {
        f"n_{status}": Count(
            "attributions__claim", filter=Q(attributions__claim__status=status), distinct=True
        )
        for status in ReviewStatus.values
    }
    return queryset.annotate(
        n_claims=Count("attributions__claim", distinct=True),
        n_outlets=Count(
            "attributions__article__outlet",
            distinct=True,
            filter=~Q(attributions__article__outlet=""),
        ),
        last_seen=Max(seen),
        **by_status,
    )


def attach_source_figures(rows: Sequence[Source]) -> None:
    """Set n_claims, n_<status>, n_outlets and last_seen on each source, in two queries."""
    ids = [source.pk for source in rows]
    if not ids:
        return
    seen = seen_on("article__")
    figures = {
        row["source_id"]: row
        for row in Attribution.objects.filter(source_id__in=ids)
        .order_by()
        .values("source_id")
        .annotate(
            n_claims=Count("claim_id", distinct=True),
            n_outlets=Count("article__outlet", distinct=True, filter=~Q(article__outlet="")),
            last_seen=Max(seen),
            **{
                f"n_{status}": Count("claim_id", filter=Q(claim__status=status), distinct=True)
                for status in ReviewStatus.values
            },
        )
    }
    for source in rows:
        row = figures.get(source.pk, {})
        for name in ["n_claims", "n_outlets"] + [f"n_{s}" for s in ReviewStatus.values]:
            setattr(source, name, row.get(name, 0))
        source.last_seen = row.get("last_seen")


@dataclass
class SourceProfile:
    """A source's track record: what it said, what it was cited for, where and when."""

    source: Source
    aliases: list
    by_status: dict[str, int]
    n_claims: int
    n_cited: int
    outlets: list[tuple[str, int]]
    first_seen: object
    last_seen: object
    claims_made: list[Claim]
    claims_cited: list[Claim]
    cited_by: list[tuple[int, str]]


def source_profile(source: Source, *, limit: int = 50) -> SourceProfile:
    """Everything the source page shows, in a fixed number of queries."""
    made = Attribution.objects.filter(source=source)
    cited = Attribution.objects.filter(via=source)
    either = Attribution.objects.filter(Q(source=source) | Q(via=source))
    by_status = dict(
        Claim.objects.filter(attributions__source=source)
        .order_by()
        .values("status")
        .annotate(n=Count("pk", distinct=True))
        .values_list("status", "n")
    )
    span = either.aggregate(first=Min(seen_on("article__")), last=Max(seen_on("article__")))
    outlets = list(
        either.exclude(article__outlet="")
        .order_by()
        .values("article__outlet")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n", "article__outlet")
        .values_list("article__outlet", "n")[:20]
    )
    claims_made = list(
        claims().filter(pk__in=made.values("claim_id")).order_by("-created_at", "-pk")[:limit]
    )
    claims_cited = list(
        claims().filter(pk__in=cited.values("claim_id")).order_by("-created_at", "-pk")[:limit]
    )
    cited_by = list(
        Source.objects.filter(attributions__via=source)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")[:20]
    )
    return SourceProfile(
        source=source,
        aliases=sorted(
            set(source.aliases.values_list("alias", flat=True)) - {source.name},
            key=str.casefold,
        ),
        by_status={status: by_status.get(status, 0) for status in ReviewStatus.values},
        n_claims=sum(by_status.values()),
        n_cited=cited.values("claim_id").distinct().count(),
        outlets=outlets,
        first_seen=span["first"],
        last_seen=span["last"],
        claims_made=claims_made,
        claims_cited=claims_cited,
        cited_by=cited_by,
    )


# --- articles -----------------------------------------------------------------------------


def articles_with_counts(queryset: QuerySet[Article] | None = None) -> QuerySet[Article]:
    """Annotate each article's number of claims over the whole queryset, for sorting."""
    queryset = Article.objects.all() if queryset is None else queryset
    return queryset.annotate(n_claims=Count("attributions__claim", distinct=True))


def attach_article_figures(rows: Sequence[Article]) -> None:
    """Set n_claims on each article of a page, in one query."""
    counts = dict(
        Attribution.objects.filter(article_id__in=[a.pk for a in rows])
        .order_by()
        .values("article_id")
        .annotate(n=Count("claim_id", distinct=True))
        .values_list("article_id", "n")
    )
    for article in rows:
        article.n_claims = counts.get(article.pk, 0)


@dataclass
class ArticleText:
    """An article's attributions, numbered, and its text with them marked up."""

    attributions: list[Attribution]
    html: str
    sources: list[tuple[Source, int]]


def article_text(article: Article) -> ArticleText:
    """The article page's marked-up text, claim list and source list, in one query."""
    attributions = list(
        article.attributions.select_related("claim", "source", "via").order_by(
            F("content_start").asc(nulls_last=True), "pk"
        )
    )
    spans = []
    sources: dict[int, list] = {}
    for number, attribution in enumerate(attributions, start=1):
        attribution.number = number
        label = attribution.claim.get_status_display()
        spans += highlighting.spans_of(attribution, ref=number, status_label=label)
        for source in (attribution.source, attribution.via):
            if source is not None:
                sources.setdefault(source.pk, [source, 0])[1] += 1
    html = highlighting.highlight_paragraphs(article.body, spans)
    ordered = sorted(sources.values(), key=lambda pair: (-pair[1], pair[0].name))
    return ArticleText(attributions, html, [(source, n) for source, n in ordered])
