"""Every write to claims, sources, attributions and reviews goes through these functions."""

import logging
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, Exists, OuterRef, Q, When
from django.utils import timezone

from claims import linking
from claims.linking import Mention, best_claim
from claims.models import (
    Attribution,
    Claim,
    Review,
    ReviewStatus,
    Source,
    SourceAlias,
    SourceKind,
    Wording,
)
from claims.naming import normalize_source_name
from claims.sources import (
    UNSHARED_KINDS,
    SourceMention,
    alias_keys,
    canonical_source_name,
    is_bare_surname,
    surname,
)


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
    if locked.merged_into_id is not None:
        # Its attributions live on the survivor now: a verdict here would judge nothing shown.
        raise ValidationError(
            f"This claim was merged into claim #{locked.merged_into_id}; review that one."
        )
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


@dataclass(frozen=True)
class SourceRef:
    """A source as an article names it: the canonical name, its kind and where it is written."""

    name: str
    kind: str
    start: int | None = None
    end: int | None = None
    # The spelling as written when it is this name with titles, articles or suffixes around it
    # ("Russian President Vladimir Putin"): filed as an alias, so the source page shows it.
    written: str = ""


def _check(*, article, source, via, content_span=None, sentence_span=None, cue_span=None):
    if via is not None and source is None:
        raise ValidationError("An unattributed claim cannot cite anyone.")
    for span in (content_span, sentence_span, cue_span):
        if span and not 0 <= span[0] <= span[1] <= len(article.body):
            raise ValidationError(f"Span {span} lies outside the article's text.")


def _attribution_row(
    *,
    article,
    claim_id: int,
    source: SourceRef | None,
    source_row: Source | None,
    via: SourceRef | None = None,
    via_row: Source | None = None,
    cue: str = "",
    cue_span: tuple[int, int] | None = None,
    direct: bool = False,
    hedges: list[str] = (),
    content_span: tuple[int, int] | None = None,
    sentence_span: tuple[int, int] | None = None,
    origin: str = Attribution.Origin.AUTOMATIC,
    extractor_version: str = "",
    linked_because: str = "",
) -> Attribution:
    """The (unsaved) attribution row; `source_row`/`via_row` are what the refs resolved to."""
    return Attribution(
        claim_id=claim_id,
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
        linked_because=linked_because,
    )


@transaction.atomic(savepoint=False)  # part of its caller's transaction: no savepoint
def add_attribution(
    *,
    article,
    statement: str,
    source: SourceRef | None,
    via: SourceRef | None = None,
    claim: Claim | None = None,
    **attribution_fields,
) -> Attribution:
    """Record one appearance of a claim in an article, with its source and the source's source.

    Without `claim`, the appearance gets a claim of its own. Takes the other keywords of an
    attribution: cue, cue_span, direct, hedges, content_span, sentence_span, origin,
    extractor_version. Invisible to linking (no wording stored): see `link_attribution`.
    """
    _check(article=article, source=source, via=via, **_spans(attribution_fields))
    if claim is None:
        claim = Claim.objects.create(statement=statement)
    sources = _Sources([source, via])
    source_row, via_row = sources.resolve(source), sources.resolve(via)
    sources.save()
    row = _attribution_row(
        article=article,
        claim_id=claim.pk,
        source=source,
        source_row=source_row,
        via=via,
        via_row=via_row,
        **attribution_fields,
    )
    row.claim = claim
    row.save(force_insert=True)
    return row


def _spans(fields: dict) -> dict:
    return {k: fields.get(k) for k in ("content_span", "sentence_span", "cue_span")}


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


# --- Cross-article linking: sources across spellings, claims across articles ----------------

logger = logging.getLogger(__name__)


def _alias_rows(source: Source, spellings: list[str]) -> list[SourceAlias]:
    aliases = {}
    for spelling in spellings:
        for key in alias_keys(spelling, source.kind):
            aliases.setdefault(key, SourceAlias(source=source, alias=spelling, normalized=key))
    return list(aliases.values())


def _add_aliases(source: Source, spellings: list[str]) -> list[str]:
    """File more spellings under `source`; a key another source owns already stays with it.
    Returns the keys it filed or found taken."""
    rows = _alias_rows(source, spellings)
    # One INSERT ... ON CONFLICT DO NOTHING on the unique key, not a lookup and a savepoint
    # per key.
    SourceAlias.objects.bulk_create(rows, ignore_conflicts=True)
    return [row.normalized for row in rows]


