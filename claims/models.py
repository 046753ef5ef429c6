import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from claims.sources import alias_keys


class SourceKind(models.TextChoices):
    """Who stands behind a claim. The values match the extractor's and the gold file's."""

    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organisation"
    GOVERNMENT = "government", "Government"
    MEDIA = "media", "Media"
    SOCIAL_MEDIA = "social_media", "Social-media channel"
    ANONYMOUS = "anonymous", "Anonymous"
    UNATTRIBUTED = "unattributed", "Unattributed"


class ReviewStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    DISPUTED = "disputed", "Disputed"
    VERIFIED = "verified", "Verified"


@pghistory.track()
class Source(models.Model):
    """Someone or something claims are pinned on: a person, a ministry, an outlet, a channel."""

    name = models.CharField(max_length=300, help_text="Canonical name, titles and roles stripped.")
    kind = models.CharField(max_length=20, choices=SourceKind, db_index=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="source_name_trgm")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("source_detail", args=[self.pk])


@pghistory.track()
class SourceAlias(models.Model):
    """One spelling of a source. Anonymous sources get none: two "insiders" are not one person."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300, help_text="As written in an article.")
    normalized = models.CharField(
        max_length=300,
        unique=True,
        blank=True,
        help_text="Case-folded, titles and articles stripped: the lookup key. Left empty, it "
        "is derived from the alias, as imports derive it.",
    )

    class Meta:
        verbose_name_plural = "source aliases"
        ordering = ["alias"]

    def __str__(self):
        return self.alias

    def clean(self):
        # Filled before the unique check, so a key another source owns is a form error.
        if self.alias and not self.normalized:
            keys = alias_keys(self.alias, self.source.kind if self.source_id else None)
            if not keys:
                raise ValidationError({"alias": "This spelling has no name in it to look up."})
            self.normalized = keys[0]


# The search vector is derived, and a generated column cannot be copied into the event table.
@pghistory.track(exclude=["search", "n_attributions"])
class Claim(models.Model):
    """A statement that one or more articles attribute to a source; the unit reviewers judge."""

    statement = models.TextField(help_text="The canonical wording of the claim.")
    status = models.CharField(
        max_length=12, choices=ReviewStatus, default=ReviewStatus.UNVERIFIED, db_index=True
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=0, help_text="Bumped by every review: a review read at an older version is refused."
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_claims",
        help_text="Set when merged into another claim; its reviews stay here and show there.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    n_attributions = models.IntegerField(
        db_default=0,  # a database default, so raw SQL inserts (benchmarks) need not name it
        editable=False,
        help_text="How many attributions state this claim; kept by a database trigger.",
    )
    search = models.GeneratedField(
        expression=SearchVector("statement", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("review_claim", "Can review claims and assign them"),
            ("link_claims", "Can merge and split claims and sources"),
        ]
        indexes = [
            GinIndex(fields=["search"], name="claim_search_gin"),
            GinIndex(fields=["statement"], opclasses=["gin_trgm_ops"], name="claim_statement_trgm"),
            # The review queue: unreviewed claims, most repeated first.
            models.Index(
                F("n_attributions").desc(),
                F("id").desc(),
                name="claim_review_queue",
                condition=Q(status="unverified", version=0, merged_into__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="claim_not_merged_into_itself"
            ),
        ]

    def __str__(self):
        return self.statement[:100]

    def get_absolute_url(self):
        return reverse("claim_detail", args=[self.pk])


@pghistory.track()
class Attribution(models.Model):
    """One appearance of a claim in an article: who said it, how, and where in the text."""

    class Origin(models.TextChoices):
        AUTOMATIC = "automatic", "Extracted automatically"
        MANUAL = "manual", "Entered by hand"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="attributions")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="attributions"
    )
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attributions",
        help_text="Empty when the article names no source (an unattributed, hedged claim).",
    )
    via = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cited_in",
        help_text="Whom the source itself cites, e.g. a channel citing 'an insider'.",
    )
    cue = models.CharField(
        max_length=100, blank=True, help_text="said, according to, citing, reportedly…"
    )
    direct = models.BooleanField(default=False, help_text="The content is a direct quotation.")
    hedges = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    # Character offsets into article.body; empty only for hand-entered rows without a span.
    sentence_start = models.PositiveIntegerField(null=True, blank=True)
    sentence_end = models.PositiveIntegerField(null=True, blank=True)
    content_start = models.PositiveIntegerField(null=True, blank=True)
    content_end = models.PositiveIntegerField(null=True, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    via_start = models.PositiveIntegerField(null=True, blank=True)
    via_end = models.PositiveIntegerField(null=True, blank=True)
    origin = models.CharField(
        max_length=10, choices=Origin, default=Origin.AUTOMATIC, db_index=True
    )
    extractor_version = models.CharField(max_length=40, blank=True)
    linked_because = models.CharField(
        max_length=300,
        blank=True,
        default="",
        db_default="",  # rows written in SQL (bulk loads, the benches) need none
        editable=False,
        help_text="Why linking filed it on a claim that another attribution started: the score "
        "and the words shared (claims.linking.LinkScore). Empty when it started its claim or a "
        "reviewer split it off.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "content_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_start__isnull=True) | Q(content_start__lte=F("content_end")),
                name="attribution_content_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(sentence_start__isnull=True) | Q(sentence_start__lte=F("sentence_end")),
                name="attribution_sentence_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(source_start__isnull=True) | Q(source_start__lte=F("source_end")),
                name="attribution_source_span_ordered",
            ),
            models.CheckConstraint(
                condition=Q(via__isnull=True) | Q(source__isnull=False),
                name="attribution_via_needs_source",
            ),
        ]
        triggers = [
            # Counted in the database, so every path (services, admin, bulk updates, raw SQL)
            # keeps Claim.n_attributions right and the queue never counts a million rows.
            pgtrigger.Trigger(
                name="count_claim_attributions",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Delete | pgtrigger.UpdateOf("claim_id"),
                func="""
                    IF TG_OP <> 'INSERT' THEN
                        UPDATE claims_claim SET n_attributions = n_attributions - 1
                        WHERE id = OLD.claim_id;
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        UPDATE claims_claim SET n_attributions = n_attributions + 1
                        WHERE id = NEW.claim_id;
                    END IF;
                    RETURN NULL;
                """,
            ),
        ]

    def __str__(self):
        return f"{self.source or 'Unattributed'}: {self.claim}"

    @property
    def is_hedged(self):
        return bool(self.hedges)


class SourceTrackRecord(models.Model):
    """A source's claims counted by status: a materialized view (migration 0008) refreshed in
    the background (`claims.track_records`), so the dashboard ranks sources without counting
    every attribution on each request. A snapshot as of `ViewRefresh.refreshed_at`; a source's
    own page counts live."""

    source = models.OneToOneField(
        Source,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="track_record",
    )
    n_unverified = models.IntegerField()
    n_disputed = models.IntegerField()
    n_verified = models.IntegerField()
    n_doubtful = models.IntegerField(help_text="Unverified or disputed claims.")

    class Meta:
        managed = False
        db_table = "claims_source_track_record"

    def __str__(self):
        return f"{self.source_id}: {self.n_disputed} disputed, {self.n_doubtful} doubtful"


class ViewRefresh(models.Model):
    """When a materialized view was last refreshed: pages say how fresh their figures are."""

    view = models.CharField(max_length=63, primary_key=True)
    refreshed_at = models.DateTimeField(
        help_text="Start of the refreshing transaction: the figures are at least this recent."
    )

    def __str__(self):
        return f"{self.view} at {self.refreshed_at:%Y-%m-%d %H:%M}"


class Review(models.Model):
    """A reviewer's verdict on a claim. Written once; the database refuses edits and deletes."""

    class Kind(models.TextChoices):
        REVIEW = "review", "Review"
        MERGE = "merge", "Merge"
        SPLIT = "split", "Split"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.REVIEW)
    status_before = models.CharField(max_length=12, choices=ReviewStatus)
    status_after = models.CharField(max_length=12, choices=ReviewStatus)
    note = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text='Links as [{"url": "https://…", "title": "…"}].'
    )
    # Merges and splits say which claim and which attributions they concern, so an undo and
    # the claim page read a record rather than the note's wording.
    related_claim = models.ForeignKey(
        Claim,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a merge or split: the other claim.",
    )
    moved_attributions = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        help_text="For a merge or split: the attributions it moved.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        triggers = [
            pgtrigger.Protect(
                name="reviews_are_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self):
        return f"{self.get_status_after_display()} by {self.reviewer} on {self.created_at:%Y-%m-%d}"


class Wording(models.Model):
    """How one attribution's article worded its claim: what cross-article linking searches.

    A claim keeps one canonical statement, but a repeat may resemble any earlier wording of it
    (one outlet's "boundless" partnership is another's "no boundaries" one), so each is indexed.
    """

    attribution = models.OneToOneField(
        Attribution, on_delete=models.CASCADE, primary_key=True, related_name="wording"
    )
    text = models.TextField()
    search = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            # No pending list (fastupdate): linking searches what the previous article just
            # stored, and a pending list is read whole, row by row, by every search.
            GinIndex(fields=["search"], name="wording_search_gin", fastupdate=False),
        ]

    def __str__(self):
        return self.text[:100]
