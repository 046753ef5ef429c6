"""The three roles and what each may do; every page needs a login."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_roles_exist_after_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {"viewer", "reviewer", "admin"}


def test_viewer_reads_everything_and_writes_nothing(viewer):
    assert viewer.has_perm("claims.view_claim") and viewer.has_perm("articles.view_article")
    assert viewer.has_perm("claims.view_review")
    assert not viewer.has_perm("claims.review_claim")
    assert not viewer.has_perm("articles.add_article")
    assert not viewer.has_perm("claims.change_claim")


def test_reviewer_reviews_and_imports_but_does_not_edit_data(reviewer):
    assert reviewer.has_perm("claims.review_claim")
    assert reviewer.has_perm("claims.link_claims")
    assert reviewer.has_perm("articles.add_article")
    assert not reviewer.has_perm("claims.change_claim")
    assert not reviewer.has_perm("claims.delete_source")


def test_admin_edits_domain_data(admin_user):
    assert admin_user.has_perm("claims.change_claim")
    assert admin_user.has_perm("claims.add_attribution")
    assert admin_user.has_perm("articles.delete_article")


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_login_page_is_public(client):
    assert client.get("/login/").status_code == 200


def test_logged_in_viewer_sees_dashboard(client, viewer):
    client.force_login(viewer)
    assert client.get("/").status_code == 200


def test_only_admins_reach_the_admin_site(client, reviewer, admin_user):
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/claims/claim/add/").status_code == 200
