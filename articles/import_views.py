from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render

from articles.forms import IMPORT_FORMS


@permission_required("articles.add_article", raise_exception=True)
def article_import(request):
    """Import articles from pasted text, uploaded files or a URL; extraction runs in the
    background."""
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: form_class(*((request.POST, request.FILES) if name == action else ()), prefix=name)
        for name, form_class in IMPORT_FORMS.items()
    }
    outcomes = []
    if action in forms and forms[action].is_valid():
        outcomes = forms[action].import_articles(imported_by=request.user)
        # One input that became (or already was) an article: show it, as the form's answer.
        if len(outcomes) == 1 and (outcome := outcomes[0]).article:
            article = outcome.article
            if outcome.created:
                messages.success(
                    request, f"Imported “{article.title}”. Extraction runs in the background."
                )
            else:
                messages.info(request, f"{outcome.name} is already imported as “{article.title}”.")
            return redirect(article)
    return render(
        request,
        "articles/import.html",
        {
            "forms": forms,
            "action": action,
            "outcomes": outcomes,
            "refused": sum(1 for o in outcomes if o.error),
        },
    )
