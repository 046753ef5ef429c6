"""Every page renders for a viewer, in a bounded number of queries, with hostile text inert."""

import pytest

from claims import highlighting
from claims.models import ReviewStatus, SourceKind
from claims.services import merge_claims, review_claim
from tests.factories import (
    ArticleFactory,
    AttributionFactory,
    ClaimFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'
)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


def make_claims(n, **attribution_kwargs):
    """n claims, each appearing in its own article, all from one source."""
    source = attribution_kwargs.pop("source", None) or SourceFactory()
    return [AttributionFactory(source=source, **attribution_kwargs).claim for _ in range(n)]


def spanned_attribution(body, content, source_text, cue, **kwargs):
    article = ArticleFactory(body=body)
    start = body.index(content)
    source_start = body.index(source_text)
    cue_start = body.index(cue)
    return AttributionFactory(
        article=article,
        content_start=start,
        content_end=start + len(content),
        source_start=source_start,
        source_end=source_start + len(source_text),
        cue_start=cue_start,
        cue_end=cue_start + len(cue),
        sentence_start=0,
        sentence_end=len(body),
        **kwargs,
    )


# --- each page renders ---------------------------------------------------------------------


def test_dashboard_shows_counts_queue_and_recent_reviews(viewer_client, reviewer):
    claims = make_claims(3)
    review_claim(claim=claims[0], status="verified", reviewer=reviewer, expected_version=0)
    html = viewer_client.get("/").content.decode()
    assert "Review queue" in html and claims[1].statement in html
    assert "Recent reviews" in html and claims[0].statement in html


def test_recent_reviews_are_verdicts_not_merges(viewer_client, reviewer):
    survivor, merged = make_claims(2)
    merge_claims(survivor=survivor, merged=merged, reviewer=reviewer)
    html = viewer_client.get("/").content.decode()
    section = html[html.index("Recent reviews") : html.index("Sources with the most")]
    assert "No reviews yet." in section and survivor.statement not in section


def test_dashboard_lists_articles_stating_a_disputed_claim_as_fact(viewer_client, reviewer):
    flat = AttributionFactory(source=None, hedges=[], article__title="Flat assertion")
    review_claim(
        claim=flat.claim, status="disputed", reviewer=reviewer, note="No.", expected_version=0
    )
    hedged = AttributionFactory(source=None, hedges=["reportedly"], article__title="Hedged one")
    review_claim(
        claim=hedged.claim, status="disputed", reviewer=reviewer, note="No.", expected_version=0
    )
    html = viewer_client.get("/").content.decode()
    section = html[html.index("Stated as fact") : html.index("Recent imports")]
    assert "Flat assertion" in section and "Hedged one" not in section


def test_dashboard_shows_failed_extractions(viewer_client):
    ArticleFactory(title="Broken one", extraction_state="failed", extraction_error="parser crashed")
    html = viewer_client.get("/").content.decode()
    assert "Broken one" in html and "parser crashed" in html


def test_claims_table_shows_figures_per_claim(viewer_client):
    claim = ClaimFactory(statement="The dam will hold")
    source = SourceFactory(name="Water Board", kind=SourceKind.GOVERNMENT)
    AttributionFactory(claim=claim, source=source, article__outlet="Alpha")
    AttributionFactory(claim=claim, source=source, article__outlet="Beta")
    AttributionFactory(claim=claim, source=source, article__outlet="Beta")
    html = viewer_client.get("/claims/").content.decode()
    assert "The dam will hold" in html and "Water Board" in html and "Government" in html
    row = html[html.index("The dam will hold") :]
    assert '<td  data-label="Articles">3</td>' in row
    assert '<td  data-label="Outlets">2</td>' in row


def test_claims_table_shows_an_unknown_outlet_as_unknown_not_zero(viewer_client):
    AttributionFactory(claim__statement="The dam will hold", article__outlet="")
    html = viewer_client.get("/claims/").content.decode()
    row = html[html.index("The dam will hold") :]
    assert '<td  data-label="Articles">1</td>' in row
    assert (
        '<td  data-label="Outlets"><span title="No article names its outlet">—</span></td>' in row
    )


