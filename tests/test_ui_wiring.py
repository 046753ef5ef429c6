"""The parts wired together in the UI: navigation to the import page, linking controls on the
claim and source pages, framing, and the article page's extraction polling."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.framing import stated_as_fact_while_doubtful
from claims.services import merge_claims, review_claim
from tests.factories import ArticleFactory, AttributionFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db


# --- navigation ---------------------------------------------------------------------------


def test_reviewers_see_the_import_link_in_the_header_and_on_the_articles_table(client, reviewer):
    client.force_login(reviewer)
    import_url = reverse("article_import")
    assert f'href="{import_url}"' in client.get("/").content.decode()
    assert f'href="{import_url}"' in client.get(reverse("article_list")).content.decode()


def test_viewers_see_no_import_link(client, viewer):
    client.force_login(viewer)
    import_url = reverse("article_import")
    for url in ("/", reverse("article_list")):
        assert import_url not in client.get(url).content.decode(), url
    assert client.get(import_url).status_code == 403


# --- linking on the claim and source pages -----------------------------------------------


@pytest.fixture
def merged_pair(reviewer):
    survivor, merged = ClaimFactory(), ClaimFactory()
    AttributionFactory(claim=survivor)
    moved = AttributionFactory(claim=merged, article__title="Moved appearance")
    review_claim(
        claim=merged,
        status="disputed",
        reviewer=reviewer,
        note="Old verdict here.",
        expected_version=0,
    )
    merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    return survivor, merged, moved


def test_reviewers_see_merge_and_split_controls_on_the_claim_page(client, reviewer):
    claim = ClaimFactory()
    first, second = AttributionFactory(claim=claim), AttributionFactory(claim=claim)
    client.force_login(reviewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert reverse("claim_merge", args=[claim.pk]) in html
    assert reverse("attribution_split", args=[first.pk]) in html
    assert reverse("attribution_split", args=[second.pk]) in html


def test_a_claims_only_appearance_offers_no_split(client, reviewer):
    attribution = AttributionFactory()
    client.force_login(reviewer)
    html = client.get(attribution.claim.get_absolute_url()).content.decode()
    assert reverse("attribution_split", args=[attribution.pk]) not in html


def test_viewers_see_no_linking_controls(client, viewer, merged_pair):
    survivor, merged, moved = merged_pair
    client.force_login(viewer)
    for claim in (survivor, merged):
        html = client.get(claim.get_absolute_url()).content.decode()
        assert "/merge/" not in html and "/unmerge/" not in html and "/split/" not in html
    source = SourceFactory()
    html = client.get(source.get_absolute_url()).content.decode()
    assert "/merge/" not in html and "/rename/" not in html


def test_survivor_tags_moved_appearances_and_shows_the_merged_claims_reviews(
    client, reviewer, merged_pair
):
    survivor, merged, moved = merged_pair
    client.force_login(reviewer)
    html = client.get(survivor.get_absolute_url()).content.decode()
    assert f'from merged claim <a href="{merged.get_absolute_url()}">{merged.pk}</a>' in html
    assert html.count("from merged claim") == 1  # the survivor's own appearance is not tagged
    assert "Old verdict here." in html and f"on merged claim {merged.pk}" in html
    assert reverse("claim_unmerge", args=[merged.pk]) in html


def test_merged_claims_page_says_where_it_went_and_offers_unmerge_not_review(
    client, reviewer, merged_pair
):
    survivor, merged, moved = merged_pair
    client.force_login(reviewer)
    html = client.get(merged.get_absolute_url()).content.decode()
    assert "Merged into" in html and survivor.get_absolute_url() in html
    assert reverse("claim_unmerge", args=[merged.pk]) in html
    assert reverse("claim_review", args=[merged.pk]) not in html
    assert reverse("claim_merge", args=[merged.pk]) not in html
    assert "Old verdict here." in html


def test_a_merged_claim_cannot_be_reviewed(reviewer, merged_pair):
    survivor, merged, moved = merged_pair
    with pytest.raises(ValidationError, match="merged into"):
        review_claim(claim=merged, status="verified", reviewer=reviewer, expected_version=1)


def test_unmerge_from_the_survivor_page_moves_the_appearance_back(client, reviewer, merged_pair):
    survivor, merged, moved = merged_pair
    client.force_login(reviewer)
    response = client.post(reverse("claim_unmerge", args=[merged.pk]))
    assert response.status_code == 302
    moved.refresh_from_db()
    assert moved.claim_id == merged.pk
    html = client.get(survivor.get_absolute_url()).content.decode()
    assert "from merged claim" not in html and "Moved appearance" not in html


def test_reviewers_see_rename_and_merge_on_the_source_page(client, reviewer):
    source = SourceFactory(kind="person")
    anonymous = SourceFactory(kind="anonymous")
    client.force_login(reviewer)
    html = client.get(source.get_absolute_url()).content.decode()
    assert reverse("source_rename", args=[source.pk]) in html
    assert reverse("source_merge", args=[source.pk]) in html
    html = client.get(anonymous.get_absolute_url()).content.decode()
    assert reverse("source_merge", args=[anonymous.pk]) not in html


@pytest.mark.parametrize("name", ["claim_merge", "claim_unmerge", "source_merge", "source_rename"])
def test_viewer_posts_to_linking_views_are_refused(client, viewer, name):
    client.force_login(viewer)
    target = SourceFactory() if name.startswith("source") else ClaimFactory()
    response = client.post(reverse(name, args=[target.pk]), {"survivor": 1, "name": "X"})
    assert response.status_code == 403


def test_viewer_split_post_is_refused(client, viewer):
    claim = ClaimFactory()
    attribution = AttributionFactory(claim=claim)
    AttributionFactory(claim=claim)
    client.force_login(viewer)
    assert client.post(reverse("attribution_split", args=[attribution.pk])).status_code == 403
    attribution.refresh_from_db()
    assert attribution.claim_id == claim.pk


# --- framing --------------------------------------------------------------------------------


def test_dashboard_list_comes_from_framing_and_puts_disputed_first(client, viewer, reviewer):
    unverified = AttributionFactory(source=None, hedges=[], article__title="Unverified flat")
    disputed = AttributionFactory(source=None, hedges=[], article__title="Disputed flat")
    review_claim(
        claim=disputed.claim, status="disputed", reviewer=reviewer, note="No.", expected_version=0
    )
    assert list(stated_as_fact_while_doubtful()) == [disputed, unverified]
    client.force_login(viewer)
    html = client.get("/").content.decode()
    section = html[html.index("Stated as fact") : html.index("Recent imports")]
    assert section.index("Disputed flat") < section.index("Unverified flat")


def test_claim_page_shows_framing_across_articles(client, viewer):
    claim = ClaimFactory()
    source = SourceFactory(name="Ministry of Truth")
    AttributionFactory(
        claim=claim, source=source, cue="said", hedges=[], article__outlet="Daily One"
    )
    AttributionFactory(claim=claim, source=None, hedges=[], article__outlet="Weekly Two")
    AttributionFactory(claim=claim, source=source, hedges=["allegedly"], article__outlet="Three")
    AttributionFactory(claim=claim, source=SourceFactory(), cue="rejected", article__outlet="Four")
    client.force_login(viewer)
    html = client.get(claim.get_absolute_url()).content.decode()
    table = html[html.index("Framing across articles") :]
    for text in (
        "Daily One",
        "Weekly Two",
        "Ministry of Truth",
        "stated as fact",
        "hedged: allegedly",
        "flat, attributed",
        "denied by the source",
    ):
        assert text in table, text


@pytest.mark.parametrize("n", [2, 20])
def test_claim_page_queries_stay_bounded_with_merges_and_framings(
    client, reviewer, django_assert_max_num_queries, n
):
    survivor = ClaimFactory()
    for _ in range(n):
        merged = ClaimFactory()
        AttributionFactory(claim=merged)
        AttributionFactory(claim=survivor)
        review_claim(claim=merged, status="verified", reviewer=reviewer, expected_version=0)
        merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    client.force_login(reviewer)
    with django_assert_max_num_queries(15):
        assert client.get(survivor.get_absolute_url()).status_code == 200


# --- the article page follows its extraction --------------------------------------------------


@pytest.mark.parametrize("state", ["pending", "running"])
def test_article_page_polls_while_extraction_is_unfinished(client, viewer, state):
    article = ArticleFactory(extraction_state=state)
    client.force_login(viewer)
    html = client.get(article.get_absolute_url()).content.decode()
    poll = reverse("article_extraction", args=[article.pk])
    assert f'hx-get="{poll}"' in html and 'hx-trigger="every 2s"' in html
    fragment = client.get(poll).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "article-body" not in fragment


@pytest.mark.parametrize("state", ["done", "failed"])
def test_article_page_does_not_poll_once_extraction_finished(client, viewer, state):
    article = ArticleFactory(extraction_state=state)
    client.force_login(viewer)
    assert "hx-trigger" not in client.get(article.get_absolute_url()).content.decode()


def test_finished_poll_stops_and_brings_the_claims_along(client, viewer):
    article = ArticleFactory(extraction_state="running")
    client.force_login(viewer)
    poll = reverse("article_extraction", args=[article.pk])
    attribution = AttributionFactory(article=article, content_start=0, content_end=10)
    article.extraction_state = "done"
    article.save(update_fields=["extraction_state"])
    fragment = client.get(poll).content.decode()
    assert "hx-trigger" not in fragment
    assert 'id="article-body" hx-swap-oob="true"' in fragment
    assert attribution.claim.get_absolute_url() in fragment


def test_failed_poll_shows_the_error(client, viewer):
    article = ArticleFactory(extraction_state="failed", extraction_error="parser <crashed>")
    client.force_login(viewer)
    fragment = client.get(reverse("article_extraction", args=[article.pk])).content.decode()
    assert "parser &lt;crashed&gt;" in fragment and "hx-trigger" not in fragment


def test_extraction_poll_needs_a_login(client):
    article = ArticleFactory()
    response = client.get(reverse("article_extraction", args=[article.pk]))
    assert response.status_code == 302 and response.url.startswith("/login/")
