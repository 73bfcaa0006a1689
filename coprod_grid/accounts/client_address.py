"""Who is signing in: the client's address (django-axes' ``AXES_CLIENT_IP_CALLABLE``,
and the password reset's per-client limit).

``client_ip`` is ``AXES_CLIENT_IP_CALLABLE``: the socket's address, or — only when the
socket is one of ``TRUSTED_PROXIES`` — the right-most ``X-Forwarded-For`` address that
is not one of them. A proxy appends the address it saw to whatever the client sent, so
only the entries it and the proxies behind it added can be believed; anything further
left is the client's to invent.

Behind a proxy with ``TRUSTED_PROXIES`` unset every client has the proxy's address, and
throttling by address then locks everyone out together. The sign of it, a forwarded
header from a socket that is not trusted, is logged as a warning once per address.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


logger = logging.getLogger("coprod_grid.accounts")


@lru_cache(maxsize=64)
def warn_of_untrusted_forwarding(peer: str) -> None:
    """Once per peer per process (the cache remembers it was said)."""
    logger.warning(
        "X-Forwarded-For came from %s, which is not in TRUSTED_PROXIES: if the service is "
        "behind a proxy there, set TRUSTED_PROXIES to its address, or every client "
        "shares that address for sign-in throttling",
        peer,
    )


def client_ip(request: HttpRequest) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    networks = trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    peer_address = _address(peer) if peer else None
    if peer_address is None or not _trusted(peer_address, networks):
        if peer and request.META.get("HTTP_X_FORWARDED_FOR"):
            warn_of_untrusted_forwarding(peer)
        return peer
    client = peer_address
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not entry.strip():
            continue
        address = _address(entry)
        if address is None:
            # Not an address where a proxy's entry should be: believe nothing beyond.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
