from django.contrib import admin

from articles.models import Article
from claims.models import Attribution


class AttributionInline(admin.TabularInline):
    model = Attribution
    fk_name = "article"
    extra = 0
    fields = ("claim", "source", "via", "cue", "direct", "hedges", "origin")
    autocomplete_fields = ("claim", "source", "via")
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published_on", "extraction_state", "imported_at")
    list_filter = ("extraction_state", "outlet", "published_on")
    search_fields = ("title", "outlet", "byline", "url")
    date_hierarchy = "imported_at"
    readonly_fields = ("content_hash", "imported_at", "imported_by", "extractor_version", "raw")
    autocomplete_fields = ("near_duplicates",)
    inlines = [AttributionInline]