@pytest.mark.parametrize(
    "column",
    [
        "statement",
        "status",
        "sources",
        "n_articles",
        "n_outlets",
        "first_seen",
        "last_seen",
        "status_changed_at",
    ],
)
def test_claims_table_sorts_on_every_column(viewer_client, column):
    make_claims(3)
    for order in (column, f"-{column}"):
        response = viewer_client.get("/claims/", {"sort": order})
        assert response.status_code == 200
        assert 'aria-sort="' in response.content.decode()


def test_sorting_by_number_of_articles_puts_the_most_repeated_first(viewer_client):
    once = ClaimFactory(statement="Said once")
    thrice = ClaimFactory(statement="Said thrice")
    AttributionFactory(claim=once)
    for _ in range(3):
        AttributionFactory(claim=thrice)
    html = viewer_client.get("/claims/", {"sort": "-n_articles"}).content.decode()
    assert html.index("Said thrice") < html.index("Said once")


def test_claims_table_filters_by_status_source_kind_outlet_hedge_and_quote(viewer_client, reviewer):
    kremlin = SourceFactory(name="Kremlin", kind=SourceKind.GOVERNMENT)
    hedged = AttributionFactory(
        source=kremlin, hedges=["reportedly"], direct=True, article__outlet="Alpha"
    ).claim
    plain = AttributionFactory(article__outlet="Beta").claim
    review_claim(claim=hedged, status="disputed", reviewer=reviewer, note="x", expected_version=0)
    cases = {
        "status=disputed": hedged,
        "source_kind=government": hedged,
        f"source={kremlin.pk}": hedged,
        "source_name=kreml": hedged,
        "outlet=Beta": plain,
        "hedged=yes": hedged,
        "hedged=no": plain,
        "direct=yes": hedged,
        "direct=no": plain,
        f"article={plain.attributions.get().article_id}": plain,
    }
    for query, expected in cases.items():
        html = viewer_client.get(f"/claims/?{query}").content.decode()
        other = plain if expected == hedged else hedged
        assert expected.statement in html and other.statement not in html, query


def test_appearance_filters_must_hold_in_one_article(viewer_client):
    kremlin = SourceFactory(name="Kremlin")
    claim = ClaimFactory(statement="Two appearances")
    AttributionFactory(claim=claim, source=kremlin, article__outlet="Alpha")
    AttributionFactory(claim=claim, article__outlet="Beta")
    assert (
        "Two appearances"
        in viewer_client.get(f"/claims/?source={kremlin.pk}&outlet=Alpha").content.decode()
    )
    assert (
        "Two appearances"
        not in viewer_client.get(f"/claims/?source={kremlin.pk}&outlet=Beta").content.decode()
    )


def test_outlet_choices_are_each_outlet_once_in_order_without_blanks():
    from claims.filters import outlet_choices

    for outlet in ["Beta", "Alpha", "", "Beta", "alpha two", "Zeta"]:
        ArticleFactory(outlet=outlet)
    names = [value for value, _label in outlet_choices()]
    assert set(names) == {"Alpha", "Beta", "alpha two", "Zeta"}
    assert len(names) == 4
    assert names.index("Alpha") < names.index("Beta") < names.index("Zeta")


def test_appearance_filters_count_every_matching_claim_once(viewer_client):
    """The paginator's count agrees with the rows, however many appearances match per claim."""
    kremlin = SourceFactory(name="Kremlin", kind=SourceKind.GOVERNMENT)
    for i in range(3):
        claim = ClaimFactory(statement=f"Counted claim {i}")
        for _ in range(i + 1):
            AttributionFactory(
                claim=claim, source=kremlin, hedges=["reportedly"], article__outlet="Alpha"
            )
    AttributionFactory(claim=ClaimFactory(statement="Elsewhere"), article__outlet="Beta")
    for query in ["source_kind=government", "hedged=yes&outlet=Alpha", "outlet=Alpha"]:
        html = viewer_client.get(f"/claims/?{query}").content.decode()
        assert "3 claims" in html and "Elsewhere" not in html, query


