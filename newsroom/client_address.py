"""The client's address behind the site's own proxies, read from X-Forwarded-For only when a trusted proxy sent it.

django-axes (log-in lockout) and the server's access log read REMOTE_ADDR; behind nginx that is nginx's
own address for every client, so without this one client's wrong passwords would lock out everyone.
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _networks(entries):
    try:
        return [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as error:
        raise ImproperlyConfigured(f"NEWSROOM_TRUSTED_PROXIES: {error}") from None


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(meta, trusted):
    """REMOTE_ADDR, or, when that is a trusted proxy, the right-most forwarded address no trusted proxy holds.

    Only the right-most hops were written by our own proxies; anything left of them the client could forge.
    """
    remote = _address(meta.get("REMOTE_ADDR", ""))
    if remote is None or not any(remote in network for network in trusted):
        return meta.get("REMOTE_ADDR")
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a hop that is not an address: trust nothing further left
        if not any(address in network for network in trusted):
            return str(address)
    return str(remote)


class TrustedProxyMiddleware:
    """First in the chain: REMOTE_ADDR becomes the client's address; the proxy's is kept in PROXY_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = _networks(settings.NEWSROOM_TRUSTED_PROXIES)

    def __call__(self, request):
        address = client_address(request.META, self.trusted)
        if address != request.META.get("REMOTE_ADDR"):
            request.META["PROXY_ADDR"], request.META["REMOTE_ADDR"] = request.META.get("REMOTE_ADDR"), address
        return self.get_response(request)


def axes_client_address(request):
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the address TrustedProxyMiddleware settled on."""
    return request.META.get("REMOTE_ADDR")
