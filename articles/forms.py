"""The import page's three forms: pasted text, uploaded files, a URL.

Each form's `import_articles` hands its inputs to `articles.services` one by one; every input
is stored whole or not at all, and a refused one comes back with its name and the reason.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings

from articles import cleaning, services
from articles.errors import IngestError
from articles.models import Article


@dataclass(frozen=True)
class Outcome:
    """What became of one input: a new article, one already stored, or a refusal."""

    name: str
    article: Article | None = None
    created: bool = False
    error: str = ""


def _attempt(name: str, do_import) -> Outcome:
    try:
        result = do_import()
    except IngestError as error:
        return Outcome(name=name, error=error.reason)
    return Outcome(name=name, article=result.article, created=result.created)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input. Each is checked by the import service, which names the file
    in its refusal (an empty file is refused there, not here, so the message says which)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class PasteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 14}),
        strip=False,
        help_text="The article as plain text. Site junk (menus, share buttons, comment prompts) "
        "is removed; the first line becomes the title unless you give one.",
    )
    title = forms.CharField(required=False, max_length=500)
    outlet = forms.CharField(required=False, max_length=200)
    url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="URL",
        help_text="Where the article was published, to cite it (nothing is fetched).",
    )

    def import_articles(self, *, imported_by) -> list[Outcome]:
        data = self.cleaned_data
        return [
            _attempt(
                "pasted text",
                lambda: services.import_text(
                    text=data["text"],
                    title=data["title"],
                    outlet=data["outlet"].strip(),
                    url=data["url"],
                    imported_by=imported_by,
                ),
            )
        ]


class UploadForm(forms.Form):
    files = MultipleFileField(
        widget=MultipleFileInput(attrs={"accept": ".txt,.html,.htm"}),
        help_text="One or many .txt, .html or .htm files.",
    )
    outlet = forms.CharField(
        required=False, max_length=200, help_text="For every file; else read from each one."
    )

    def import_articles(self, *, imported_by) -> list[Outcome]:
        return [self._import_one(upload, imported_by) for upload in self.cleaned_data["files"]]

    def _import_one(self, upload, imported_by) -> Outcome:
        # The browser's file name, for messages and choosing the reader only: never a path.
        name = upload.name or "unnamed file"

        def do_import():
            # Refuse an oversized upload before reading it into memory.
            cleaning.check_size(upload.size, max_bytes=settings.ARTICLES_MAX_BYTES, source=name)
            return services.import_file(
                name=name,
                data=upload.read(),
                outlet=self.cleaned_data["outlet"].strip(),
                imported_by=imported_by,
            )

        return _attempt(name, do_import)


class FetchForm(forms.Form):
    url = forms.URLField(
        max_length=2000,
        assume_scheme="https",
        label="URL",
        help_text="The page is fetched and its main text kept.",
    )
    outlet = forms.CharField(required=False, max_length=200)

    def import_articles(self, *, imported_by) -> list[Outcome]:
        url = self.cleaned_data["url"]
        return [
            _attempt(
                url,
                lambda: services.import_url(
                    url=url, outlet=self.cleaned_data["outlet"].strip(), imported_by=imported_by
                ),
            )
        ]


IMPORT_FORMS = {"paste": PasteForm, "upload": UploadForm, "fetch": FetchForm}