def test_claims_table_filters_by_date_range(viewer_client):
    old = AttributionFactory(article__published_on="2023-01-10").claim
    new = AttributionFactory(article__published_on="2024-06-01").claim
    html = viewer_client.get("/claims/?seen_after=2024-01-01&seen_before=2024-12-31").content
    assert new.statement.encode() in html and old.statement.encode() not in html


def test_full_text_search_ranks_and_marks_the_match(viewer_client):
    ClaimFactory(statement="The minister denied the bridge was unsafe")
    ClaimFactory(statement="Bakers raised bread prices")
    html = viewer_client.get("/claims/", {"q": "bridges"}).content.decode()
    assert "<mark>bridge</mark>" in html and "Bakers" not in html


def test_search_falls_back_to_trigrams_for_a_typo(viewer_client):
    ClaimFactory(statement="Zelenskyy said the front line held")
    html = viewer_client.get("/claims/", {"q": "Zelensky"}).content.decode()
    assert "Zelenskyy said the front line held" in html
    assert "similar spellings" in html


def test_search_snippet_is_escaped(viewer_client):
    ClaimFactory(statement=f"bridge {HOSTILE}")
    html = viewer_client.get("/claims/", {"q": "bridge"}).content.decode()
    assert "<mark>bridge</mark>" in html
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_filter_state_lives_in_the_url(viewer_client):
    make_claims(30)
    html = viewer_client.get("/claims/", {"status": "unverified", "hedged": "no"}).content.decode()
    assert "status=unverified" in html and "hedged=no" in html and "page=2" in html


def test_claim_page_shows_sentence_with_source_cue_and_content_marked(viewer_client):
    body = "The channel, citing an insider, said the motorcade was attacked."
    attribution = spanned_attribution(
        body,
        "the motorcade was attacked",
        "The channel",
        "said",
        via=SourceFactory(name="an insider", kind=SourceKind.ANONYMOUS),
        hedges=["could not verify"],
    )
    html = viewer_client.get(attribution.claim.get_absolute_url()).content.decode()
    assert 'class="hl-source"' in html and 'class="hl-cue"' in html
    assert "hl-content" in html and "the motorcade was attacked</span>" in html
    assert "← citing" in html and "an insider" in html
    assert "hedged: could not verify" in html


def test_article_page_marks_every_attribution_with_its_status(viewer_client, reviewer):
    body = "Officials said the dam is safe.\n\nEngineers said the dam will fail."
    article = ArticleFactory(body=body)
    first = AttributionFactory(
        article=article, content_start=14, content_end=30, source_start=0, source_end=9
    )
    start = body.index("the dam will fail")
    second = AttributionFactory(article=article, content_start=start, content_end=start + 17)
    review_claim(
        claim=second.claim, status="disputed", reviewer=reviewer, note="No.", expected_version=0
    )
    html = viewer_client.get(article.get_absolute_url()).content.decode()
    assert html.count("<p>") >= 2
    assert 'class="hl-source"' in html
    assert 'class="hl-content status-unverified"' in html
    assert 'class="hl-content status-disputed" title="Claim 2: Disputed"' in html
    assert 'href="#attribution-1"' in html and 'id="attribution-2"' in html
    assert first.claim.statement in html


