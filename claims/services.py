"""Every write to claims, sources, attributions and reviews goes through these functions."""

from dataclasses import dataclass
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
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


# --- ingest: storing the extractor's output -----------------------------------------------


def claim_for_record(*, article, record) -> Claim | None:
    """The existing claim an extracted record states, or None for a claim of its own.

    The seam for cross-article linking when `link_attribution` is absent: `save_extraction`
    asks this function (or the `claim_for` it is given) once per record, inside its
    transaction. Until linking lands, every attribution gets a claim of its own.
    """
    return None


def _linker():
    """`link_attribution` (cross-article linking, branch `linking`) once it is merged into this
    module: it finds each record's claim, resolves sources across spellings and stores the
    wording later records are matched against. None until then."""
    return globals().get("link_attribution")


def _source_ref(name: str | None, kind: str | None, span) -> SourceRef | None:
    if not kind or kind == SourceKind.UNATTRIBUTED:
        return None
    text = name or (span.text if span else "") or kind
    return SourceRef(
        name=text[:300],
        kind=kind,
        start=span.start if span else None,
        end=span.end if span else None,
    )


def _span(span) -> tuple[int, int] | None:
    return (span.start, span.end) if span else None


def _resolve_sources(refs: list[SourceRef]) -> dict[SourceRef, Source]:
    """`resolve_source` for many references at once: one query for the names already filed.

    Anonymous mentions each get a source of their own, as in `resolve_source`.
    """
    named = {ref for ref in refs if ref.kind != SourceKind.ANONYMOUS}
    keys = {ref: normalize_source_name(ref.name) for ref in named}
    known = {
        alias.normalized: alias.source
        for alias in SourceAlias.objects.select_related("source").filter(
            normalized__in=set(keys.values())
        )
    }
    # One source per anonymous mention: two records quoting the same "insider" at the same
    # place share it; an "insider" elsewhere is another one.
    anonymous = list(dict.fromkeys(ref for ref in refs if ref.kind == SourceKind.ANONYMOUS))
    found = dict(
        zip(
            anonymous,
            Source.objects.bulk_create(Source(name=ref.name, kind=ref.kind) for ref in anonymous),
            strict=True,
        )
    )
    for ref in refs:
        if ref.kind == SourceKind.ANONYMOUS:
            continue
        if (source := known.get(keys[ref])) is None:
            try:
                # Another worker may file the same new name at the same moment: the alias is
                # unique, so the loser reads the winner's source instead of failing the job.
                with transaction.atomic():
                    source = resolve_source(name=ref.name, kind=ref.kind)
            except IntegrityError:
                source = SourceAlias.objects.get(normalized=keys[ref]).source
            known[keys[ref]] = found[ref] = source
        else:
            found[ref] = source
    return found


@transaction.atomic
def save_extraction(
    *, article, records, extractor_version: str, claim_for=None
) -> list[Attribution]:
    """Replace an article's automatic attributions with `records` (the extractor's output).

    Idempotent, so a job may run again after a crash or after an extractor upgrade. Kept as
    they are: hand-entered attributions and every attribution whose claim has reviews (a
    record at the same content span as one of those is not stored again). Dropped: the other
    automatic attributions, their claims when nothing else refers to them, and the anonymous
    sources they alone used (each anonymous mention is a source of its own, so a re-run would
    otherwise pile them up).

    The rows are written as `add_attribution` writes them (same checks, same fields), but in
    a few bulk statements rather than several per record: the worker's time goes to parsing.
    """
    from articles.models import Article

    claim_for = claim_for or claim_for_record
    # Two runs for one article (a stalled job retried while the first still finishes) queue
    # here; the second replaces the first's rows instead of adding to them.
    article = Article.objects.select_for_update().get(pk=article.pk)
    reviewed = Q(claim__reviews__isnull=False) | Q(claim__merged_into__isnull=False)
    current = Attribution.objects.filter(article=article)
    kept = current.filter(Q(origin=Attribution.Origin.MANUAL) | reviewed).distinct()
    kept_spans = {(a.content_start, a.content_end) for a in kept if a.content_start is not None}
    replaced = list(
        current.exclude(pk__in=kept.values("pk")).values_list(
            "pk", "claim_id", "source_id", "via_id"
        )
    )
    if replaced:
        pks, claim_ids, source_ids, via_ids = (
            set(column) for column in zip(*replaced, strict=True)
        )
        Attribution.objects.filter(pk__in=pks).delete()
        Claim.objects.filter(
            pk__in=claim_ids,
            attributions__isnull=True,
            reviews__isnull=True,
            merged_claims__isnull=True,
            merged_into__isnull=True,
        ).delete()
        Source.objects.filter(
            pk__in=(source_ids | via_ids) - {None},
            kind=SourceKind.ANONYMOUS,
            attributions__isnull=True,
            cited_in__isnull=True,
        ).delete()

    records = [r for r in records if _span(r.content) not in kept_spans]
    for record in records:
        for span in (record.content, record.sentence, record.cue):
            if span and not 0 <= span.start <= span.end <= len(article.body):
                raise ValidationError(f"Span {_span(span)} lies outside the article's text.")
    refs = []
    for record in records:
        source = _source_ref(record.source_name, record.source_kind, record.source)
        via = _source_ref(record.via_name, record.via_kind, record.via) if source else None
        refs.append((source, via))
    link = _linker() if claim_for is claim_for_record else None
    if link is not None:  # one by one: each record must find the ones stored before it
        created = [
            link(
                article=article,
                statement=record.content.text,
                source=source,
                via=via,
                content_span=_span(record.content),
                sentence_span=_span(record.sentence),
                cue=(record.cue.text if record.cue else "")[:100],
                cue_span=_span(record.cue),
                direct=record.direct,
                hedges=[hedge[:60] for hedge in record.hedges],
                origin=Attribution.Origin.AUTOMATIC,
                extractor_version=extractor_version,
            )
            for record, (source, via) in zip(records, refs, strict=True)
        ]
        _mark_extracted(article, extractor_version)
        return created
    sources = _resolve_sources([ref for pair in refs for ref in pair if ref])
    claims = [claim_for(article=article, record=record) for record in records]
    new_claims = Claim.objects.bulk_create(
        [Claim(statement=r.content.text) for r, c in zip(records, claims, strict=True) if not c]
    )
    fresh = iter(new_claims)
    claims = [claim or next(fresh) for claim in claims]
    created = Attribution.objects.bulk_create(
        [
            Attribution(
                claim=claim,
                article=article,
                source=sources[source] if source else None,
                via=sources[via] if via else None,
                cue=(record.cue.text if record.cue else "")[:100],
                cue_start=record.cue.start if record.cue else None,
                cue_end=record.cue.end if record.cue else None,
                direct=record.direct,
                hedges=[hedge[:60] for hedge in record.hedges],
                content_start=record.content.start,
                content_end=record.content.end,
                sentence_start=record.sentence.start if record.sentence else None,
                sentence_end=record.sentence.end if record.sentence else None,
                source_start=source.start if source else None,
                source_end=source.end if source else None,
                via_start=via.start if via else None,
                via_end=via.end if via else None,
                origin=Attribution.Origin.AUTOMATIC,
                extractor_version=extractor_version,
            )
            for record, claim, (source, via) in zip(records, claims, refs, strict=True)
        ]
    )
    _mark_extracted(article, extractor_version)
    return created


def _mark_extracted(article, extractor_version: str) -> None:
    type(article).objects.filter(pk=article.pk).update(
        extraction_state=type(article).ExtractionState.DONE,
        extractor_version=extractor_version,
        extraction_error="",
    )
