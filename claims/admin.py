from django import forms
from django.contrib import admin

from claims.models import Attribution, Claim, Review, Source, SourceAlias


class AttributionInline(admin.TabularInline):
    model = Attribution
    fk_name = "claim"
    extra = 0
    fields = ("article", "source", "via", "cue", "direct", "hedges", "origin")
    autocomplete_fields = ("article", "source", "via")
    show_change_link = True


class ReviewInline(admin.TabularInline):
    """Reviews are shown, never edited: the database refuses it anyway."""

    model = Review
    fk_name = "claim"
    extra = 0
    can_delete = False
    fields = ("created_at", "reviewer", "kind", "status_before", "status_after", "note", "evidence")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1
    fields = ("alias", "normalized")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__alias")
    inlines = [SourceAliasInline]


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "normalized", "source")
    search_fields = ("alias", "normalized", "source__name")
    autocomplete_fields = ("source",)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("statement_preview", "status", "status_changed_at", "assigned_to", "created_at")
    list_filter = ("status", "attributions__source__kind", "created_at")
    search_fields = ("statement", "attributions__source__name")
    readonly_fields = ("status", "status_changed_at", "status_changed_by", "version", "created_at")
    autocomplete_fields = ("assigned_to", "merged_into")
    exclude = ("search",)
    inlines = [AttributionInline, ReviewInline]

    @admin.display(description="statement")
    def statement_preview(self, obj):
        return obj.statement[:120]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()


class AttributionForm(forms.ModelForm):
    """Hand entry: paste the claim's words as the article has them; the offsets are found."""

    content_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The claim as written in the article; fills the content offsets.",
    )
    source_text = forms.CharField(
        required=False, help_text="The source as written in the article; fills the source offsets."
    )

    class Meta:
        model = Attribution
        fields = [f.name for f in Attribution._meta.fields if f.editable and f.name != "id"]

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        for field, prefix in (("content_text", "content"), ("source_text", "source")):
            text = cleaned.get(field, "").strip()
            if not (text and article):
                continue
            start = article.body.find(text)
            if start < 0:
                self.add_error(field, "This text does not occur in the article.")
                continue
            cleaned[f"{prefix}_start"], cleaned[f"{prefix}_end"] = start, start + len(text)
            setattr(self.instance, f"{prefix}_start", start)
            setattr(self.instance, f"{prefix}_end", start + len(text))
        return cleaned


@admin.register(Attribution)
class AttributionAdmin(admin.ModelAdmin):
    form = AttributionForm
    list_display = ("claim", "source", "via", "cue", "article", "direct", "origin")
    list_filter = ("origin", "direct", "source__kind")
    search_fields = ("claim__statement", "source__name", "article__title")
    autocomplete_fields = ("claim", "article", "source", "via")
    list_select_related = ("claim", "source", "via", "article")
    readonly_fields = ("linked_because",)

    def get_changeform_initial_data(self, request):
        # What an admin enters here is by hand by definition.
        return {"origin": Attribution.Origin.MANUAL, **super().get_changeform_initial_data(request)}


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Read-only: reviews are written once, by the review service."""

    list_display = ("claim", "reviewer", "kind", "status_before", "status_after", "created_at")
    list_filter = ("kind", "status_after", "created_at")
    search_fields = ("claim__statement", "note", "reviewer__username")
    list_select_related = ("claim", "reviewer")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
