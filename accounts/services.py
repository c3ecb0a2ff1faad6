"""Account use cases: registration, login/logout, profile updates, API keys.

Each function is the one place its write happens; views and forms call these.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework_simplejwt.tokens import SlidingToken

from coprod import realtime
from coprod.api.errors import ApiError

from .api_keys import api_key_generate, api_key_hash, shown_prefix
from .models import ApiKey, Notification, User

PROFILE_FIELDS = ("first_name", "last_name", "bio", "profile_public")
MAX_ACTIVE_API_KEYS = 20


class InvalidCredentials(ApiError):
    status_code = 401
    default_code = "INVALID_CREDENTIALS"
    default_detail = "Invalid email or password"


class EmailNotVerified(ApiError):
    status_code = 403
    default_code = "EMAIL_NOT_VERIFIED"
    default_detail = "Email address not verified"

    def __init__(self) -> None:
        super().__init__(
            "Email address not verified",
            reason="Email address not verified: follow the link we emailed you, then log in.",
        )


class RegistrationInvalid(ApiError):
    status_code = 400
    default_code = "VALIDATION_ERROR"


def user_register(
    *,
    request: HttpRequest,
    email: str,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an unverified user and email them a verification link (allauth's confirmation).

    Raises :class:`RegistrationInvalid` for a taken email/username or a weak password.
    """
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        errors["email"] = ["A user with this email already exists."]
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["A user with this username already exists."]
    candidate = User(email=email, username=username, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise RegistrationInvalid("Invalid request data", details=errors)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        address = EmailAddress.objects.create(user=candidate, email=email, primary=True, verified=False)
    address.send_confirmation(request, signup=True)
    return candidate


def user_login(*, request: HttpRequest | None, email: str, password: str) -> tuple[User, str]:
    """Check credentials and issue a JWT (a sliding token that logout can revoke).

    Raises :class:`InvalidCredentials` or :class:`EmailNotVerified`.
    """
    user = authenticate(request, email=email.strip().lower(), password=password)
    if user is None:
        # allauth's backend authenticates by email; fall back for staff created with createsuperuser.
        found = User.objects.filter(email__iexact=email.strip()).first()
        user = found if found is not None and found.check_password(password) and found.is_active else None
    if user is None:
        raise InvalidCredentials()
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise EmailNotVerified()
    token = SlidingToken.for_user(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return user, str(token)


def user_logout(*, auth: Any) -> None:
    """Revoke the JWT the request was made with: the next request with it gets a 401."""
    if isinstance(auth, SlidingToken):
        auth.blacklist()


def user_update_profile(*, user: User, data: dict[str, Any]) -> list[str]:
    """Update profile fields present in ``data`` (others untouched); returns the fields changed."""
    changed = [field for field in PROFILE_FIELDS if field in data and getattr(user, field) != data[field]]
    for field in changed:
        setattr(user, field, data[field])
    if "avatar" in data:
        user.avatar = data["avatar"]
        changed.append("avatar")
    if changed:
        user.save(update_fields=changed)
    return changed


class TooManyApiKeys(ApiError):
    status_code = 400
    default_code = "TOO_MANY_API_KEYS"


def api_key_create(*, user: User, name: str) -> tuple[ApiKey, str]:
    """Create a key; returns the row and the raw key, which is never stored or shown again."""
    if ApiKey.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_API_KEYS:
        raise TooManyApiKeys(
            f"At most {MAX_ACTIVE_API_KEYS} active API keys; revoke one first",
            details={"name": [f"At most {MAX_ACTIVE_API_KEYS} active API keys; revoke one first"]},
        )
    raw = api_key_generate()
    key = ApiKey.objects.create(user=user, name=name.strip(), prefix=shown_prefix(raw), key_hash=api_key_hash(raw))
    return key, raw


def api_key_revoke(*, user: User, key_id: int) -> ApiKey:
    """Revoke one of ``user``'s keys (idempotent). Raises ``ApiKey.DoesNotExist`` for others' keys."""
    key = ApiKey.objects.get(pk=key_id, user=user)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def notification_create(
    *, user: User, kind: str, title: str, body: str = "", data: dict[str, Any] | None = None
) -> Notification:
    """Store a notification and push it to the user's open sockets (``notification`` event)."""
    notification = Notification.objects.create(user=user, kind=kind, title=title, body=body, data=data or {})
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    realtime.send_to_user(
        user.pk, realtime.notification_event(notification=notification.to_dict(), unread_count=unread)
    )
    return notification


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read. Raises ``Notification.DoesNotExist`` for others'."""
    notification = Notification.objects.get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark all of ``user``'s notifications read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
