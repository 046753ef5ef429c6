"""`manage.py reextract`: replaces automatic attributions only, queued or here and now."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article
from articles.services import extract_now, import_text
from claims import extraction
from claims.models import Attribution, Claim, Review, SourceKind
from claims.services import SourceRef, add_attribution, review_claim
from tests.jobs import empty_job_tables, extraction_jobs

pytestmark = pytest.mark.django_db

STORY = (
    "Minister denies bridge report\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was "
    "safe.\n\n"
    "“There is no crack,” she told reporters, adding that engineers had inspected it twice.\n\n"
    "A Telegram channel, citing an insider, claimed the mayor would resign.\n"
)


def reextract(*args):
    out = StringIO()
    call_command("reextract", *map(str, args), stdout=out, stderr=out)
    return out.getvalue()


def automatic(article):
    return article.attributions.filter(origin=Attribution.Origin.AUTOMATIC)


@pytest.fixture
def article():
    article = import_text(text=STORY).article
    extract_now(article_id=article.pk)
    return article


@pytest.fixture
def reviewed(article, reviewer):
    """An automatic attribution whose claim a reviewer has disputed."""
    attribution = automatic(article).order_by("content_start").first()
    review_claim(
        claim=attribution.claim,
        status="disputed",
        reviewer=reviewer,
        note="Engineers found a crack.",
        expected_version=0,
    )
    return attribution


@pytest.fixture
def manual(article):
    return add_attribution(
        article=article,
        statement="The mayor is on holiday",
        source=SourceRef(name="Town hall", kind=SourceKind.GOVERNMENT),
        origin=Attribution.Origin.MANUAL,
    )


def test_now_replaces_the_automatic_attributions(article):
    before = set(automatic(article).values_list("pk", flat=True))
    spans = sorted(automatic(article).values_list("content_start", "content_end"))

    assert reextract(article.pk, "--now").strip().endswith("extracted 1, failed 0")

    assert not before & set(automatic(article).values_list("pk", flat=True))
    assert sorted(automatic(article).values_list("content_start", "content_end")) == spans
    assert Claim.objects.count() == len(spans)


def test_reviews_are_never_touched(article, reviewed):
    reviews = list(Review.objects.values())

    reextract("--all", "--now")

    assert list(Review.objects.values()) == reviews


def test_claims_that_have_reviews_keep_their_attribution(article, reviewed):
    reextract(article.pk, "--now")

    kept = Attribution.objects.get(pk=reviewed.pk)
    assert kept.claim_id == reviewed.claim_id and kept.claim.status == "disputed"
    # …and the extractor's finding at the same place is not added beside it.
    spans = list(automatic(article).values_list("content_start", "content_end"))
    assert len(spans) == len(set(spans))


def test_hand_entered_attributions_are_never_touched(article, manual):
    row = Attribution.objects.filter(pk=manual.pk).values().get()

    reextract("--all", "--now")

    assert Attribution.objects.filter(pk=manual.pk).values().get() == row
    assert Claim.objects.filter(pk=manual.claim_id).exists()


def test_without_now_a_job_is_queued_and_the_article_shows_pending(article):
    with connection.cursor() as cursor:  # the import's job has run
        cursor.execute("UPDATE procrastinate_jobs SET status = 'succeeded'")

    assert "queued 1 extraction jobs" in reextract(article.pk)
    assert "queued 0 extraction jobs; 1 already waiting" in reextract("--all")

    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.PENDING
    assert extraction_jobs(article.pk).filter(status="todo").count() == 1
    assert automatic(article).exists()  # kept until the job replaces them


def test_outdated_picks_articles_extracted_by_an_older_extractor(article, monkeypatch):
    monkeypatch.setattr(extraction, "EXTRACTOR_VERSION", "upgraded")
    current = import_text(text=STORY.replace("bridge", "tunnel")).article
    extract_now(article_id=current.pk)

    assert "extracted 1, failed 0" in reextract("--outdated", "--now")

    assert set(Article.objects.values_list("extractor_version", flat=True)) == {"upgraded"}


def test_failures_are_reported_and_recorded(article, monkeypatch):
    def broken(text, nlp=None):
        raise ValueError("parser crashed")

    monkeypatch.setattr(extraction, "extract", broken)

    with pytest.raises(CommandError):
        reextract(article.pk, "--now")

    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.FAILED
    assert article.extraction_error == "ValueError: parser crashed"
    assert automatic(article).exists()  # the failed run removed nothing


def test_unknown_ids_and_missing_selection_are_refused(article):
    with pytest.raises(CommandError, match="no article with id 999999"):
        reextract(article.pk, 999999)
    with pytest.raises(CommandError, match="one of them"):
        reextract()
    with pytest.raises(CommandError, match="one of them"):
        reextract(article.pk, "--all")


# --- "Extract again" on the article page ------------------------------------------------------


def test_a_reviewer_extracts_an_article_again_from_its_page(client, reviewer, article):
    empty_job_tables()  # the import's job, which extract_now did the work of
    Article.objects.filter(pk=article.pk).update(extractor_version="1")
    client.force_login(reviewer)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "older than the current " + extraction.EXTRACTOR_VERSION in page
    assert "Extract again" in page

    response = client.post(f"/articles/{article.pk}/reextract/", follow=True)

    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.PENDING
    assert extraction_jobs(article.pk).filter(status="todo").count() == 1
    assert "Extraction queued again" in response.content.decode()
    assert automatic(article).exists()  # kept until the job replaces them
    client.post(f"/articles/{article.pk}/reextract/")  # asked twice: still one job waiting
    assert extraction_jobs(article.pk).filter(status="todo").count() == 1


def test_viewers_and_visitors_may_not_extract_again(client, viewer, article):
    assert client.post(f"/articles/{article.pk}/reextract/").status_code == 302  # to log in
    client.force_login(viewer)
    assert "Extract again" not in client.get(article.get_absolute_url()).content.decode()
    assert client.post(f"/articles/{article.pk}/reextract/").status_code == 403
    assert client.get(f"/articles/{article.pk}/reextract/").status_code == 405
    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.DONE
