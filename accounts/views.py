"""HTML pages of the accounts app: the account page (profile and API keys), notifications, allauth's throttled login.

Each form posts to its own URL (one action per view), which calls a service and redirects back
(POST-redirect-GET); a form that fails validation re-renders the page with its errors.
"""

from __future__ import annotations

import copy
from typing import Any

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from coprod.errors import DomainError

from . import selectors, services
from .adapter import REFUSED_ATTRIBUTE
from .forms import ApiKeyForm, ProfileForm
from .selectors import authenticated_user


class ThrottledLoginView(LoginView):  # type: ignore[misc]
    """allauth's login page, answering 429 (or 503) with ``Retry-After`` when the attempt was refused.

    The refusal itself happens in :meth:`accounts.adapter.AccountAdapter.pre_authenticate`; the
    form shows the message, this view only sets the status the API would give.
    """

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        refused = getattr(self.request, REFUSED_ATTRIBUTE, None)
        if refused is not None:
            response.status_code = refused.status_code
            response["Retry-After"] = str(refused.retry_after)
        return response


# The raw key of a key just created, kept in the (server-side) session for the one page view
# after the redirect: it is shown once and never stored anywhere else.
NEW_KEY_SESSION_KEY = "new_api_key"
NOTIFICATIONS_PER_PAGE = 20


def _account_page(
    request: HttpRequest, *, profile_form: ProfileForm | None = None, key_form: ApiKeyForm | None = None
) -> HttpResponse:
    """The account page; a form that failed validation is passed in bound, to show its errors."""
    user = authenticated_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "profile_form": profile_form or ProfileForm(instance=user),
            "key_form": key_form or ApiKeyForm(),
            "new_key": request.session.pop(NEW_KEY_SESSION_KEY, None),
            "api_keys": selectors.api_key_list(user=user),
        },
    )


@login_required
@require_GET
def account_view(request: HttpRequest) -> HttpResponse:
    """The account page: profile, API keys. Each of its forms posts to its own URL below."""
    return _account_page(request)


@login_required
@require_POST
def account_profile_save_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    # A ModelForm's validation writes the cleaned values onto its instance; bound to ``user``
    # itself, the service would then see nothing changed and save nothing. Bind it to a copy.
    form = ProfileForm(request.POST, request.FILES, instance=copy.copy(user))
    if not form.is_valid():
        return _account_page(request, profile_form=form)
    data = dict(form.cleaned_data)
    if not request.FILES.get("avatar"):
        data.pop("avatar", None)
    services.user_update_profile(user=user, data=data)
    messages.success(request, "Profile saved.")
    return redirect("accounts:account")


@login_required
@require_POST
def api_key_create_view(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            _, raw_key = services.api_key_create(user=authenticated_user(request), name=form.cleaned_data["name"])
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            request.session[NEW_KEY_SESSION_KEY] = raw_key
            return redirect("accounts:account")
    return _account_page(request, key_form=form)


@login_required
@require_POST
def api_key_revoke_view(request: HttpRequest, key_id: int) -> HttpResponse:
    key = selectors.api_key_get(user=authenticated_user(request), key_id=key_id)  # 404 for others' keys
    services.api_key_revoke(key=key)
    messages.success(request, "API key revoked.")
    return redirect("accounts:account")


@login_required
@require_GET
def notifications_view(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, 20 a page (``?page=``; past the end: the last page)."""
    paginator = Paginator(selectors.notification_list(user=authenticated_user(request)), NOTIFICATIONS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"notifications": page.object_list, "page": page})


@login_required
@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=authenticated_user(request))
    messages.success(request, "All notifications marked as read.")
    return redirect("accounts:notifications")