@transaction.atomic(savepoint=False)  # part of its caller's transaction: no savepoint
def resolve_source(*, name: str, kind: str) -> Source:
    """The source a spelling stands for, across articles: titles and suffixes stripped, a bare
    surname matched to the one person who has it, aliases stored for the next import.

    Anonymous sources are never shared: each mention gets its own.
    """
    if kind in UNSHARED_KINDS:
        return Source.objects.create(name=name, kind=kind)
    keys = alias_keys(name, kind)
    alias = SourceAlias.objects.select_related("source").filter(normalized__in=keys).first()
    if alias is not None:
        _add_aliases(alias.source, [name])
        return alias.source
    return _new_spelling(name=name, kind=kind)[0]


def _new_spelling(
    *, name: str, kind: str, surname_filed: bool = True
) -> tuple[Source, list[str] | None]:
    """`resolve_source` for a spelling none of whose keys was stored when looked up: the one
    person who has the surname, else a new source; its aliases filed either way. With it, the
    keys filed as its own, or None when another transaction filed them first.
    `surname_filed=False` says that no alias is the full name's surname alone: no person known
    by it to look up."""
    canonical = canonical_source_name(name, kind)
    if kind == SourceKind.PERSON:
        last = surname(canonical)
        if is_bare_surname(canonical):
            people = (
                Source.objects.filter(
                    kind=SourceKind.PERSON, aliases__normalized__endswith=f" {last}"
                )
                .distinct()
                .order_by("pk")[:2]
            )
        elif surname_filed:
            people = Source.objects.filter(
                kind=SourceKind.PERSON, aliases__normalized=last, name__iexact=last
            ).order_by("pk")[:2]
        else:
            people = []
        # Only an unambiguous match: two people called Lee stay apart.
        if len(people) == 1:
            person = people[0]
            if is_bare_surname(person.name) and not is_bare_surname(canonical):
                # First seen by surname only; now we know the full name.
                person.name = canonical
                person.save(update_fields=["name"])
            return person, _add_aliases(person, [canonical, name])
    source = Source.objects.create(name=canonical, kind=kind)
    keys = _claim_aliases(source, [canonical, name])
    if keys is not None:
        return source, keys
    # Another transaction (a worker on another article) filed this spelling between the lookup
    # and the INSERT, which waited for it to commit: its source is this one; ours goes.
    source.delete()
    return resolve_source(name=name, kind=kind), None


def _claim_aliases(source: Source, spellings: list[str]) -> list[str] | None:
    """File a new source's spellings: their keys, or None when another source owns one."""
    rows = _alias_rows(source, spellings)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_sourcealias (source_id, alias, normalized)"
            " SELECT %s, alias, normalized"
            "   FROM unnest(%s::text[], %s::text[]) AS t(alias, normalized)"
            " ON CONFLICT (normalized) DO NOTHING RETURNING 1",
            [source.pk, [row.alias for row in rows], [row.normalized for row in rows]],
        )
        if len(cursor.fetchall()) < len(rows):
            return None
    return [row.normalized for row in rows]


