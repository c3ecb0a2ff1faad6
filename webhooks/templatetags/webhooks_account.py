"""``{% webhooks_account_section %}``: the account page's Webhooks section (secret and recent deliveries)."""

from __future__ import annotations

from typing import Any

from django import template

from .. import selectors
from ..views import NEW_SECRET_SESSION_KEY

register = template.Library()

RECENT_DELIVERIES = 20


@register.inclusion_tag("webhooks/_account_section.html", takes_context=True)
def webhooks_account_section(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    # Shown on the first page after a rotation only, like a flash message; popping it is what
    # makes the secret "shown once".
    new_secret = request.session.pop(NEW_SECRET_SESSION_KEY, None)
    return {
        "secret": selectors.webhook_secret_get(user=user),
        "new_secret": new_secret,
        "deliveries": list(selectors.webhook_delivery_list(user=user)[:RECENT_DELIVERIES]),
        "csrf_token": context.get("csrf_token"),
    }
