from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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


class FormErrorStatusMiddleware:
    """A POST whose page re-renders a form with errors answers 400 Bad Request, whichever view
    rendered it: base.html's error summary marks the request (core.templatetags.ui)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "POST" and response.status_code == 200 and getattr(request, "form_errors_shown", False):
            response.status_code = 400
        return response
