"""Top-level URLs: pages, allauth, admin, the Co-Prod API (/api/), the v1 API (/v1/ai/), API docs."""

from pathlib import Path

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from accounts import views as account_views

from . import views
from .files import PUBLIC_ROOT

api_patterns = [
    path("", include("accounts.api.urls")),
    path("", include("generation.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("vault.api.urls")),
    path("", include("insights.api.urls")),
    path("", include("challenges.api.urls")),
    path("", include("webhooks.api.urls")),
    path("", include("accounts.billing.api.urls")),
    path("", include("marketplace.api.urls")),
]

urlpatterns = [
    path("", views.home_view, name="home"),
    path("healthz", views.health_view, name="health"),
    path("", include("ops.urls")),  # /readyz, /metrics
    path("favicon.ico", views.favicon_view, name="favicon"),
    path("pricing/", views.pricing_view, name="pricing"),
    path("", include("insights.urls")),
    path("admin/", admin.site.urls),
    # allauth's login page with the API's login throttle status codes (429 + Retry-After).
    path("accounts/login/", account_views.ThrottledLoginView.as_view(), name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("account/billing/", include("accounts.billing.urls")),
    path("account/", include("accounts.urls")),
    path("account/webhooks/", include("webhooks.urls")),
    path("marketplace/", include("marketplace.urls")),
    path("studio/", include("generation.urls")),
    path("projects/", include("projects.urls")),
    path("vault/", include("vault.urls")),
    path("challenges/", include("challenges.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The docs' scripts are files of ours (the split view serves Swagger's init script from a URL);
    # only their styles need inline <style>, which Swagger UI and ReDoc insert at run time.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["'self'", "blob:"]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="redoc",
    ),
    path("api/", include(api_patterns)),
    path("v1/ai/", include("generation.api.v1.urls")),
    path("v1/ai/", include("webhooks.api.v1_urls")),
]

if settings.SERVE_MEDIA:
    # Only public files (avatars) are served by path; private files go through owner-checked views.
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/{PUBLIC_ROOT}/<path:path>",
            serve,
            {"document_root": str(Path(settings.MEDIA_ROOT) / PUBLIC_ROOT)},
        )
    ]

handler400 = "coprod.views.bad_request_view"
handler403 = "coprod.views.permission_denied_view"
handler404 = "coprod.views.not_found_view"
handler500 = "coprod.views.server_error_view"
