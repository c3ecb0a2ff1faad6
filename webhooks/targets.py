"""Which callback URLs webhooks may be sent to, and the one resolution a delivery connects to.

A callback URL is a request to make our servers send HTTP somewhere, so it is checked like any
server-side request forgery risk: ``https`` only, no credentials in the URL, and every address
its host name resolves to must be public — never private, loopback, link-local, multicast,
reserved, unspecified or shared (carrier-grade NAT). The check runs when a generation is
requested and again before each delivery, and the delivery connects to the very address that
was checked (:mod:`.transport`), so a name that changes its answer between the two (DNS
rebinding) reaches nothing private.

Development (``COPROD_ENV=development``) allows ``http`` and private targets (loopback, private
networks) so a local receiver works; elsewhere ``WEBHOOKS_ALLOW_HTTP`` /
``WEBHOOKS_ALLOW_PRIVATE_TARGETS`` turn them on. Link-local (the cloud metadata service),
multicast, reserved and unspecified addresses are refused everywhere.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from coprod.errors import ParameterError

CALLBACK_URL_MAX_LENGTH = 500
IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class CallbackUrlRefused(ValueError):
    """The callback URL may not be used; the message says which rule it breaks."""


class CallbackUrlUnresolved(CallbackUrlRefused):
    """The host name did not resolve (now): at delivery time this is worth a retry."""


@dataclass(frozen=True)
class CallbackTarget:
    """A checked callback URL: where to connect (``address``) and what to ask for there."""

    url: str
    scheme: str
    host: str
    port: int
    path: str
    # The checked IP the delivery connects to; None when the check did not resolve the name.
    address: str | None

    @property
    def host_header(self) -> str:
        default_port = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default_port else f"{host}:{self.port}"


def callback_url_check(url: str, *, resolve: bool = True) -> CallbackTarget:
    """Check ``url`` against the callback rules; with ``resolve``, resolve it once and check every address.

    Returns the target with the first address to connect to. Raises :class:`CallbackUrlRefused`
    naming the rule broken. Without ``resolve`` only the URL's form (and a literal IP host) is
    checked.
    """
    if not isinstance(url, str) or not url:
        raise CallbackUrlRefused("a non-empty URL")
    if len(url) > CALLBACK_URL_MAX_LENGTH:
        raise CallbackUrlRefused(f"at most {CALLBACK_URL_MAX_LENGTH} characters")
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        raise CallbackUrlRefused("a URL without spaces or control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    allowed_schemes = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if scheme not in allowed_schemes:
        raise CallbackUrlRefused("an https URL" if scheme != "https" else "an http(s) URL")
    if "@" in parts.netloc:
        raise CallbackUrlRefused("a URL without credentials (user:password@)")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise CallbackUrlRefused("a URL with a valid port") from None
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise CallbackUrlRefused("a URL with a host name")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise CallbackUrlRefused("a URL with a valid host name") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    literal = _literal_address(host)
    if literal is not None:
        _check_address(literal)
    address: str | None = None
    if resolve:
        address = _resolve_checked(host, port)
    elif literal is not None:
        address = str(literal)
    return CallbackTarget(url=url, scheme=scheme, host=host, port=port, path=path, address=address)


def callback_url_validate(url: str, *, parameter: str = "callback_url") -> str:
    """The request-validation form of :func:`callback_url_check`: the URL, or :class:`ParameterError`.

    Resolves the name (a DNS lookup); v1 request validation calls this for ``callback_url``.
    """
    try:
        callback_url_check(url, resolve=True)
    except CallbackUrlRefused as exc:
        raise ParameterError(parameter, url if isinstance(url, str) else None, str(exc)) from None
    return url


def private_targets_allowed() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)


def address_refusal(address: IpAddress) -> str | None:
    """Why ``address`` is not a public address a webhook may reach, or None when it is."""
    address = _unmapped(address)
    checks = (
        (address.is_unspecified, "unspecified"),
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        # What is left and still not global: shared address space (100.64.0.0/10) and the like.
        (not address.is_global, "non-public"),
    )
    return next((name for refused, name in checks if refused), None)


# Never a webhook receiver, even where private targets are allowed for a local one: link-local holds
# the cloud metadata service (169.254.169.254, fe80::), and the others reach no one host of ours.
ALWAYS_REFUSED = ("unspecified", "link-local", "multicast", "reserved")


def _check_address(address: IpAddress) -> None:
    refusal = address_refusal(address)
    if refusal is not None and (refusal in ALWAYS_REFUSED or not private_targets_allowed()):
        raise CallbackUrlRefused(f"a public address (the host resolves to a {refusal} address, {_unmapped(address)})")


def _unmapped(address: IpAddress) -> IpAddress:
    # ::ffff:127.0.0.1 reaches 127.0.0.1: judge (and name) the IPv4 address it carries.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _literal_address(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _resolve_checked(host: str, port: int) -> str:
    """Resolve ``host`` once; refuse if any of its addresses is not allowed; the first one to use."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise CallbackUrlUnresolved("a URL whose host name resolves") from None
    addresses: list[IpAddress] = []
    for info in infos:
        # IPv6 scope ids ("fe80::1%eth0") are not part of the address.
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise CallbackUrlUnresolved("a URL whose host name resolves")
    # Every answer is checked, not just the one used: a name mixing public and private
    # answers is refused whichever the connection would have picked.
    for address in addresses:
        _check_address(address)
    return str(addresses[0])
