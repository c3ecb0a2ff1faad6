"""The billing page: current plan, renewal date, upgrade through Stripe Checkout, cancel, invoices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

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
@allows_stripe_checkout
def billing_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "checkout":
                plan = request.POST.get("plan", "")
                interval = request.POST.get("interval", "monthly")
                if plan not in selectors.PAID_PLANS or interval not in selectors.INTERVALS:
                    messages.error(request, "Choose a plan and an interval.")
                    return redirect("billing:billing")
                page = request.build_absolute_uri(reverse("billing:billing"))
                session = services.subscription_checkout_start(
                    user=user,
                    plan=plan,
                    interval=interval,
                    success_url=f"{page}?checkout=success",
                    cancel_url=f"{page}?checkout=cancelled",
                )
                return redirect(str(session.stripe_data.get("url")))
            if action == "cancel":
                services.subscription_cancel(user=user)
                messages.success(request, "Your subscription will end at the end of the paid period.")
                return redirect("billing:billing")
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("billing:billing")
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
