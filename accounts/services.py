"""Account use cases: registration, login/logout, password changes, profile updates, API keys.

Each function is the one place its write happens; views, forms and the allauth adapter call these.

Registration and login do not tell whether an email is registered: the same answer and the
same work (one password hash, one email sent) whether it is or not.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from coprod import realtime
from coprod.errors import DomainError
from ops.models import AuditAction
from ops.services import audit_record

from .api_keys import api_key_generate, api_key_hash, shown_prefix
from .login_throttle import login_failure_record, login_success_record, login_throttle_check
from .models import ApiKey, Notification, User
from .tokens import UserSlidingToken, token_jti

PROFILE_FIELDS = ("first_name", "last_name", "bio", "profile_public")
MAX_ACTIVE_API_KEYS = 20


class InvalidCredentials(DomainError):
    status_code = 401
    default_code = "INVALID_CREDENTIALS"
    default_detail = "Invalid email or password"


class EmailNotVerified(DomainError):
    status_code = 403
    default_code = "EMAIL_NOT_VERIFIED"
    default_detail = "Email address not verified"

    def __init__(self) -> None:
        super().__init__(
            "Email address not verified",
            reason="Email address not verified: follow the link we emailed you, then log in.",
        )


class RegistrationInvalid(DomainError):
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
) -> User | None:
    """Create an unverified user and email them a verification link (allauth's confirmation).

    If the email is already registered, nothing is created and its owner is emailed instead
    ("someone tried to sign up with your address"); the caller answers the same either way, so
    the answer does not reveal which emails have accounts. Returns the new user, or None then.

    Raises :class:`RegistrationInvalid` for a taken username or a weak password (usernames are
    public on profile pages, so saying one is taken reveals nothing).
    """
    email = email.strip().lower()
    errors: dict[str, list[str]] = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["A user with this username already exists."]
    candidate = User(email=email, username=username, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, user=candidate)
    except DjangoValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise RegistrationInvalid("Invalid request data", details=errors)
    email_taken = (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )
    if email_taken:
        make_password(password)  # the same hashing work as a real registration
        get_adapter(request).send_account_already_exists_mail(email)
        return None
    with transaction.atomic():
        candidate.set_password(password)
        candidate.save()
        address = EmailAddress.objects.create(user=candidate, email=email, primary=True, verified=False)
    address.send_confirmation(request, signup=True)
    return candidate


def user_login(*, request: HttpRequest, email: str, password: str) -> tuple[User, str]:
    """Check credentials and issue a JWT (a sliding token that logout can revoke).

    Failed attempts are throttled per account and per client IP (:mod:`accounts.login_throttle`).
    An unknown email costs the same password hash as a wrong password (allauth's backend hashes
    the password for unknown emails) and gets the same answer.

    Raises :class:`InvalidCredentials`, :class:`EmailNotVerified` or
    :class:`accounts.login_throttle.LoginThrottled`.
    """
    from coprod.api.throttling import client_ip

    email = email.strip().lower()
    ip = client_ip(request)
    login_throttle_check(email=email, ip=ip)
    user = authenticate(request, email=email, password=password)
    if user is None or not user.is_active:
        login_failure_record(email=email, ip=ip)
        audit_record(actor=None, action=AuditAction.LOGIN_FAILED, target=email, ip=ip, details={"via": "api"})
        raise InvalidCredentials()
    login_success_record(email=email, ip=ip)
    audit_record(actor=user, action=AuditAction.LOGIN_SUCCEEDED, target=user, ip=ip, details={"via": "api"})
    assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        raise EmailNotVerified()
    token = UserSlidingToken.for_user(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return user, str(token)


def user_logout(*, user: User, auth: Any) -> None:
    """Revoke the JWT the request was made with (the next request with it gets a 401) and close
    the sockets opened with it."""
    if isinstance(auth, UserSlidingToken):
        auth.blacklist()
        realtime.close_user_sockets(user.pk, jti=token_jti(auth))


def user_password_changed(*, user: User) -> None:
    """After a password change or reset: close the user's sockets.

    The user's JWTs stop working by themselves (each carries a stamp of the old password, see
    :mod:`accounts.tokens`) once saving the user has forgotten the remembered stamp
    (:func:`accounts.auth_cache.connect_revocation`); other browser sessions
    by Django's session hash. Sockets never re-authenticate, so they are closed here.
    """
    realtime.close_user_sockets(user.pk)


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


class TooManyApiKeys(DomainError):
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
    audit_record(actor=user, action=AuditAction.API_KEY_CREATED, target=key, details={"prefix": key.prefix})
    return key, raw


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    """Revoke ``key`` (idempotent) and close the sockets opened with it.

    The caller looked the key up with ``selectors.api_key_get`` (others' keys are a 404 there).
    """
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])  # forgets the cached key: the very next request is a 401
        # Only the key's owner can reach it (selectors.api_key_get is owner-scoped): they are the actor.
        audit_record(actor=key.user, action=AuditAction.API_KEY_REVOKED, target=key, details={"prefix": key.prefix})
        realtime.close_user_sockets(key.user_id, api_key_id=key.pk)
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


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark ``notification`` read (idempotent); look it up with ``selectors.notification_get``."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark all of ``user``'s notifications read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
