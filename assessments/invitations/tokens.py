"""Invitation links. A link carries a random token signed by the service (so a link not
made here is refused before any query); the database keeps only the token's SHA-256
digest, compared in constant time. A token works once: accepting, withdrawing or
resending the invitation closes it, and ``expires_at`` ends it after ``LIFETIME``."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing

LIFETIME = timedelta(days=7)
SALT = "assessments.invitations"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A new link token, and the digest to store."""
    token = secrets.token_urlsafe(32)
    return signing.Signer(salt=SALT).sign(token), token_digest(token)


def token_read(link_token: str) -> str | None:
    """The digest of a link's token, or None if the service did not sign it."""
    try:
        return token_digest(signing.Signer(salt=SALT).unsign(link_token))
    except signing.BadSignature:
        return None


def token_matches(stored: str, digest: str) -> bool:
    return hmac.compare_digest(stored.encode(), digest.encode())
