"""Marketplace pages: browse, a listing (preview, buy, download, review), sell, library, sales.

Each form posts to its own URL (one action per view), which calls a service and redirects back
(POST-redirect-GET); a form that fails validation re-renders its page with the errors.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.billing.views import allows_stripe_checkout
from accounts.selectors import authenticated_user
from coprod.errors import DomainError
from generation.models import Generation, GenerationStatus, Track
from projects.models import Project

from . import selectors, services
from .forms import ListingForm, ReviewForm
from .models import Listing, Review


@login_required
def listing_list_view(request: HttpRequest) -> HttpResponse:
    try:
        listings = list(selectors.listing_search(params=request.GET)[:60])
    except DomainError as exc:
        messages.error(request, exc.message)
        listings = []
    return render(request, "marketplace/list.html", {"listings": listings, "query": request.GET})


def _detail_page(request: HttpRequest, listing: Listing, *, review_form: ReviewForm | None = None) -> HttpResponse:
    """The listing's page; a review form that failed validation is passed in bound, to show its errors."""
    user = authenticated_user(request)
    data = selectors.listing_data(listing=listing, viewer=user)
    can_review = data["purchased"] and not Review.objects.filter(listing=listing, buyer=user).exists()
    return render(
        request,
        "marketplace/detail.html",
        {
            "listing": listing,
            "data": data,
            "reviews": listing.reviews.select_related("buyer")[:50],
            "review_form": (review_form or ReviewForm()) if can_review else None,
        },
    )


@login_required
@require_GET
@allows_stripe_checkout
def listing_detail_view(request: HttpRequest, listing_id: int) -> HttpResponse:
    """A listing: preview, buy, download, reviews. Its buy and review forms post to their own URLs."""
    listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=authenticated_user(request))
    if request.GET.get("purchase") == "success":
        messages.success(request, "Payment received: the item appears in your library once Stripe confirms it.")
    elif request.GET.get("purchase") == "cancelled":
        messages.info(request, "Checkout cancelled: nothing was charged.")
    return _detail_page(request, listing)


@login_required
@require_POST
def listing_buy_view(request: HttpRequest, listing_id: int) -> HttpResponse:
    """Buy the listing: a free item is yours at once; a paid one goes to Stripe Checkout."""
    user = authenticated_user(request)
    listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=user)
    page = request.build_absolute_uri(reverse("marketplace:detail", kwargs={"listing_id": listing.pk}))
    try:
        _, checkout_url = services.purchase_start(
            buyer=user, listing=listing, success_url=f"{page}?purchase=success", cancel_url=f"{page}?purchase=cancelled"
        )
    except DomainError as exc:
        messages.error(request, exc.reason or exc.message)
        return redirect("marketplace:detail", listing_id=listing.pk)
    if checkout_url:
        return redirect(checkout_url)
    messages.success(request, f"“{listing.title}” is yours: download it below or from your library.")
    return redirect("marketplace:detail", listing_id=listing.pk)


@login_required
@require_POST
@allows_stripe_checkout
def listing_review_view(request: HttpRequest, listing_id: int) -> HttpResponse:
    """Review a listing you bought (once); an invalid form shows the page again with its errors."""
    user = authenticated_user(request)
    listing = selectors.listing_get(listing_id=listing_id, include_withdrawn_for=user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, listing, review_form=form)
    try:
        services.review_create(buyer=user, listing=listing, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.reason or exc.message)
    else:
        messages.success(request, "Thank you for your review.")
    return redirect("marketplace:detail", listing_id=listing.pk)


@login_required
def listing_create_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    generations = [
        (str(g.pk), f"{g.public_id} · {g.tool} · {g.genre or '—'}")
        for g in Generation.objects.filter(owner=user, status=GenerationStatus.COMPLETED)
        .defer("result", "parameters")
        .order_by("-created_at")[:100]
    ]
    tracks = [(t.public_id, t.title) for t in Track.objects.filter(owner=user)[:100]]
    projects = [(str(p.pk), p.name) for p in Project.objects.filter(owner=user)[:100]]
    form = ListingForm(request.POST or None, generations=generations, tracks=tracks, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            listing = services.listing_create(
                seller=user,
                data=data,
                generation_ids=[int(g) for g in data.pop("generations")],
                track_ids=data.pop("tracks"),
                project_id=int(data.pop("project")) if data.get("project") else None,
            )
            messages.success(request, "Listed: the pack is being prepared for buyers.")
            return redirect("marketplace:detail", listing_id=listing.pk)
        except DomainError as exc:
            form.add_error(None, exc.reason or exc.message)
    return render(request, "marketplace/form.html", {"form": form})


@login_required
def library_view(request: HttpRequest) -> HttpResponse:
    purchases = selectors.library_of(buyer=authenticated_user(request))[:200]
    return render(request, "marketplace/library.html", {"purchases": purchases})


@login_required
def sales_view(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    return render(
        request,
        "marketplace/sales.html",
        {"summary": selectors.seller_summary(seller=user), "listings": user.listings.all()},
    )
