from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """A server must not sign sessions with a key that changes at every start."""
    if not settings.DEBUG and not settings.SECRET_KEY_IS_SET:
        raise ImproperlyConfigured(
            "Set the SECRET_KEY environment variable to serve Claim Tracker."
        )
