"""Stripe, faked at the HTTP boundary only: the real ``stripe`` library and dj-stripe talk to this.

``responses`` intercepts every request ``stripe`` sends to ``https://api.stripe.com/v1/...``;
:class:`FakeStripe` answers from a dict of Stripe objects the way Stripe's API does (form-encoded
requests, JSON objects, ``resource_missing`` 404s). Helpers play Stripe's part after a customer
pays (a subscription and a paid invoice appear), and :func:`signed_headers` signs an event
exactly as Stripe signs webhooks (``t=<unix time>,v1=<HMAC-SHA256 of "t.payload">``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

API = "https://api.stripe.com"
WEBHOOK_SECRET = "whsec_test_coprod_local_signing_secret"
PRICES = {
    ("pro", "monthly"): "price_pro_monthly",
    ("pro", "yearly"): "price_pro_yearly",
    ("producer_plus", "monthly"): "price_pp_monthly",
    ("producer_plus", "yearly"): "price_pp_yearly",
}
AMOUNTS = {"price_pro_monthly": 1200, "price_pro_yearly": 12000, "price_pp_monthly": 2900, "price_pp_yearly": 29000}
ID_PREFIX = {
    "customers": "cus",
    "checkout/sessions": "cs_test",
    "subscriptions": "sub",
    "invoices": "in",
    "prices": "price",
    "products": "prod",
    "payment_intents": "pi",
    "charges": "ch",
}
OBJECT_NAME = {
    "customers": "customer",
    "checkout/sessions": "checkout.session",
    "subscriptions": "subscription",
    "invoices": "invoice",
    "prices": "price",
    "products": "product",
    "payment_intents": "payment_intent",
    "charges": "charge",
}


def form_decode(body: str) -> dict[str, Any]:
    """Stripe's form encoding (``a[b][0][c]=v``) back into nested dicts and lists."""
    result: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = result
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            nxt = None if last else parts[index + 1]
            if isinstance(node, list):
                position = int(part)
                while len(node) <= position:
                    node.append({} if nxt is not None and not nxt.isdigit() else [])
                if last:
                    node[position] = value
                else:
                    node = node[position]
            else:
                if last:
                    if part in node and isinstance(node[part], list):
                        node[part].append(value)  # expand[]=a&expand[]=b
                    else:
                        node[part] = value
                else:
                    node = node.setdefault(part, [] if nxt is not None and nxt.isdigit() else {})
    return result


