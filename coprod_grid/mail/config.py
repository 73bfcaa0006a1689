"""Email settings from the environment, checked when the settings load.

Either one ``EMAIL_URL`` (``smtp://``, ``smtp+tls://`` for STARTTLS, usually port 587, or
``smtp+ssl://`` for TLS from the start, usually port 465; the user name and password
URL-encoded) or the separate ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD`` and ``EMAIL_USE_TLS``; and ``DEFAULT_FROM_EMAIL``. A value that
cannot be understood stops the app with a message saying what to set, as the other
settings do. This module reads nothing of Django's settings, so settings.py can use it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

DEVELOPMENT_FROM_EMAIL = "Co-production Grid self-assessment <noreply@localhost>"
# scheme → (use STARTTLS, use implicit TLS, default port)
SCHEMES = {
    "smtp": (False, False, 25),
    "smtp+tls": (True, False, 587),
    "smtp+ssl": (False, True, 465),
    "smtps": (False, True, 465),
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class EmailSettings:
    host: str = ""
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    from_email: str = DEVELOPMENT_FROM_EMAIL


def _port(name: str, value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise ImproperlyConfigured(f"{name} must be a port number from 1 to 65535, not {value!r}")
    return port


def _bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def from_url(url: str) -> EmailSettings:
    """The SMTP server of an ``EMAIL_URL``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with {', '.join(s + '://' for s in SCHEMES)}, not {url!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL must name a host, for example smtp+tls://host:587")
    use_tls, use_ssl, default_port = SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a port number") from None
    return EmailSettings(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def from_address(value: str) -> str:
    """``DEFAULT_FROM_EMAIL``: an address, or ``Name <address>``."""
    _, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"DEFAULT_FROM_EMAIL must be an email address, for example "
            f"'Co-production Grid <noreply@grid.example.nhs.uk>', not {value!r}"
        ) from None
    return value.strip()


def email_settings(env: Mapping[str, str]) -> EmailSettings:
    url = env.get("EMAIL_URL", "").strip()
    separate = [name for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS") if env.get(name)]
    if url and separate:
        raise ImproperlyConfigured(f"Set EMAIL_URL or {', '.join(separate)}, not both")
    if url:
        server = from_url(url)
    else:
        use_tls = _bool("EMAIL_USE_TLS", env.get("EMAIL_USE_TLS", "false"))
        server = EmailSettings(
            host=env.get("EMAIL_HOST", "").strip(),
            port=_port("EMAIL_PORT", env["EMAIL_PORT"]) if env.get("EMAIL_PORT") else 25,
            user=env.get("EMAIL_HOST_USER", ""),
            password=env.get("EMAIL_HOST_PASSWORD", ""),
            use_tls=use_tls,
        )
    sender = env.get("DEFAULT_FROM_EMAIL", "")
    return replace(server, from_email=from_address(sender) if sender else DEVELOPMENT_FROM_EMAIL)
