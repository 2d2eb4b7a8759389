from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from . import refusals
from .services import settings_read_once


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    """Indonesian unless the user chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language; a city intranet should
    speak Indonesian to everyone by default, English only on request.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user carries ``Cache-Control: no-store``.

    Pages and files behind a login hold personal data (SKP, scores, documents); no browser
    cache or shared proxy may keep them. Public pages (vacancies, published results) stay
    cacheable. One middleware rather than a decorator per view, so a new page cannot forget it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class FormErrorStatusMiddleware:
    """A refused POST answers 400 Bad Request, whichever view handled it:
    - a page re-rendering a form with errors (base.html's error summary marks the request);
    - an action that flashed why it was refused (core.refusals.action_refused) and redirects
      back: the page it came from is rendered here, with the message, as the 400 response.
    Inside the security middleware, so its headers apply to the page it renders."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "POST":
            return response
        if response.status_code == 200 and getattr(request, "form_errors_shown", False):
            response.status_code = 400
        elif response.status_code == 302 and getattr(request, "action_refused", False):
            response = refusals.page_with_errors(request, response["Location"]) or response
        return response


class SettingsOnceMiddleware:
    """Configured rules (core.Setting) are read at most once per request: one query for all of
    them on the first read instead of one per ``setting_value`` call."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with settings_read_once():
            return self.get_response(request)