class _Sources:
    """The sources of one article's attributions, resolved in order as `resolve_source` would
    resolve them: each spelling once (each anonymous mention on its own: the quotes a speaker
    tag serves share its span, hence its source). The alias keys of
    every spelling are read in one query, so a spelling whose keys are all stored, with one
    source, costs nothing more; any other goes through `resolve_source`."""

    def __init__(self, refs):
        self.known = {}
        self.names = {}  # source pk -> its name as now stored (a surname may get a full name)
        self.unsaved = []  # anonymous and unattributed sources, for `save` to write at once
        self._aliases = {}  # alias key -> source pk
        self._rows = {}  # source pk -> the source as now stored
        self._read_aliases([ref for ref in refs if ref is not None])

    @staticmethod
    def _keys(ref: SourceRef) -> set[str]:
        # Titles come off a spelling only when its source is a person: these are all the keys
        # it may have, whatever kind the source it resolves to turns out to be.
        if ref.kind in UNSHARED_KINDS:
            return set()
        keys = {*alias_keys(ref.name, SourceKind.PERSON), *alias_keys(ref.name, SourceKind.MEDIA)}
        if ref.kind == SourceKind.PERSON:
            keys.add(_Sources._surname(ref))  # a person known by it alone takes the full name
        return keys

    @staticmethod
    def _surname(ref: SourceRef) -> str:
        return surname(canonical_source_name(ref.name, ref.kind))

    def _read_aliases(self, refs) -> None:
        keys = set().union(*(self._keys(ref) for ref in refs))
        for alias in SourceAlias.objects.filter(normalized__in=keys).select_related("source"):
            self._aliases[alias.normalized] = alias.source_id
            self._rows[alias.source_id] = alias.source

    def _stored(self, ref: SourceRef) -> Source | None:
        """What `resolve_source` would return for `ref` without writing anything, or None."""
        if ref.kind in UNSHARED_KINDS:
            return None
        owners = {self._aliases.get(key) for key in alias_keys(ref.name, ref.kind)}
        if len(owners) != 1 or None in owners:
            return None  # a key is missing, or two sources share the spelling's keys
        source = self._rows[owners.pop()]
        if any(key not in self._aliases for key in alias_keys(ref.name, source.kind)):
            return None  # resolve_source would file a new alias of this spelling
        return source

    def resolve(self, ref: SourceRef | None) -> Source | None:
        if ref is None:
            return None
        if ref.kind in UNSHARED_KINDS:
            # Never shared, so nothing to look up: a source of its own, written by `save`.
            mention = (ref.name, ref.kind, ref.start, ref.end)
            if ref.start is None or mention not in self.known:
                self.unsaved.append(Source(name=ref.name, kind=ref.kind))
                self.known[mention] = self.unsaved[-1]
            return self.known[mention]
        key = (ref.name, ref.kind)
        if key not in self.known:
            source = self._stored(ref)
            if source is None:
                keys = alias_keys(ref.name, ref.kind)
                if any(k in self._aliases for k in keys):
                    source = resolve_source(name=ref.name, kind=ref.kind)
                    self._read_aliases([ref])  # the keys it filed, and who owns them
                else:
                    # No key stored when this article's aliases were read (all its keys were):
                    # skip resolve_source's lookup, and take the keys filed as this source's.
                    source, filed = _new_spelling(
                        name=ref.name,
                        kind=ref.kind,
                        surname_filed=self._surname(ref) in self._aliases,
                    )
                    if filed is None:  # another worker filed them meanwhile
                        self._read_aliases([ref])
                    else:
                        self._aliases.update((key, source.pk) for key in filed)
                self._rows[source.pk] = source  # renamed, perhaps
            self.known[key] = source
            self.names[source.pk] = source.name
        return self.known[key]

    def save(self) -> None:
        """Write the anonymous and unattributed sources `resolve` returned, in one INSERT."""
        Source.objects.bulk_create(self.unsaved)
        self.unsaved = []


