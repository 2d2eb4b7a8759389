"""The one way a refused POST answers: 400, never a redirect that looks like success.

Forms re-rendered with errors are caught by base.html's error summary (templatetags/ui.py).
Actions posted from another page (a button on a detail page) flash why they were refused and
call action_refused(); FormErrorStatusMiddleware then answers 400 with the page they came from.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import QueryDict
from django.urls import Resolver404, resolve


def action_refused(request, *texts: str) -> None:
    """Flash why an action was refused and mark the request, so its redirect becomes a 400 page."""
    for text in texts:
        messages.error(request, text)
    request.action_refused = True


def page_with_errors(request, location: str):
    """The page a refused action would redirect to, rendered for this request with status 400,
    or None when the location is not one of the product's pages."""
    parts = urlsplit(location)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    request.method = "GET"
    request.path = request.path_info = parts.path
    request.GET = QueryDict(parts.query)
    request.POST = QueryDict()
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code != 200:
        return None
    response.status_code = 400
    return response
