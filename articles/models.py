from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Article(models.Model):
    """One news article as imported: clean text plus the metadata a fact-checker cites."""

    class ExtractionState(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="The publisher, e.g. a newspaper or site."
    )
    byline = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    dateline = models.CharField(max_length=200, blank=True, help_text="E.g. 'MOSCOW (Agency) –'.")
    body = models.TextField(help_text="Clean text; every attribution's offsets point into it.")
    raw = models.TextField(blank=True, help_text="The input exactly as received, before cleaning.")
    content_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text="SHA-256 of the normalised body: the same text is never stored twice.",
    )
    shingle_sketch = ArrayField(
        models.BigIntegerField(),
        default=list,
        blank=True,
        editable=False,
        help_text="The smallest hashes of the body's word 5-shingles: articles sharing some are "
        "candidate near-duplicates.",
    )
    near_duplicates = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        help_text="Other outlets' copies of the same story, kept apart for their framing.",
    )
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    extraction_state = models.CharField(
        max_length=10, choices=ExtractionState, default=ExtractionState.PENDING, db_index=True
    )
    extraction_error = models.TextField(blank=True)
    extractor_version = models.CharField(
        max_length=40,
        blank=True,
        help_text="Version of the extractor that produced the automatic attributions.",
    )

    class Meta:
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique_when_given"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="article_body_not_empty"),
        ]
        indexes = [
            models.Index(fields=["published_on"]),
            models.Index(fields=["outlet"]),
            GinIndex(fields=["shingle_sketch"], name="article_shingle_sketch_gin"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("article_detail", args=[self.pk])