@transaction.atomic(savepoint=False)  # part of its caller's transaction: no savepoint
def link_attributions(*, article, entries: list[dict]) -> list[Attribution]:
    """Record an article's attributions, each on the claim it states: an existing one when
    linking finds it, else a new one. Each entry takes the keywords of `link_attribution`.

    The result is the same as linking the entries one by one, in order: each entry's sources
    resolve across spellings first, then its claim is chosen among the stored wordings and the
    entries before it (so a repeat inside the article joins the claim its first appearance
    started). But one candidate search serves them all (`claims.linking.search`) and the
    claims, attributions and wordings are written at the end, in bulk.
    """
    entries = list(entries)
    for entry in entries:
        _check(article=article, source=entry["source"], via=entry.get("via"), **_spans(entry))
    found = linking.search(
        [
            Mention(
                text=entry["statement"],
                source=None,
                article_id=article.pk,
                sentence_span=entry.get("sentence_span"),
                content_span=entry.get("content_span"),
                direct=entry.get("direct", False),
            )
            for entry in entries
        ]
    )
    sources = _Sources([ref for entry in entries for ref in (entry["source"], entry.get("via"))])
    linked, rows, new_claims, reasons = [], [], [], []
    for n, entry in enumerate(entries):
        source_row, via_row = sources.resolve(entry["source"]), sources.resolve(entry.get("via"))
        new = replace(
            found.new[n],
            source=SourceMention(source_row.pk, source_row.name, source_row.kind)
            if source_row
            else None,
        )
        claim_id, result = best_claim(new, found.candidates(n, linked, names=sources.names))
        reasons.append("" if claim_id is None else str(result)[:300])
        if claim_id is None:
            new_claims.append(Claim(statement=entry["statement"]))
            claim_id = -len(new_claims)  # stored below, in this order
        elif claim_id in found.merged_into:
            claim_id = linking.survivor(Claim.objects.get(pk=claim_id)).pk
        if claim_id > 0:
            logger.info("Linked %r to claim %s: %s", entry["statement"][:80], claim_id, result)
        linked.append(replace(new, claim_id=claim_id))
        rows.append((source_row, via_row))
    sources.save()
    Claim.objects.bulk_create(new_claims)
    # A claim stored just now stood in as -k, the k-th of new_claims.
    claim_ids = [m.claim_id if m.claim_id > 0 else new_claims[-m.claim_id - 1].pk for m in linked]
    attributions = Attribution.objects.bulk_create(
        [
            _attribution_row(
                article=article,
                claim_id=claim_id,
                source_row=source_row,
                via_row=via_row,
                linked_because=reason,
                **{k: v for k, v in entry.items() if k != "statement"},
            )
            for entry, claim_id, (source_row, via_row), reason in zip(
                entries, claim_ids, rows, reasons, strict=True
            )
        ]
    )
    Wording.objects.bulk_create(
        [
            Wording(attribution=attribution, text=entry["statement"])
            for attribution, entry in zip(attributions, entries, strict=True)
        ]
    )
    # The spellings as written, filed after every source is resolved (so they cannot change
    # how this article's sources resolve), in one INSERT.
    SourceAlias.objects.bulk_create(
        [
            row
            for entry, resolved in zip(entries, rows, strict=True)
            for ref, source_row in zip((entry["source"], entry.get("via")), resolved, strict=True)
            if ref is not None and ref.written and source_row.kind not in UNSHARED_KINDS
            for row in _alias_rows(source_row, [ref.written])
        ],
        ignore_conflicts=True,
    )
    return attributions


def link_attribution(*, article, statement: str, source: SourceRef | None, **fields) -> Attribution:
    """Record an attribution on the claim it states: an existing one when linking finds it.

    Sources resolve across spellings first, so the scoring sees one Putin however written.
    Takes every other keyword of `add_attribution` (via, cue, direct, hedges, spans, origin...).
    """
    entry = {"statement": statement, "source": source, **fields}
    return link_attributions(article=article, entries=[entry])[0]


def _history_entry(*, on: Claim, reviewer, kind, note: str, related: Claim, moved) -> Review:
    """A merge or split in `on`'s review history: its status stays what it was."""
    return Review.objects.create(
        claim=on,
        reviewer=reviewer,
        kind=kind,
        status_before=on.status,
        status_after=on.status,
        note=note.strip(),
        related_claim=related,
        moved_attributions=moved,
    )


def _lock_claims(*claims: Claim) -> list[Claim]:
    """Fresh, locked rows in primary-key order, so two merges cannot deadlock."""
    locked = {
        c.pk: c for c in Claim.objects.select_for_update().filter(pk__in=[c.pk for c in claims])
    }
    return [locked[c.pk] for c in claims]


@transaction.atomic
def merge_claims(*, survivor: Claim, merged: Claim, reviewer, note: str = "") -> Review:
    """Move every attribution of `merged` to `survivor`; `merged` keeps its reviews and points
    at the survivor. Records a merge entry in the survivor's review history; `unmerge` undoes it.
    """
    survivor, merged = _lock_claims(survivor, merged)
    if survivor.pk == merged.pk:
        raise ValidationError("A claim cannot be merged into itself.")
    if merged.merged_into_id is not None or survivor.merged_into_id is not None:
        raise ValidationError("Merge into the surviving claim: one of these was merged already.")
    moved = list(merged.attributions.order_by("pk").values_list("pk", flat=True))
    Attribution.objects.filter(pk__in=moved).update(claim=survivor)
    Claim.objects.filter(pk=merged.pk).update(merged_into=survivor)
    ids = ", ".join(map(str, moved)) or "none"
    review = _history_entry(
        on=survivor,
        reviewer=reviewer,
        kind=Review.Kind.MERGE,
        note=f"Merged claim #{merged.pk} into this one; attributions {ids} moved. {note}",
        related=merged,
        moved=moved,
    )
    logger.info(
        "%s merged claim %s into %s (attributions %s)", reviewer, merged.pk, survivor.pk, ids
    )
    merged.refresh_from_db()
    return review


