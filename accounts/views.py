"""HTML pages of the accounts app: the account page (profile and API keys), allauth's throttled login."""

from __future__ import annotations

from typing import Any

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coprod.errors import DomainError

from . import selectors, services
from .adapter import REFUSED_ATTRIBUTE
from .forms import ApiKeyForm, ProfileForm


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


@login_required
def account_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile_form = ProfileForm(instance=user)
    key_form = ApiKeyForm()
    new_key = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "profile":
            profile_form = ProfileForm(request.POST, request.FILES, instance=user)
            if profile_form.is_valid():
                data = dict(profile_form.cleaned_data)
                if not request.FILES.get("avatar"):
                    data.pop("avatar", None)
                services.user_update_profile(user=user, data=data)  # type: ignore[arg-type]
                messages.success(request, "Profile saved.")
                return redirect("accounts:account")
        elif action == "create_key":
            key_form = ApiKeyForm(request.POST)
            if key_form.is_valid():
                try:
                    _, new_key = services.api_key_create(user=user, name=key_form.cleaned_data["name"])  # type: ignore[arg-type]
                except DomainError as exc:
                    key_form.add_error("name", exc.message)
        elif action == "revoke_key":
            try:
                key = selectors.api_key_get(user=user, key_id=request.POST.get("key_id"))  # type: ignore[arg-type]
            except Http404:
                messages.error(request, "That key does not exist.")
            else:
                services.api_key_revoke(key=key)
                messages.success(request, "API key revoked.")
            return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "profile_form": profile_form,
            "key_form": key_form,
            "new_key": new_key,
            "api_keys": selectors.api_key_list(user=user),  # type: ignore[arg-type]
        },
    )


@login_required
def notifications_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notification_mark_all_read(user=request.user)  # type: ignore[arg-type]
        messages.success(request, "All notifications marked as read.")
        return redirect("accounts:notifications")
    notifications = selectors.notification_list(user=request.user)[:100]  # type: ignore[arg-type]
    return render(request, "accounts/notifications.html", {"notifications": notifications})
