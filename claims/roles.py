"""The three roles, as auth groups. Migrations call `sync_roles` so every database has them."""

VIEWER, REVIEWER, ADMIN = "viewer", "reviewer", "admin"

DOMAIN_APPS = ("articles", "claims")

# Extra permissions on top of "view everything in the domain apps".
ROLE_PERMISSIONS = {
    VIEWER: [],
    REVIEWER: [
        "claims.review_claim",
        "claims.link_claims",
        "articles.add_article",
    ],
    # Admins edit data in the Django admin: every permission of the domain apps, and they
    # browse the change history that django-pghistory records.
    ADMIN: ["*"],
}


def sync_roles(apps):
    """Create or update the role groups (idempotent; works with historical models)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    view_all = list(domain.filter(codename__startswith="view_"))
    for role, extra in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        if extra == ["*"]:
            history = Permission.objects.filter(
                content_type__app_label="pghistory", codename__startswith="view_"
            )
            perms = list(domain) + list(history)
        else:
            perms = view_all + [
                Permission.objects.get(content_type__app_label=label, codename=codename)
                for label, codename in (name.split(".") for name in extra)
            ]
        group.permissions.set(perms)