def test_hostile_article_text_renders_inert_everywhere(viewer_client):
    body = f"Intro {HOSTILE} the end of it all."
    article = ArticleFactory(body=body, title=HOSTILE, outlet=HOSTILE)
    source = SourceFactory(name=HOSTILE)
    claim = ClaimFactory(statement=HOSTILE)
    AttributionFactory(
        article=article,
        claim=claim,
        source=source,
        cue=HOSTILE,
        hedges=[HOSTILE],
        content_start=6,
        content_end=6 + len(HOSTILE),
        sentence_start=0,
        sentence_end=len(body),
    )
    for url in [
        "/",
        "/claims/",
        "/claims/?q=script",
        claim.get_absolute_url(),
        article.get_absolute_url(),
        source.get_absolute_url(),
        "/sources/",
        "/articles/",
        "/queue/?queue=all",
    ]:
        html = viewer_client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "onerror=" not in html.replace("onerror=&quot;", ""), url
        assert 'href="javascript:' not in html, url


def test_highlighting_handles_overlapping_spans_and_escapes():
    text = "Putin said <b>x</b> and y."
    spans = [
        highlighting.Span(0, 5, "source", 1),
        highlighting.Span(11, 19, "content", 1, "disputed"),
        highlighting.Span(0, 5, "source", 2),
        highlighting.Span(11, 25, "content", 2, "verified"),
    ]
    html = highlighting.highlight(text, spans)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    assert html.count('class="hl-source"') == 1
    assert 'class="hl-content status-disputed status-verified"' in html
    assert html.count('class="ref') == 2


def test_snippet_markers_never_break_markup():
    assert highlighting.mark_snippet("a \ue000b\ue001 <i>", "\ue000", "\ue001") == (
        "a <mark>b</mark> &lt;i&gt;"
    )
    assert "<mark>" not in highlighting.mark_snippet("a \ue000b", "\ue000", "\ue001")


def test_source_page_shows_track_record(viewer_client, reviewer):
    putin = SourceFactory(name="Vladimir Putin")
    putin.aliases.create(
        alias="Russian President Vladimir Putin", normalized="russian president vp"
    )
    channel = SourceFactory(name="General SVR", kind=SourceKind.SOCIAL_MEDIA)
    said = AttributionFactory(source=putin, article__outlet="Alpha").claim
    review_claim(claim=said, status="disputed", reviewer=reviewer, note="x", expected_version=0)
    cited = AttributionFactory(source=channel, via=putin, article__outlet="Beta").claim
    putin.aliases.create(alias="Vladimir Putin", normalized="vladimir putin")
    html = viewer_client.get(putin.get_absolute_url()).content.decode()
    # Other spellings, not the name itself again.
    assert "<dd>Russian President Vladimir Putin</dd>" in html
    seen = f"{said.attributions.get().article.imported_at:%Y-%m-%d}"  # no publication date
    assert f"<dt>First seen</dt><dd>{seen}</dd>" in html  # dates as everywhere else
    assert said.statement in html and cited.statement in html
    assert "General SVR" in html and "Alpha" in html and "Beta" in html
    assert f"?source={putin.pk}&amp;status=disputed" in html


def test_sources_and_articles_tables_sort_on_every_column(viewer_client):
    make_claims(3)
    for column in [
        "name",
        "kind",
        "n_claims",
        "n_unverified",
        "n_disputed",
        "n_verified",
        "n_outlets",
        "last_seen",
    ]:
        assert viewer_client.get("/sources/", {"sort": f"-{column}"}).status_code == 200
    for column in ["title", "outlet", "published_on", "n_claims", "extraction_state"]:
        assert viewer_client.get("/articles/", {"sort": f"-{column}"}).status_code == 200


def test_articles_table_filters(viewer_client):
    ArticleFactory(title="Kept", outlet="Alpha", extraction_state="failed")
    ArticleFactory(title="Dropped", outlet="Beta")
    html = viewer_client.get("/articles/?outlet=Alpha&extraction_state=failed").content.decode()
    assert "Kept" in html and "Dropped" not in html