@transaction.atomic
def unmerge(*, merged: Claim, reviewer, note: str = "") -> Review:
    """Undo a merge: the attributions the merge moved go back and `merged` stands alone again."""
    (merged,) = _lock_claims(merged)
    if merged.merged_into_id is None:
        raise ValidationError("This claim was not merged into another.")
    (survivor,) = _lock_claims(Claim(pk=merged.merged_into_id))
    record = (
        survivor.reviews.filter(kind=Review.Kind.MERGE, related_claim=merged)
        .order_by("-created_at", "-pk")
        .first()
    )
    moved = record.moved_attributions if record else []
    back = list(
        survivor.attributions.filter(pk__in=moved).order_by("pk").values_list("pk", flat=True)
    )
    Attribution.objects.filter(pk__in=back).update(claim=merged)
    Claim.objects.filter(pk=merged.pk).update(merged_into=None)
    ids = ", ".join(map(str, back)) or "none"
    review = _history_entry(
        on=survivor,
        reviewer=reviewer,
        kind=Review.Kind.SPLIT,
        note=f"Unmerged claim #{merged.pk}; attributions {ids} moved back. {note}",
        related=merged,
        moved=back,
    )
    logger.info(
        "%s unmerged claim %s from %s (attributions %s)", reviewer, merged.pk, survivor.pk, ids
    )
    merged.refresh_from_db()
    return review


@transaction.atomic
def split_attribution(*, attribution: Attribution, reviewer, note: str = "") -> Claim:
    """Give one attribution a claim of its own (unverified: the old verdict judged other words).

    Both claims' histories record the split; merging the new claim back undoes it.
    """
    (claim,) = _lock_claims(attribution.claim)
    if claim.attributions.count() < 2:
        raise ValidationError("The claim's only attribution cannot be split off.")
    wording = Wording.objects.filter(attribution=attribution).values_list("text", flat=True).first()
    new_claim = Claim.objects.create(statement=wording or claim.statement)
    Attribution.objects.filter(pk=attribution.pk).update(claim=new_claim, linked_because="")
    for on, other, text in (
        (claim, new_claim, f"Split attribution {attribution.pk} off into claim #{new_claim.pk}."),
        (new_claim, claim, f"Split off claim #{claim.pk} (attribution {attribution.pk})."),
    ):
        _history_entry(
            on=on,
            reviewer=reviewer,
            kind=Review.Kind.SPLIT,
            note=f"{text} {note}",
            related=other,
            moved=[attribution.pk],
        )
    logger.info(
        "%s split attribution %s off claim %s into %s",
        reviewer,
        attribution.pk,
        claim.pk,
        new_claim.pk,
    )
    attribution.refresh_from_db()
    return new_claim


@transaction.atomic
def merge_sources(*, survivor: Source, merged: Source, user) -> Source:
    """One source for two spellings: aliases, attributions and citations move to `survivor`,
    and `merged`'s name stays findable as an alias. Anonymous sources are never merged."""
    if survivor.pk == merged.pk:
        raise ValidationError("A source cannot be merged into itself.")
    if SourceKind.ANONYMOUS in (survivor.kind, merged.kind):
        raise ValidationError("Anonymous sources are never merged: two insiders are not one.")
    name = merged.name
    SourceAlias.objects.filter(source=merged).update(source=survivor)
    Attribution.objects.filter(source=merged).update(source=survivor)
    Attribution.objects.filter(via=merged).update(via=survivor)
    if merged.description and not survivor.description:
        survivor.description = merged.description
        survivor.save(update_fields=["description"])
    merged.delete()
    _add_aliases(survivor, [name])
    logger.info("%s merged source %r into %s (%r)", user, name, survivor.pk, survivor.name)
    return survivor


@transaction.atomic
def rename_source(*, source: Source, name: str, user) -> Source:
    """Give a source a new canonical name; the old one stays an alias, so imports still find it."""
    name = name.strip()
    if not name:
        raise ValidationError("A source needs a name.")
    old = source.name
    source.name = name
    source.save(update_fields=["name"])
    _add_aliases(source, [name, old])
    logger.info("%s renamed source %s from %r to %r", user, source.pk, old, name)
    return source


# --- ingest: storing the extractor's output -----------------------------------------------


