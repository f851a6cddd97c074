"""Checking a webhook message signed the Standard Webhooks way, as the hub signs its CloudEvents.

The signature is ``v1,`` and the base64 HMAC-SHA256 of ``{Webhook-Id}.{Webhook-Timestamp}.{body}``,
keyed with the secret after ``whsec_`` (base64-decoded). Several signatures may be sent, separated
by spaces; one that matches is enough. A timestamp further than ``marge`` seconds from now, either
way, is refused, so a captured message cannot be replayed later (docs/signaalrapport.md).
"""

import base64
import binascii
import hashlib
import hmac
from typing import Final

GEHEIM_PREFIX: Final = "whsec_"
MARGE_SECONDEN: Final = 300


def sleutel(geheim: str) -> bytes:
    """The HMAC key of a ``whsec_`` secret; a secret that is not base64 is used as its UTF-8 bytes."""
    try:
        return base64.b64decode(geheim.removeprefix(GEHEIM_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        return geheim.encode("utf-8")


def handtekening(geheim: str, bericht_id: str, tijdstip: int, body: bytes) -> str:
    digest = hmac.new(sleutel(geheim), f"{bericht_id}.{tijdstip}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def tijdstip_geldig(tijdstip: str, nu: float, marge: int = MARGE_SECONDEN) -> int | None:
    """The timestamp as an integer when it is one and lies within ``marge`` seconds of ``nu``; else None."""
    if not tijdstip.isascii() or not tijdstip.isdigit() or len(tijdstip) > 12:
        return None
    waarde = int(tijdstip)
    return waarde if abs(nu - waarde) <= marge else None


def handtekening_klopt(geheim: str, bericht_id: str, tijdstip: int, body: bytes, handtekeningen: str) -> bool:
    """Whether one of the space-separated ``v1,...`` signatures is the message's, compared in constant time."""
    if not geheim or not bericht_id:
        return False
    verwacht = handtekening(geheim, bericht_id, tijdstip, body)
    return any(
        hmac.compare_digest(verwacht.encode("ascii"), deel.encode("ascii", "replace"))
        for deel in handtekeningen.split()
        if deel.startswith("v1,")
    )
