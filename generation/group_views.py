"""Pages of the v1 templates, batches and playlists: the template gallery, "use this template",
a batch with its tracks, a playlist with its tracks and continuous mix. Reads only; the forms post
to the v1 API from :file:`static/js/templates.js`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.selectors import authenticated_user

from . import batch_selectors, playlist_selectors, template_selectors
from .template_services import TemplateNotFound


@login_required
def template_gallery_view(request: HttpRequest) -> HttpResponse:
    """Every active template by category, each with a preview that plays."""
    templates, categories = template_selectors.templates_filter()
    return render(request, "generation/template_gallery.html", {"templates": templates, "categories": categories})


@login_required
def template_use_view(request: HttpRequest, template_id: str) -> HttpResponse:
    """A template's form: only the customizations it allows, with their ranges and defaults."""
    try:
        template = template_selectors.template_get(public_id=template_id)
    except TemplateNotFound:
        raise Http404 from None
    detail = template_selectors.template_detail(template=template)
    fields = [{"name": name, **rule} for name, rule in sorted(detail["customizations"].items())]
    return render(request, "generation/template_use.html", {"template": template, "detail": detail, "fields": fields})


@login_required
def batch_view(request: HttpRequest, batch_id: str) -> HttpResponse:
    batch = batch_selectors.batch_get(user=authenticated_user(request), public_id=batch_id)
    return render(request, "generation/batch.html", {"batch": batch, "data": batch_selectors.batch_data(batch=batch)})


@login_required
def playlist_view(request: HttpRequest, playlist_id: str) -> HttpResponse:
    playlist = playlist_selectors.playlist_get(user=authenticated_user(request), public_id=playlist_id)
    data = playlist_selectors.playlist_data(playlist=playlist)
    return render(request, "generation/playlist.html", {"playlist": playlist, "data": data})


@login_required
def groups_view(request: HttpRequest) -> HttpResponse:
    """The producer's batches and playlists, newest first."""
    user = authenticated_user(request)
    batches = [batch_selectors.batch_data(batch=b) for b in batch_selectors.batch_list(user=user)[:50]]
    playlists = [playlist_selectors.playlist_data(playlist=p) for p in playlist_selectors.playlist_list(user=user)[:50]]
    return render(request, "generation/groups.html", {"batches": batches, "playlists": playlists})