def signed_headers(payload: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The ``Stripe-Signature`` header Stripe sends with ``payload``."""
    stamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{stamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return {"HTTP_STRIPE_SIGNATURE": f"t={stamp},v1={signature}"}


class FakeStripe:
    """Stripe's API state: objects by id, and the requests made (method, path, params)."""

    def __init__(self) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.down = False
        self.account = {
            "id": "acct_coprodfake0001",
            "object": "account",
            "type": "standard",
            "email": "billing@coprod.local",
            "country": "US",
            "default_currency": "usd",
            "settings": {"dashboard": {"display_name": "Co-Prod AI (fake)"}},
            "charges_enabled": True,
            "payouts_enabled": True,
            "details_submitted": True,
            "livemode": False,
            "created": int(time.time()),
            "metadata": {},
        }
        for (plan, interval), price_id in PRICES.items():
            product = self.add("products", {"name": plan}, id=f"prod_{plan}")
            self.add(
                "prices",
                {
                    "product": product["id"],
                    "unit_amount": AMOUNTS[price_id],
                    "currency": "usd",
                    "recurring": {"interval": "month" if interval == "monthly" else "year", "interval_count": 1},
                    "lookup_key": None,
                    "type": "recurring",
                    "active": True,
                },
                id=price_id,
            )

    # --- the store -------------------------------------------------------------------------------
    def add(self, resource: str, fields: dict[str, Any], *, id: str | None = None) -> dict[str, Any]:
        obj_id = id or f"{ID_PREFIX[resource]}_{secrets.token_hex(8)}"
        obj = {
            "id": obj_id,
            "object": OBJECT_NAME[resource],
            "livemode": False,
            "created": int(time.time()),
            "metadata": {},
        }
        obj.update(fields)
        self.objects[obj_id] = obj
        return obj

    def calls_to(self, method: str, path: str) -> list[dict[str, Any]]:
        return [params for m, p, params in self.calls if m == method and p == path]

    # --- HTTP --------------------------------------------------------------------------------------
    def handle(self, request: Any) -> tuple[int, dict[str, str], str]:
        url = urlsplit(request.url)
        path = url.path.removeprefix("/v1/")
        body = request.body.decode() if isinstance(request.body, bytes) else (request.body or "")
        params = form_decode(body if request.method == "POST" else url.query)
        self.calls.append((request.method, path, params))
        if self.down:
            return 500, {}, json.dumps({"error": {"type": "api_error", "message": "Stripe is down (fake)"}})
        if path == "account":  # dj-stripe asks which account the key belongs to
            return self._ok(self.account)
        match = re.match(r"^(checkout/sessions|[a-z_]+)(?:/([^/]+))?(/[a-z_]+)?$", path)
        if match is None:
            raise AssertionError(f"the fake does not serve {request.method} {path}")
        resource, obj_id, sub = match.group(1), match.group(2), match.group(3)
        if obj_id is None and request.method == "POST":
            return self._ok(self._create(resource, params))
        if obj_id is None or sub:  # lists (Stripe's list endpoints), e.g. an invoice's lines
            return self._ok({"object": "list", "data": [], "has_more": False, "url": f"/v1/{path}"})
        obj = self.objects.get(obj_id)
        if obj is None:
            return (
                404,
                {},
                json.dumps(
                    {
                        "error": {
                            "type": "invalid_request_error",
                            "code": "resource_missing",
                            "message": f"No such object: '{obj_id}'",
                            "param": "id",
                        }
                    }
                ),
            )
        if request.method == "POST":
            if obj["object"] == "subscription" and params.get("cancel_at_period_end") == "true":
                obj["cancel_at_period_end"] = True
                obj["cancel_at"] = obj["items"]["data"][0]["current_period_end"]
            obj["metadata"].update(params.get("metadata", {}))
        if request.method == "DELETE" and obj["object"] == "subscription":
            obj.update(status="canceled", ended_at=int(time.time()), canceled_at=int(time.time()))
        return self._ok(obj)

    def _ok(self, obj: dict[str, Any]) -> tuple[int, dict[str, str], str]:
        return 200, {"Request-Id": f"req_{secrets.token_hex(6)}"}, json.dumps(obj)

    def _create(self, resource: str, params: dict[str, Any]) -> dict[str, Any]:
        if resource == "customers":
            return self.add(
                "customers",
                {"email": params.get("email"), "name": params.get("name"), "metadata": params.get("metadata", {})},
            )
        if resource == "checkout/sessions":
            session_id = f"cs_test_{secrets.token_hex(12)}"
            items = params.get("line_items", [])
            amount = sum(
                int(item.get("price_data", {}).get("unit_amount") or AMOUNTS.get(item.get("price", ""), 0))
                * int(item.get("quantity", 1))
                for item in items
            )
            return self.add(
                "checkout/sessions",
                {
                    "url": f"https://checkout.stripe.com/c/pay/{session_id}",
                    "mode": params["mode"],
                    "customer": params.get("customer"),
                    "client_reference_id": params.get("client_reference_id"),
                    "metadata": params.get("metadata", {}),
                    "status": "open",
                    "payment_status": "unpaid",
                    "amount_total": amount,
                    "currency": (items[0].get("price_data", {}).get("currency") if items else None) or "usd",
                    "success_url": params.get("success_url"),
                    "cancel_url": params.get("cancel_url"),
                    "subscription": None,
                    "payment_intent": None,
                    "line_items_requested": items,
                    "subscription_data": params.get("subscription_data", {}),
                },
                id=session_id,
            )
        raise AssertionError(f"the fake does not create {resource}")

    # --- Stripe's part after the customer pays ------------------------------------------------------
    def pay_subscription_session(self, session_id: str, *, period_days: int = 30) -> dict[str, Any]:
        """The customer paid: a subscription on the session's price starts with a paid invoice."""
        session = self.objects[session_id]
        price = self.objects[session["line_items_requested"][0]["price"]]
        now = int(time.time())
        end = now + period_days * 86400
        subscription = self.add(
            "subscriptions",
            {
                "customer": session["customer"],
                "status": "active",
                "cancel_at_period_end": False,
                "cancel_at": None,
                "canceled_at": None,
                "ended_at": None,
                "start_date": now,
                "metadata": dict(session["subscription_data"].get("metadata", {})),
                "items": {
                    "object": "list",
                    "has_more": False,
                    "data": [
                        {
                            "id": f"si_{secrets.token_hex(6)}",
                            "object": "subscription_item",
                            "price": price,
                            "quantity": 1,
                            "current_period_start": now,
                            "current_period_end": end,
                        }
                    ],
                },
                "latest_invoice": None,
            },
        )
        for item in subscription["items"]["data"]:
            item["subscription"] = subscription["id"]
        invoice = self.invoice(subscription, paid=True, billing_reason="subscription_create")
        session.update(status="complete", payment_status="paid", subscription=subscription["id"])
        return {"session": session, "subscription": subscription, "invoice": invoice}

    def invoice(self, subscription: dict[str, Any], *, paid: bool, billing_reason: str) -> dict[str, Any]:
        price = subscription["items"]["data"][0]["price"]
        invoice = self.add(
            "invoices",
            {
                "customer": subscription["customer"],
                "number": f"COPROD-{len(self.objects):04d}",
                "status": "paid" if paid else "open",
                "amount_due": price["unit_amount"],
                "amount_paid": price["unit_amount"] if paid else 0,
                "amount_remaining": 0 if paid else price["unit_amount"],
                "currency": "usd",
                "billing_reason": billing_reason,
                "hosted_invoice_url": "https://invoice.stripe.com/i/test",
                "invoice_pdf": "https://pay.stripe.com/invoice/test/pdf",
                "parent": {
                    "type": "subscription_details",
                    "subscription_details": {"subscription": subscription["id"]},
                },
                "lines": {"object": "list", "data": [], "has_more": False},
                "attempt_count": 1,
                "attempted": True,
            },
        )
        subscription["latest_invoice"] = invoice["id"]
        return invoice

    def pay_payment_session(self, session_id: str) -> dict[str, Any]:
        """A one-off Checkout (``mode=payment``) was paid."""
        session = self.objects[session_id]
        intent = self.add(
            "payment_intents",
            {
                "amount": session["amount_total"],
                "currency": session["currency"],
                "status": "succeeded",
                "customer": session["customer"],
            },
        )
        session.update(status="complete", payment_status="paid", payment_intent=intent["id"])
        return session

    def event(self, event_type: str, obj: dict[str, Any], *, created: int | None = None) -> dict[str, Any]:
        """The event Stripe would send about ``obj`` now (a snapshot of it)."""
        return {
            "id": f"evt_{secrets.token_hex(12)}",
            "object": "event",
            "api_version": "2026-05-27.dahlia",
            "created": created or int(time.time()),
            "data": {"object": json.loads(json.dumps(obj))},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }


@pytest.fixture
def fake_stripe(settings: Any) -> Iterator[FakeStripe]:
    """Stripe keys, prices and signing secret configured; Stripe's API answered by a :class:`FakeStripe`."""
    import responses

    settings.STRIPE_SECRET_KEY = "sk_test_" + "coprodFakeKey0123456789abcdef"
    settings.STRIPE_PUBLIC_KEY = "pk_test_" + "coprodFakeKey0123456789abcdef"
    settings.DJSTRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICES = dict(PRICES)
    fake = FakeStripe()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "DELETE"):
            mock.add_callback(method, re.compile(re.escape(API) + r"/v1/.*"), callback=fake.handle)
        yield fake


def post_event(client: Any, event: dict[str, Any], **sign: Any) -> Any:
    """POST ``event`` to the webhook as Stripe would, signed with the endpoint's secret."""
    payload = json.dumps(event)
    return client.post(
        "/api/subscription/webhook", data=payload, content_type="application/json", **signed_headers(payload, **sign)
    )