def test_articles_date_is_the_publication_date_else_the_marked_import_date(viewer_client):
    """The Date column, its filter and its sort all use one date: published, else imported."""
    ArticleFactory(title="Published-2023", published_on="2023-05-01")
    undated = ArticleFactory(title="Undated", published_on=None)
    imported = f"{undated.imported_at:%Y-%m-%d}"
    html = viewer_client.get("/articles/").content.decode()
    assert "2023-05-01" in html
    assert f'{imported} <span class="meta">imported</span>' in html
    html = viewer_client.get("/articles/", {"seen_after": imported}).content.decode()
    assert "Undated" in html and "Published-2023" not in html
    html = viewer_client.get("/articles/", {"seen_before": "2023-12-31"}).content.decode()
    assert "Published-2023" in html and "Undated" not in html
    html = viewer_client.get("/articles/", {"sort": "published_on"}).content.decode()
    assert html.index("Published-2023") < html.index("Undated")
    html = viewer_client.get("/articles/", {"sort": "-published_on"}).content.decode()
    assert html.index("Undated") < html.index("Published-2023")


# --- bounded queries ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 30])
def test_page_query_counts_do_not_grow_with_rows(
    client, reviewer, django_assert_max_num_queries, n
):
    client.force_login(reviewer)
    source = SourceFactory()
    claims = make_claims(n, source=source)
    article = ArticleFactory(body="x" * 400)
    for claim in claims:
        AttributionFactory(
            claim=claim, article=article, source=source, content_start=1, content_end=5
        )
        review_claim(claim=claim, status="verified", reviewer=reviewer, expected_version=0)
    claim = claims[0]
    for _ in range(n):
        AttributionFactory(claim=claim, source=SourceFactory())
    limits = {
        # The dashboard's stated-as-fact list: a transaction (SAVEPOINT/RELEASE in a test), a
        # SET LOCAL, one query per status.
        "/": 17,
        "/claims/": 14,
        "/claims/?q=bridge&sort=-n_articles": 14,
        "/claims/?status=verified&hedged=no&outlet=Example+News": 14,
        claim.get_absolute_url(): 14,
        claim.get_absolute_url() + "?queue=all": 16,
        article.get_absolute_url(): 8,
        source.get_absolute_url(): 16,
        "/sources/": 12,
        "/articles/": 12,
        "/queue/?queue=all": 10,
        f"/claims/{claim.pk}/claimreview.json": 10,
    }
    for url, limit in limits.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


def test_every_page_needs_a_login(client):
    claim = AttributionFactory().claim
    for url in [
        "/",
        "/claims/",
        claim.get_absolute_url(),
        "/sources/",
        "/articles/",
        "/queue/",
        "/claims/export.csv",
        "/claims/claimreview.json",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/login/"), url


def test_pages_carry_no_inline_script_or_style(viewer_client, reviewer):
    attribution = AttributionFactory()
    review_claim(claim=attribution.claim, status="verified", reviewer=reviewer, expected_version=0)
    for url in [
        "/",
        "/claims/",
        attribution.claim.get_absolute_url(),
        "/sources/",
        "/articles/",
        attribution.article.get_absolute_url(),
    ]:
        html = viewer_client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html, url
        assert " on" + "click=" not in html


def test_reviewer_names_link_only_reviewers():
    UserFactory(username="watcher", role="viewer")
    UserFactory(username="checker", role="reviewer")
    from claims.selectors import reviewers

    assert list(reviewers().values_list("username", flat=True)) == ["checker"]


def test_status_badges_carry_a_shape_not_only_colour(viewer_client):
    make_claims(1)
    html = viewer_client.get("/claims/").content.decode()
    assert '<span aria-hidden="true">?</span> Unverified' in html
    assert ReviewStatus.UNVERIFIED.label in html


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["/claims/", "/sources/", "/articles/"])
@pytest.mark.parametrize("page", ["999", "abc", "0"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, viewer, table, page):
    ClaimFactory()
    AttributionFactory()
    client.force_login(viewer)
    assert client.get(f"{table}?page={page}").status_code == 200


def test_sources_table_is_not_sorted_by_a_figure_unless_asked(client, viewer):
    SourceFactory()
    client.force_login(viewer)
    response = client.get("/sources/")
    assert response.context["table"].order_by is None
