"""The billing page: current plan, renewal date, upgrade through Stripe Checkout, cancel, invoices.

Each form posts to its own URL (one action per view), which calls a service and redirects
(POST-redirect-GET; checkout redirects to Stripe, which returns to the page).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.selectors import authenticated_user
from coprod.errors import DomainError
from coprod.plans import PLAN_LABELS, PLAN_PRICES

from . import selectors, services

# Checkout lives on Stripe's origin: Chrome applies form-action to the redirect after a form post.
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"


def allows_stripe_checkout(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
    """Let a page's forms redirect to Stripe Checkout (its CSP ``form-action`` gains Stripe's origin)."""
    return csp_update({"form-action": [STRIPE_CHECKOUT_ORIGIN]})(view)


@login_required
@require_GET
@allows_stripe_checkout
def billing_view(request: HttpRequest) -> HttpResponse:
    """The billing page: plan, renewal, invoices. Its checkout and cancel forms post to their own URLs."""
    user = authenticated_user(request)
    checkout = request.GET.get("checkout")
    if checkout == "success":
        messages.success(request, "Thank you! Your plan changes as soon as Stripe confirms the payment.")
    elif checkout == "cancelled":
        messages.info(request, "Checkout cancelled: nothing was charged.")
    offers = [
        {"plan": plan, "label": PLAN_LABELS[plan], "price": PLAN_PRICES[plan]}
        for plan in selectors.PAID_PLANS
        if plan != user.subscription_tier
    ]
    return render(
        request,
        "billing/billing.html",
        {
            "subscription": selectors.subscription_data(user=user),
            "invoices": selectors.invoice_list(user=user),
            "offers": offers,
            "intervals": list(selectors.INTERVALS),
        },
    )


@login_required
@require_POST
def billing_checkout_view(request: HttpRequest) -> HttpResponse:
    """Start Stripe Checkout for the plan and interval posted, and go there."""
    plan = request.POST.get("plan", "")
    interval = request.POST.get("interval", "monthly")
    if plan not in selectors.PAID_PLANS or interval not in selectors.INTERVALS:
        messages.error(request, "Choose a plan and an interval.")
        return redirect("billing:billing")
    page = request.build_absolute_uri(reverse("billing:billing"))
    try:
        session = services.subscription_checkout_start(
            user=authenticated_user(request),
            plan=plan,
            interval=interval,
            success_url=f"{page}?checkout=success",
            cancel_url=f"{page}?checkout=cancelled",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("billing:billing")
    return redirect(str(session.stripe_data.get("url")))


@login_required
@require_POST
def billing_cancel_view(request: HttpRequest) -> HttpResponse:
    """Cancel the subscription at the end of the paid period."""
    try:
        services.subscription_cancel(user=authenticated_user(request))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your subscription will end at the end of the paid period.")
    return redirect("billing:billing")
