"""Form-to-service glue, once for every app."""

from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on their fields (or on the
    form when the field is not in it), plain messages on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def flash_service_errors(request, exc: ValidationError) -> None:
    """A service's ValidationError for a view with no form to show it on: one error message
    each, and the request marked refused so its redirect answers 400 (core.refusals)."""
    from .refusals import action_refused

    action_refused(request, *exc.messages)
