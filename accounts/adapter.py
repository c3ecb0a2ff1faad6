"""allauth's hooks for our rules: the API's login throttle, revocation on password changes, client IPs.

* Logins on allauth's pages go through :mod:`accounts.login_throttle`, like ``POST /api/auth/login``:
  a locked-out account or IP gets the login form back with status 429, a ``Retry-After`` header and
  a message saying how long to wait (see :class:`accounts.views.ThrottledLoginView`).
* A password change or reset (both call :meth:`AccountAdapter.set_password`) revokes the user's
  JWTs and closes their sockets (:func:`accounts.services.user_password_changed`).
* The client IP of allauth's own rate limits is ours, which honours ``COPROD_TRUSTED_PROXIES``.
* Every email names the site from settings (``SITE_NAME``, ``SITE_URL``'s host), not the ``sites``
  framework's row, which says "example.com" on a fresh database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest

from coprod.api.throttling import client_ip
from coprod.errors import ServiceUnavailable, TooManyRequests
from ops.models import AuditAction
from ops.services import audit_record

from . import services
from .login_throttle import login_failure_record, login_success_record, login_throttle_check
from .models import User

# Set on the request when a login page attempt was refused, so the view can answer 429 / 503.
REFUSED_ATTRIBUTE = "login_refused"


@dataclass(frozen=True)
class SiteFromSettings:
    """What allauth's email templates read from ``current_site``."""

    name: str
    domain: str

    def __str__(self) -> str:
        return self.domain


def site_from_settings() -> SiteFromSettings:
    return SiteFromSettings(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def _login_email(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": site_from_settings()})

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            login_throttle_check(email=_login_email(credentials), ip=client_ip(request))
        except (TooManyRequests, ServiceUnavailable) as exc:
            setattr(request, REFUSED_ATTRIBUTE, exc)
            raise forms.ValidationError(
                f"Too many failed login attempts. Try again in {exc.retry_after} seconds.",
                code="too_many_login_attempts",
            ) from None
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_success_record(email=_login_email(credentials), ip=client_ip(request))
            audit_record(actor=user, action=AuditAction.LOGIN_SUCCEEDED, target=user, details={"via": "page"})
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        audit_record(
            actor=None, action=AuditAction.LOGIN_FAILED, target=_login_email(credentials), details={"via": "page"}
        )
        try:
            login_failure_record(email=_login_email(credentials), ip=client_ip(request))
        except ServiceUnavailable as exc:
            setattr(request, REFUSED_ATTRIBUTE, exc)
        super().authentication_failed(request, **credentials)

    def set_password(self, user: Any, password: str) -> None:
        super().set_password(user, password)
        if isinstance(user, User):
            services.user_password_changed(user=user)
