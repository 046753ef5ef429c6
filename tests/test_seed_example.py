"""The brief's example, built through the services and read back."""

import pytest

from articles.services import import_article
from claims.models import Claim, SourceKind
from claims.services import Evidence, SourceRef, add_attribution, review_claim

pytestmark = pytest.mark.django_db

SOURCE_AS_WRITTEN = "The anti-Kremlin General GVR Telegram channel"
CONTENT = "Putin escaped assassination when his motorcade was attacked while traveling to his official residence"


def span_of(body, text):
    start = body.index(text)
    return start, start + len(text)


def test_seed_example_round_trip(seeds, reviewer):
    text = (seeds / "000_edb84ec3c036e4e7.txt").read_text(encoding="utf-8")
    article = import_article(body=text, title=text.splitlines()[0], outlet="Worthy News").article
    source_start, source_end = span_of(article.body, SOURCE_AS_WRITTEN)
    via_start, via_end = span_of(article.body, "an insider")
    cue_start = article.body.index("said Wednesday")
    sentence_start = source_start
    sentence_end = article.body.index("residence.", sentence_start) + len("residence.")

    attribution = add_attribution(
        article=article,
        statement=CONTENT,
        source=SourceRef(
            "General SVR Telegram channel", SourceKind.SOCIAL_MEDIA, source_start, source_end
        ),
        via=SourceRef("an insider", SourceKind.ANONYMOUS, via_start, via_end),
        cue="said",
        cue_span=(cue_start, cue_start + len("said")),
        hedges=["could not verify"],
        content_span=span_of(article.body, CONTENT),
        sentence_span=(sentence_start, sentence_end),
    )
    claim = attribution.claim
    assert claim.status == "unverified"

    review_claim(
        claim=claim,
        status="disputed",
        reviewer=reviewer,
        note="No independent confirmation; the channel's insider is unnamed.",
        evidence=[Evidence(url="https://factcheck.example/putin-motorcade", title="Our check")],
        expected_version=claim.version,
    )

    stored = Claim.objects.get(pk=claim.pk)
    appearance = stored.attributions.select_related("source", "via", "article").get()
    body = appearance.article.body
    assert stored.status == "disputed"
    assert appearance.source.name == "General SVR Telegram channel"
    assert appearance.source.kind == "social_media"
    assert appearance.via.name == "an insider" and appearance.via.kind == "anonymous"
    assert body[appearance.source_start : appearance.source_end] == SOURCE_AS_WRITTEN
    assert body[appearance.via_start : appearance.via_end] == "an insider"
    assert body[appearance.content_start : appearance.content_end] == CONTENT
    assert body[appearance.cue_start : appearance.cue_end] == "said"
    assert appearance.hedges == ["could not verify"]
    review = stored.reviews.get()
    assert (review.reviewer, review.status_before, review.status_after) == (
        reviewer,
        "unverified",
        "disputed",
    )
    assert review.note.startswith("No independent confirmation")
    assert review.evidence == [
        {"url": "https://factcheck.example/putin-motorcade", "title": "Our check"}
    ]
