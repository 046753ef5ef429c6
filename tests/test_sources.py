"""Sources across spellings: canonical names, aliases, surnames, anonymous sources."""

import importlib

import pytest
from django.apps import apps as django_apps

from claims.models import Source, SourceAlias, SourceKind
from claims.services import merge_sources, rename_source, resolve_source
from claims.sources import SourceMention, canonical_source_name, joint_key, source_relation
from tests.factories import AttributionFactory


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Italian Prime Minister Maria Rossi", "Maria Rossi"),
        ("President Rossi", "Rossi"),
        ("Dr. Anna Berg", "Anna Berg"),
        ("the Ministry of Health", "Ministry of Health"),
        ("Norway’s Nordic news agency", "Nordic"),
        ("Nordic", "Nordic"),
        ("The Daily Ledger", "Daily Ledger"),
        ("Acme Inc.", "Acme"),
        ("the Prime Minister", "Prime Minister"),
        # In front of a generic body the owner is what tells one from another: it stays.
        ("Russia's Defense Ministry", "Russian Defense Ministry"),
        ("China’s state news agency", "Chinese state news agency"),
        ("Veltria's army", "Veltria's army"),
        # A number keeps its thousands comma (it read "5 000-word document").
        ("a 5,000-word document", "5,000-word document"),
    ],
)
def test_canonical_name_strips_titles_articles_possessives_and_suffixes(written, canonical):
    assert canonical_source_name(written) == canonical


def test_titles_stay_on_organisations_and_before_acronyms():
    assert canonical_source_name("General Dynamics", SourceKind.ORGANIZATION) == "General Dynamics"
    assert canonical_source_name("General XYZ Telegram channel") == "General XYZ Telegram channel"


def test_source_relation_scores_same_overlapping_unknown_and_different():
    rossi = SourceMention(1, "Maria Rossi", "person")
    assert source_relation(rossi, SourceMention(1, "Maria Rossi", "person")) == 1.0
    pair = SourceMention(2, "Maria Rossi and Jan Berg", "person")
    assert source_relation(rossi, pair) == 0.75
    assert source_relation(rossi, SourceMention(3, "an insider", "anonymous")) == 0.5
    assert source_relation(rossi, None) == 0.5
    assert source_relation(rossi, SourceMention(4, "Jan Berg", "person")) == 0.0


@pytest.mark.django_db
class TestResolveNamedSource:
    def test_titled_and_plain_spellings_are_one_person(self):
        first = resolve_source(name="Italian Prime Minister Maria Rossi", kind="person")
        assert first.name == "Maria Rossi"
        assert resolve_source(name="Maria Rossi", kind="person") == first

    def test_alias_is_stored_so_the_next_import_resolves_at_once(self):
        source = resolve_source(name="Norway’s Nordic news agency", kind="media")
        keys = set(source.aliases.values_list("normalized", flat=True))
        assert {"nordic", "norway nordic news agency"} <= keys
        assert resolve_source(name="Nordic", kind="media") == source

    def test_bare_surname_matches_the_one_person_with_it(self):
        rossi = resolve_source(name="Maria Rossi", kind="person")
        assert resolve_source(name="Rossi", kind="person") == rossi
        assert SourceAlias.objects.get(normalized="rossi").source == rossi

    def test_bare_surname_stays_apart_when_two_people_have_it(self):
        resolve_source(name="Maria Rossi", kind="person")
        resolve_source(name="Paolo Rossi", kind="person")
        alone = resolve_source(name="Rossi", kind="person")
        assert alone.name == "Rossi"
        assert Source.objects.filter(kind="person").count() == 3

    def test_surname_first_source_takes_the_full_name_when_it_appears(self):
        rossi = resolve_source(name="Rossi", kind="person")
        full = resolve_source(name="Maria Rossi", kind="person")
        assert full == rossi
        rossi.refresh_from_db()
        assert rossi.name == "Maria Rossi"

    def test_a_joint_source_is_one_source_in_either_order(self):
        pair = resolve_source(name="Xi Jinping and Russian President Vladimir Putin", kind="person")
        assert resolve_source(name="Vladimir Putin and Xi Jinping", kind="person") == pair
        both = resolve_source(name="Russia and China", kind="government")
        assert resolve_source(name="China and Russia", kind="government") == both != pair
        # Members are not the pair: each stays a source of its own.
        assert resolve_source(name="Xi Jinping", kind="person") != pair
        trio = resolve_source(name="Xi, Putin and Modi", kind="person")
        assert resolve_source(name="Modi and Xi, Putin", kind="person") == trio
        assert joint_key("a 5,000-word document") == ""  # a number's comma joins nobody

    def test_one_countrys_ministry_is_not_anothers(self):
        russian = resolve_source(name="Russia's Defense Ministry", kind="government")
        assert resolve_source(name="Ukraine's Defense Ministry", kind="government") != russian
        assert resolve_source(name="Russia’s defense ministry", kind="government") == russian
        assert resolve_source(name="the Russian Defense Ministry", kind="government") == russian
        assert russian.name == "Russian Defense Ministry"

    def test_anonymous_sources_are_never_shared(self):
        one = resolve_source(name="an insider", kind="anonymous")
        two = resolve_source(name="an insider", kind="anonymous")
        assert one != two
        assert not SourceAlias.objects.filter(source__in=[one, two]).exists()


