"""Every write to claims, sources, attributions and reviews goes through these functions."""

from dataclasses import dataclass
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Attribution, Claim, Review, ReviewStatus, Source, SourceAlias, SourceKind
from claims.naming import normalize_source_name


class StaleReview(Exception):
    """The claim changed since the reviewer read it; carries the newer review to show."""

    def __init__(self, claim: Claim, latest: Review | None):
        super().__init__(f"Claim {claim.pk} was reviewed by someone else since you opened it.")
        self.claim = claim
        self.latest = latest


@dataclass(frozen=True)
class Evidence:
    url: str
    title: str = ""


def clean_evidence(evidence: list[Evidence]) -> list[dict]:
    """Only http(s) links: a `javascript:` link would run in every reviewer's browser."""
    cleaned = []
    for item in evidence:
        parsed = urlparse(item.url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValidationError(f"Evidence link must be an http(s) URL: {item.url!r}")
        cleaned.append({"url": item.url.strip(), "title": item.title.strip()[:300]})
    return cleaned


@transaction.atomic
def review_claim(
    *,
    claim: Claim,
    status: str,
    reviewer,
    note: str = "",
    evidence: list[Evidence] = (),
    expected_version: int,
) -> Review:
    """Set a claim's status and append the review that records it, or raise StaleReview.

    The compare-and-set on `version` is one UPDATE, so two reviewers racing on the same
    claim cannot both win: the loser gets StaleReview and nothing is written for it.
    """
    if status not in ReviewStatus.values:
        raise ValidationError(f"Unknown status {status!r}.")
    note = note.strip()
    if status == ReviewStatus.DISPUTED and not note:
        raise ValidationError("A note is required when disputing a claim.")
    evidence_rows = clean_evidence(list(evidence))
    now = timezone.now()
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.version != expected_version:
        raise StaleReview(locked, locked.reviews.order_by("-created_at", "-pk").first())
    review = Review.objects.create(
        claim=locked,
        reviewer=reviewer,
        status_before=locked.status,
        status_after=status,
        note=note,
        evidence=evidence_rows,
    )
    Claim.objects.filter(pk=locked.pk).update(
        status=status, status_changed_at=now, status_changed_by=reviewer, version=locked.version + 1
    )
    claim.refresh_from_db()
    return review


def resolve_source(*, name: str, kind: str) -> Source:
    """The source filed under `name`, created (with its alias) if new.

    Anonymous sources are never shared: each mention is its own source.
    """
    if kind == SourceKind.ANONYMOUS:
        return Source.objects.create(name=name, kind=kind)
    key = normalize_source_name(name)
    alias = SourceAlias.objects.select_related("source").filter(normalized=key).first()
    if alias:
        return alias.source
    source = Source.objects.create(name=name, kind=kind)
    SourceAlias.objects.create(source=source, alias=name, normalized=key)
    return source


@dataclass(frozen=True)
class SourceRef:
    """A source as an article names it: the canonical name, its kind and where it is written."""

    name: str
    kind: str
    start: int | None = None
    end: int | None = None


@transaction.atomic
def add_attribution(
    *,
    article,
    statement: str,
    source: SourceRef | None,
    via: SourceRef | None = None,
    cue: str = "",
    cue_span: tuple[int, int] | None = None,
    direct: bool = False,
    hedges: list[str] = (),
    content_span: tuple[int, int] | None = None,
    sentence_span: tuple[int, int] | None = None,
    origin: str = Attribution.Origin.AUTOMATIC,
    extractor_version: str = "",
    claim: Claim | None = None,
) -> Attribution:
    """Record one appearance of a claim in an article, with its source and the source's source.

    Without `claim`, the appearance gets a claim of its own.
    """
    if via is not None and source is None:
        raise ValidationError("An unattributed claim cannot cite anyone.")
    for span in (content_span, sentence_span, cue_span):
        if span and not 0 <= span[0] <= span[1] <= len(article.body):
            raise ValidationError(f"Span {span} lies outside the article's text.")
    if claim is None:
        claim = Claim.objects.create(statement=statement)
    source_row = resolve_source(name=source.name, kind=source.kind) if source else None
    via_row = resolve_source(name=via.name, kind=via.kind) if via else None
    return Attribution.objects.create(
        claim=claim,
        article=article,
        source=source_row,
        via=via_row,
        cue=cue,
        cue_start=cue_span[0] if cue_span else None,
        cue_end=cue_span[1] if cue_span else None,
        direct=direct,
        hedges=list(hedges),
        content_start=content_span[0] if content_span else None,
        content_end=content_span[1] if content_span else None,
        sentence_start=sentence_span[0] if sentence_span else None,
        sentence_end=sentence_span[1] if sentence_span else None,
        source_start=source.start if source else None,
        source_end=source.end if source else None,
        via_start=via.start if via else None,
        via_end=via.end if via else None,
        origin=origin,
        extractor_version=extractor_version,
    )


# --- web: assignment and bulk review ------------------------------------------------------


@transaction.atomic
def assign_claim(*, claim: Claim, assignee, assigned_by) -> Claim:
    """Put a claim in a reviewer's queue (or take it out with assignee=None).

    Only members of a role that may review can hold a claim; pghistory records who changed it.
    """
    if assignee is not None and not assignee.has_perm("claims.review_claim"):
        raise ValidationError(f"{assignee} cannot review claims.")
    Claim.objects.filter(pk=claim.pk).update(assigned_to=assignee)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def bulk_review(
    *,
    claims: list[Claim],
    status: str,
    reviewer,
    note: str = "",
    evidence: list[Evidence] = (),
) -> list[Review]:
    """Set one status with one note on many claims: each claim gets its own review row.

    All or nothing: if one claim refuses (a note is missing for a dispute), none is changed.
    Each claim is reviewed at the version it has now, under a row lock.
    """
    reviews = []
    for claim in sorted(claims, key=lambda c: c.pk):  # a fixed lock order: no deadlocks
        current = Claim.objects.select_for_update().get(pk=claim.pk)
        reviews.append(
            review_claim(
                claim=current,
                status=status,
                reviewer=reviewer,
                note=note,
                evidence=evidence,
                expected_version=current.version,
            )
        )
    return reviews
