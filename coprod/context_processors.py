"""Template context shared by every page: site name, URL and the main navigation."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

# (label, URL name) of the main navigation for signed-in users; pages appear as their apps add them.
NAV_LINKS: tuple[tuple[str, str], ...] = (
    ("Studio", "generation:studio"),
    ("Projects", "projects:list"),
    ("Vault", "vault:list"),
    ("Tracks", "generation:tracks"),
    ("Templates", "generation:templates"),
    ("Challenges", "challenges:list"),
    ("Dashboard", "insights:dashboard"),
    ("Marketplace", "marketplace:list"),
    ("Billing", "billing:billing"),
    ("Pricing", "pricing"),
)


def _nav_links() -> list[dict[str, str]]:
    links = []
    for label, name in NAV_LINKS:
        try:
            links.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return links


def site(request: HttpRequest) -> dict[str, object]:
    context: dict[str, object] = {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "NAV_LINKS": _nav_links(),
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from accounts.selectors import notification_unread_count

        context["UNREAD_NOTIFICATIONS"] = notification_unread_count(user=user)
    return context