@pytest.mark.django_db
def test_merge_sources_moves_aliases_attributions_and_citations(admin_user):
    survivor = resolve_source(name="Maria Rossi", kind="person")
    merged = resolve_source(name="M. Rossi-Bianchi", kind="person")
    said = AttributionFactory(source=merged)
    cited = AttributionFactory(via=merged)
    merge_sources(survivor=survivor, merged=merged, user=admin_user)
    said.refresh_from_db()
    cited.refresh_from_db()
    assert said.source == survivor and cited.via == survivor
    assert not Source.objects.filter(pk=merged.pk).exists()
    assert resolve_source(name="M. Rossi-Bianchi", kind="person") == survivor


@pytest.mark.django_db
def test_anonymous_sources_cannot_be_merged(admin_user):
    from django.core.exceptions import ValidationError

    named = resolve_source(name="Maria Rossi", kind="person")
    insider = resolve_source(name="an insider", kind="anonymous")
    with pytest.raises(ValidationError):
        merge_sources(survivor=named, merged=insider, user=admin_user)


@pytest.mark.django_db
def test_rename_keeps_the_old_name_as_an_alias(admin_user):
    source = resolve_source(name="Nordic", kind="media")
    rename_source(source=source, name="Nordic Press Agency", user=admin_user)
    assert Source.objects.get(pk=source.pk).name == "Nordic Press Agency"
    assert resolve_source(name="Nordic", kind="media") == source
    assert resolve_source(name="Nordic Press Agency", kind="media") == source


@pytest.mark.django_db
def test_migration_files_joint_keys_for_spellings_stored_before():
    migration = importlib.import_module("claims.migrations.0010_joint_source_keys")
    pair = Source.objects.create(name="Xi Jinping and Vladimir Putin", kind="person")
    SourceAlias.objects.create(  # the one key filed before joint keys existed
        source=pair, alias=pair.name, normalized="xi jinping and vladimir putin"
    )
    other = Source.objects.create(name="China and Russia", kind="government")
    SourceAlias.objects.create(source=other, alias=other.name, normalized="china and russia")
    migration.file_joint_keys(django_apps, None)
    assert resolve_source(name="Vladimir Putin and Xi Jinping", kind="person") == pair
    assert SourceAlias.objects.get(normalized="china and russia").source == other


@pytest.mark.django_db
def test_an_alias_entered_in_the_admin_gets_its_lookup_key(client, admin_user):
    putin = resolve_source(name="Vladimir Putin", kind="person")
    client.force_login(admin_user)
    url = "/admin/claims/sourcealias/add/"
    spelling = "President Vladimir Vladimirovich Putin"
    response = client.post(url, {"source": putin.pk, "alias": spelling})
    assert response.status_code == 302
    assert SourceAlias.objects.get(alias=spelling).normalized == "vladimir vladimirovich putin"
    assert resolve_source(name="Vladimir Vladimirovich Putin", kind="person") == putin
    # A key another source owns already is refused in the form, not with a server error.
    other = resolve_source(name="Xi Jinping", kind="person")
    response = client.post(url, {"source": other.pk, "alias": "Vladimir Putin"})
    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert SourceAlias.objects.get(normalized="vladimir putin").source == putin
