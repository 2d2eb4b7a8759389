"""Request facts that security decisions rest on, read one way for the whole product."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address a request came from, as the login throttle counts it.

    Behind ``TRUSTED_PROXY_COUNT`` proxies that each append the address they saw to
    X-Forwarded-For, the client is the entry that many places from the end; anything further
    left was written by the client and is ignored. With no proxy (count 0) the header is
    ignored altogether and the socket address is used (docs/deploy.md).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count <= 0 or not forwarded:
        return remote
    return forwarded[-count] if len(forwarded) >= count else forwarded[0]
