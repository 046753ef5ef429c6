"""The parts wired together in the UI: navigation to the import page, linking controls on the
claim and source pages, framing, and the article page's extraction polling."""

import pytest
from django.urls import reverse

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
