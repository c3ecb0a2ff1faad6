"""The account page's webhook actions: rotating the signing secret (POST, then back to the page).

The section itself is drawn by the ``webhooks_account_section`` tag
(:mod:`webhooks.templatetags.webhooks_account`), so the accounts app needs no import of this one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services

# The new secret waits here for the next page (once): kept server-side, never in a cookie.
NEW_SECRET_SESSION_KEY = "webhooks_new_secret"  # noqa: S105 - a session key name


@login_required
@require_POST
def webhook_secret_rotate_view(request: HttpRequest) -> HttpResponse:
    _, raw = services.webhook_secret_rotate(user=request.user)
    request.session[NEW_SECRET_SESSION_KEY] = raw
    messages.success(request, "New webhook secret created. The previous one no longer signs deliveries.")
    return redirect(reverse("accounts:account") + "#webhooks")