def _source_ref(name: str | None, kind: str | None, span) -> SourceRef | None:
    if not kind or kind == SourceKind.UNATTRIBUTED:
        return None
    text = name or (span.text if span else "") or kind
    written = span.text if span else ""
    spells_name = normalize_source_name(canonical_source_name(written, kind)) == (
        normalize_source_name(text)
    )
    return SourceRef(
        name=text[:300],
        kind=kind,
        start=span.start if span else None,
        end=span.end if span else None,
        written=written[:300] if spells_name and written != text else "",
    )


def _span(span) -> tuple[int, int] | None:
    return (span.start, span.end) if span else None


@transaction.atomic
def save_extraction(*, article, records, extractor_version: str) -> list[Attribution]:
    """Replace an article's automatic attributions with `records` (the extractor's output).

    Idempotent, so a job may run again after a crash or after an extractor upgrade. Kept as
    they are: hand-entered attributions and every attribution whose claim has reviews (a
    record at the same content span as one of those is not stored again). Dropped: the other
    automatic attributions, their claims when nothing else refers to them, and the anonymous
    sources they alone used (each anonymous mention is a source of its own, so a re-run would
    otherwise pile them up).

    The records go through `link_attributions` together, in order: each finds the claims the
    records before it stated, as if linked one by one.
    """
    from articles.models import Article

    # Two runs for one article (a stalled job retried while the first still finishes) queue
    # here; the second replaces the first's rows instead of adding to them.
    article = Article.objects.select_for_update().get(pk=article.pk)
    keep = (
        Q(origin=Attribution.Origin.MANUAL)
        | Q(Exists(Review.objects.filter(claim=OuterRef("claim_id"))))
        | Q(claim__merged_into__isnull=False)
    )
    current = Attribution.objects.filter(article=article).values_list(
        "pk",
        "claim_id",
        "source_id",
        "via_id",
        "content_start",
        "content_end",
        Case(When(keep, then=True), default=False),
    )
    kept_spans, replaced = set(), []
    for pk, claim_id, source_id, via_id, content_start, content_end, kept in current:
        if not kept:
            replaced.append((pk, claim_id, source_id, via_id))
        elif content_start is not None:
            kept_spans.add((content_start, content_end))
    removed_wordings: set[tuple[int, str]] = set()  # (claim, wording) of what is replaced
    if replaced:
        pks, claim_ids, source_ids, via_ids = (
            set(column) for column in zip(*replaced, strict=True)
        )
        removed_wordings = set(
            Wording.objects.filter(attribution__in=pks).values_list("attribution__claim_id", "text")
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
    created = link_attributions(
        article=article,
        entries=[
            {
                "statement": record.content.text,
                "source": source,
                "via": via,
                "content_span": _span(record.content),
                "sentence_span": _span(record.sentence),
                "cue": (record.cue.text if record.cue else "")[:100],
                "cue_span": _span(record.cue),
                "direct": record.direct,
                "hedges": [hedge[:60] for hedge in record.hedges],
                "origin": Attribution.Origin.AUTOMATIC,
                "extractor_version": extractor_version,
            }
            for record, (source, via) in zip(records, refs, strict=True)
        ],
    )
    _restate(removed_wordings)
    _mark_extracted(article, extractor_version)
    return created


def _restate(removed_wordings: set[tuple[int, str]]) -> None:
    """A claim whose statement was a wording that re-extraction replaced takes its earliest
    remaining wording (an upgraded extractor's better wording, in time), so it does not keep
    showing words no article is stored with any more. A statement someone typed never equals
    a replaced wording, so it stays."""
    stale = {
        claim.pk: claim
        for claim in Claim.objects.filter(pk__in={pk for pk, _ in removed_wordings})
        if (claim.pk, claim.statement) in removed_wordings
    }
    wordings: dict[int, list[str]] = {}  # each stale claim's wordings, earliest first
    for claim_id, text in (
        Wording.objects.filter(attribution__claim_id__in=stale)
        .order_by("attribution_id")
        .values_list("attribution__claim_id", "text")
    ):
        wordings.setdefault(claim_id, []).append(text)
    changed = []
    for claim_id, texts in wordings.items():
        if stale[claim_id].statement not in texts:
            stale[claim_id].statement = texts[0]
            changed.append(stale[claim_id])
    Claim.objects.bulk_update(changed, ["statement"])


def _mark_extracted(article, extractor_version: str) -> None:
    type(article).objects.filter(pk=article.pk).update(
        extraction_state=type(article).ExtractionState.DONE,
        extractor_version=extractor_version,
        extraction_error="",
    )
