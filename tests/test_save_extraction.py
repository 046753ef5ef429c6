"""Storing the extractor's output: one transaction, idempotent, never touching human work."""

from dataclasses import replace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services import import_text
from claims import extraction
from claims.extraction import Attribution as Record
from claims.extraction import Span
from claims.models import Attribution, Claim, Review, Source, SourceAlias, SourceKind
from claims.services import (
    SourceRef,
    add_attribution,
    resolve_source,
    review_claim,
    save_extraction,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

STORY = (
    "Minister denies bridge report\n\n"
    "PORT ELLIS (Example News) – The transport minister said on Monday that the bridge was "
    "safe.\n\n"
    "“There is no crack,” she told reporters, adding that engineers had inspected it twice.\n\n"
    "A Telegram channel, citing an insider, claimed the mayor would resign. The bridge will "
    "reportedly reopen next week, according to sources.\n"
)


@pytest.fixture
def article():
    return import_text(text=STORY).article


def extract(article):
    return extraction.extract(article.body, nlp=extraction.load_nlp(settings.CLAIMS_SPACY_MODEL))


def automatic(article):
    return Attribution.objects.filter(article=article, origin=Attribution.Origin.AUTOMATIC)


def span_record(body, content, *, source=None, kind="person", via=None, via_kind=None):
    """A hand-built record: spans found by their text in `body`."""

    def span(text):
        if text is None:
            return None
        start = body.index(text)
        return Span(start, start + len(text), text)

    return Record(
        sentence=span(content),
        content=span(content),
        cue=None,
        source=span(source),
        source_name=source,
        source_kind=kind if source else "unattributed",
        via=span(via),
        via_name=via,
        via_kind=via_kind,
    )


def test_every_record_becomes_an_attribution_with_its_spans_and_a_claim_of_its_own(article):
    records = extract(article)
    assert len(records) >= 3

    saved = save_extraction(article=article, records=records, extractor_version="7")

    assert len(saved) == len(records) == automatic(article).count()
    assert Claim.objects.count() == len(records)
    for attribution, record in zip(saved, records, strict=True):
        body = article.body
        assert body[attribution.content_start : attribution.content_end] == record.content.text
        assert attribution.claim.statement == record.content.text
        assert body[attribution.sentence_start : attribution.sentence_end] == record.sentence.text
        if record.cue:
            assert body[attribution.cue_start : attribution.cue_end] == record.cue.text
            assert attribution.cue == record.cue.text
        assert attribution.direct == record.direct
        assert attribution.hedges == list(record.hedges)
        assert attribution.extractor_version == "7"
    article.refresh_from_db()
    assert article.extraction_state == Article.ExtractionState.DONE
    assert article.extractor_version == "7"
    assert article.extraction_error == ""


def test_a_source_citing_another_is_stored_with_both_spans():
    article = ArticleFactory(body="A Telegram channel, citing an insider, claimed the mayor quit.")
    record = span_record(
        article.body,
        "the mayor quit",
        source="A Telegram channel",
        kind=SourceKind.SOCIAL_MEDIA,
        via="an insider",
        via_kind=SourceKind.ANONYMOUS,
    )

    [attribution] = save_extraction(article=article, records=[record], extractor_version="1")

    # (Linking files sources under a canonical name; the span keeps the article's words.)
    assert "Telegram channel" in attribution.source.name
    assert attribution.source.kind == "social_media"
    assert (attribution.via.name, attribution.via.kind) == ("an insider", "anonymous")
    assert article.body[attribution.source_start : attribution.source_end] == "A Telegram channel"
    assert article.body[attribution.via_start : attribution.via_end] == "an insider"


def test_the_quotes_of_one_anonymous_speaker_tag_share_its_source():
    article = ArticleFactory(
        body="“We have seen no evidence,” a senior official told reporters. “The front is static.”"
    )
    records = extraction.extract(article.body, nlp=extraction.load_nlp())

    first, second = save_extraction(article=article, records=records, extractor_version="4")

    assert second.content_start > first.content_end  # two quotes, one speaker tag
    assert first.source == second.source
    assert (first.source.name, first.source.kind) == ("senior official", "anonymous")
    assert Source.objects.filter(kind=SourceKind.ANONYMOUS).count() == 1


def test_a_claim_and_its_denial_are_one_claim_with_two_sources():
    article = ArticleFactory(body="Russia said it had repelled the attack, a claim Kyiv denied.")
    records = extraction.extract(article.body, nlp=extraction.load_nlp())

    said, denied = save_extraction(article=article, records=records, extractor_version="4")

    assert said.claim_id == denied.claim_id
    assert said.claim.statement == "it had repelled the attack"
    assert [(a.source.name, a.cue) for a in said.claim.attributions.order_by("pk")] == [
        ("Russian government", "said"),
        ("Ukrainian government", "denied"),
    ]


def test_an_unattributed_record_gets_no_source():
    article = ArticleFactory(body="The bridge will reportedly reopen next week.")
    record = span_record(article.body, "The bridge will reportedly reopen next week")

    [attribution] = save_extraction(article=article, records=[record], extractor_version="1")

    assert attribution.source is None and attribution.via is None


def test_running_again_replaces_the_automatic_attributions_without_doubling_anything(article):
    records = extract(article)
    save_extraction(article=article, records=records, extractor_version="1")
    first = set(automatic(article).values_list("pk", flat=True))
    counts = (Claim.objects.count(), Source.objects.count())

    save_extraction(article=article, records=extract(article), extractor_version="2")

    assert automatic(article).count() == len(records)
    assert not first & set(automatic(article).values_list("pk", flat=True))
    # Old claims and the anonymous sources only they used are gone, not left as orphans.
    assert (Claim.objects.count(), Source.objects.count()) == counts
    assert set(automatic(article).values_list("extractor_version", flat=True)) == {"2"}


def test_hand_entered_attributions_are_kept_and_not_duplicated(article, admin_user):
    records = extract(article)
    first = records[0]
    manual = add_attribution(
        article=article,
        statement="The minister vouched for the bridge",
        source=SourceRef(name="transport minister", kind=SourceKind.GOVERNMENT),
        content_span=(first.content.start, first.content.end),
        origin=Attribution.Origin.MANUAL,
    )

    save_extraction(article=article, records=records, extractor_version="1")
    save_extraction(article=article, records=records, extractor_version="1")

    manual.refresh_from_db()
    assert manual.claim.statement == "The minister vouched for the bridge"
    assert manual.origin == Attribution.Origin.MANUAL
    # The record at the hand-entered span is the same appearance: not stored a second time.
    assert automatic(article).count() == len(records) - 1
    assert not automatic(article).filter(content_start=first.content.start).exists()


def test_attributions_of_reviewed_claims_are_kept_with_their_reviews(article, reviewer):
    records = extract(article)
    save_extraction(article=article, records=records, extractor_version="1")
    reviewed = automatic(article).order_by("content_start").first()
    review = review_claim(
        claim=reviewed.claim,
        status="disputed",
        reviewer=reviewer,
        note="Engineers found a crack.",
        expected_version=0,
    )

    saved = save_extraction(article=article, records=records, extractor_version="2")

    reviewed.refresh_from_db()  # still there, untouched
    assert reviewed.extractor_version == "1"
    assert reviewed.claim.status == "disputed"
    assert list(Review.objects.all()) == [review]
    assert len(saved) == len(records) - 1
    assert automatic(article).count() == len(records)
    spans = list(automatic(article).values_list("content_start", "content_end"))
    assert len(spans) == len(set(spans))


def test_a_claim_other_articles_state_survives_when_one_article_is_extracted_again():
    one = ArticleFactory(body="The council said the mayor quit.")
    other = ArticleFactory(body="Reporters said the mayor quit.")
    for article in (one, other):
        record = span_record(article.body, "the mayor quit", source=article.body.split(" said")[0])
        save_extraction(article=article, records=[record], extractor_version="1")
    shared = one.attributions.get().claim
    other.attributions.update(claim=shared)  # both articles state one claim

    save_extraction(article=one, records=[], extractor_version="2")

    assert Claim.objects.filter(pk=shared.pk).exists()
    assert shared.attributions.get().article == other


def test_a_claim_restated_in_another_article_is_linked_to_it():
    quote = "We highly value the steady position of our partners on the crisis"
    first = ArticleFactory(body=f"“{quote},” said Foreign Minister Lena Ortiz.")
    second = ArticleFactory(body=f"Lena Ortiz told reporters: “{quote}.”")
    saved = [
        save_extraction(
            article=article,
            records=[span_record(article.body, quote, source="Lena Ortiz")],
            extractor_version="1",
        )[0]
        for article in (first, second)
    ]
    assert saved[0].claim == saved[1].claim


def test_a_statement_of_stop_words_only_is_stored_on_a_claim_of_its_own():
    article = ArticleFactory(body="Anna Berg said they did not.")
    saved = save_extraction(
        article=article,
        records=[span_record(article.body, "they did not", source="Anna Berg")],
        extractor_version="1",
    )
    assert saved[0].claim.statement == "they did not"


def test_nothing_is_stored_when_a_record_is_bad(article):
    records = extract(article)
    save_extraction(article=article, records=records, extractor_version="1")
    before = set(automatic(article).values_list("pk", flat=True))
    bad = Record(
        sentence=Span(0, 10**6, "x"),
        content=Span(0, 10**6, "x"),
        cue=None,
        source=None,
        source_name=None,
        source_kind="unattributed",
    )

    with pytest.raises(Exception, match="outside the article"):
        save_extraction(article=article, records=[*records, bad], extractor_version="2")

    assert set(automatic(article).values_list("pk", flat=True)) == before
    article.refresh_from_db()
    assert article.extractor_version == "1"


def test_sources_already_filed_are_reused_and_new_ones_filed_once():
    article = ArticleFactory(
        body="The Kremlin said the talks went well. Anna Berg said they did not. "
        "Anna Berg also said the bridge was shut."
    )
    kremlin = resolve_source(name="Kremlin", kind=SourceKind.GOVERNMENT)
    records = [
        span_record(article.body, "the talks went well", source="The Kremlin", kind="government"),
        span_record(article.body, "they did not", source="Anna Berg"),
        span_record(article.body, "the bridge was shut", source="Anna Berg"),
    ]
    second = article.body.rindex("Anna Berg")
    records[2] = replace(records[2], source=Span(second, second + 9, "Anna Berg"))

    saved = save_extraction(article=article, records=records, extractor_version="1")

    assert saved[0].source == kremlin
    assert saved[1].source == saved[2].source
    assert Source.objects.filter(name="Anna Berg").count() == 1
    assert SourceAlias.objects.filter(normalized="anna berg").count() == 1


def test_each_anonymous_mention_is_a_source_of_its_own():
    article = ArticleFactory(
        body="An insider said the mayor quit. An insider said the port closed."
    )
    records = [
        span_record(article.body, "the mayor quit", source="An insider", kind="anonymous"),
        span_record(article.body, "the port closed", source="An insider", kind="anonymous"),
    ]
    second = article.body.rindex("An insider")
    records[1] = replace(records[1], source=Span(second, second + 10, "An insider"))

    first, second = save_extraction(article=article, records=records, extractor_version="1")

    assert first.source != second.source
    assert Source.objects.filter(kind=SourceKind.ANONYMOUS).count() == 2
    save_extraction(article=article, records=records, extractor_version="1")
    assert Source.objects.filter(kind=SourceKind.ANONYMOUS).count() == 2  # no pile-up


def test_the_records_go_through_link_attributions_together_in_order(article, monkeypatch):
    """One call for the article (one candidate search, bulk inserts), records in their order."""
    from claims import services

    calls = []
    link_attributions = services.link_attributions

    def spy(*, article, entries):
        calls.append(list(entries))
        return link_attributions(article=article, entries=entries)

    monkeypatch.setattr(services, "link_attributions", spy)
    records = extract(article)

    saved = save_extraction(article=article, records=records, extractor_version="3")

    [entries] = calls
    assert len(entries) == len(saved) == len(records)
    assert [e["content_span"] for e in entries] == [
        (r.content.start, r.content.end) for r in records
    ]
    assert {e["origin"] for e in entries} == {Attribution.Origin.AUTOMATIC}
    article.refresh_from_db()
    assert (article.extraction_state, article.extractor_version) == ("done", "3")


def test_spellings_as_written_are_filed_as_aliases_but_pronouns_and_roles_are_not():
    article = import_text(
        text="Talks end\n\nRussian President Vladimir Putin said the talks had gone well. "
        "He said a deal was near. The Russian leader said more talks would follow.\n"
    ).article
    save_extraction(article=article, records=extract(article), extractor_version="3")
    putin = Source.objects.get(name="Vladimir Putin")
    assert Attribution.objects.filter(source=putin).count() == 3
    spellings = set(putin.aliases.values_list("alias", flat=True))
    assert spellings == {"Vladimir Putin", "Russian President Vladimir Putin"}


def test_reextraction_restates_a_claim_whose_wording_it_replaced_but_not_a_typed_one():
    one = ArticleFactory(body="Mayor Anna Berg said the bridge was “safe” and the road open.")
    two = ArticleFactory(body="Mayor Anna Berg said on Monday the bridge was “safe”.")
    old = span_record(one.body, "the bridge was “safe", source="Anna Berg")
    save_extraction(article=one, records=[old], extractor_version="2")
    claim = automatic(one).get().claim
    assert claim.statement == "the bridge was “safe"
    save_extraction(
        article=two,
        records=[span_record(two.body, "the bridge was “safe”", source="Anna Berg")],
        extractor_version="3",
    )
    assert automatic(two).get().claim == claim  # one claim, worded two ways

    better = span_record(one.body, "the bridge was “safe”", source="Anna Berg")
    save_extraction(article=one, records=[better], extractor_version="3")
    claim.refresh_from_db()
    assert automatic(one).get().claim == claim
    assert claim.statement == "the bridge was “safe”"  # no stored article words it the old way

    Claim.objects.filter(pk=claim.pk).update(statement="The bridge is safe, the mayor says")
    save_extraction(article=one, records=[old], extractor_version="2")
    claim.refresh_from_db()
    assert claim.statement == "The bridge is safe, the mayor says"  # typed by someone: kept


def _queries_to_save(body: str, sources: list[tuple[str, str, str]]) -> int:
    """Queries `save_extraction` makes for a new article of `body` whose records are (source,
    kind, content) found in it."""
    result = import_text(text=f"A title\n\n{body} Edition {Article.objects.count()}.")
    assert result.created
    article = result.article
    records = [span_record(article.body, content, source=s, kind=k) for s, k, content in sources]
    with CaptureQueriesContext(connection) as queries:
        save_extraction(article=article, records=records, extractor_version="7")
    return len(queries)


@pytest.fixture
def warm():
    """One extraction stored first, so that what is read once a process (the search's word
    statistics) is not counted against the first article measured."""
    _queries_to_save(
        "Someone said the moon was round.", [("Someone", "person", "the moon was round")]
    )


ANONYMOUS = (
    "An insider said the bridge was safe. A source said the road was closed. "
    "An official said the port was open. A witness said the train was late."
)


def test_anonymous_sources_are_written_together_not_one_query_each(warm):
    said = [
        ("An insider", "the bridge was safe"),
        ("A source", "the road was closed"),
        ("An official", "the port was open"),
        ("A witness", "the train was late"),
    ]
    one = _queries_to_save(ANONYMOUS, [(s, "anonymous", c) for s, c in said[:1]])
    four = _queries_to_save(ANONYMOUS, [(s, "anonymous", c) for s, c in said])
    assert four == one
    assert Source.objects.filter(kind="anonymous").count() == 5  # each mention its own source


def test_a_new_full_name_costs_its_insert_and_its_aliases_only(warm):
    one = _queries_to_save(
        "Clara Haas said the bridge was safe.", [("Clara Haas", "person", "the bridge was safe")]
    )
    three = _queries_to_save(
        "Maria Rossi said the bridge was safe. Paolo Verdi said the road was closed. "
        "Anna Lindqvist said the port was open.",
        [
            ("Maria Rossi", "person", "the bridge was safe"),
            ("Paolo Verdi", "person", "the road was closed"),
            ("Anna Lindqvist", "person", "the port was open"),
        ],
    )
    # Nothing to look up (no alias holds their keys, or their surnames alone): each new person
    # costs the INSERT of the source and the INSERT of its aliases.
    assert three - one == 2 * 2
    assert set(Source.objects.filter(kind="person").values_list("name", flat=True)) == {
        "Someone",
        "Clara Haas",
        "Maria Rossi",
        "Paolo Verdi",
        "Anna Lindqvist",
    }
