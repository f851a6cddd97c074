"""Every change to organisations, users and API keys goes through these functions."""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.gemeenten import all_gemeenten
from vangnet.organisations import gemeentelijst
from vangnet.organisations.constants import PRODUCTS_BY_TYPE, OrganisatieType, Product
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie, ProductMachtiging

API_KEY_PREFIX = "vn"


class AccessError(ValueError):
    """A request to grant or use access that the rules do not allow (Dutch message)."""


@dataclass(frozen=True)
class NewApiKey:
    """The key in plain text exists only here, to be shown once."""

    sleutel: ApiSleutel
    plain_key: str


def hash_api_key(plain_key: str) -> str:
    # API keys are 256-bit random values, so a fast hash is as strong as a slow one here.
    return hashlib.sha256(plain_key.encode()).hexdigest()


def _split_key(plain_key: str) -> tuple[str, str] | None:
    parts = plain_key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != API_KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def ensure_products() -> None:
    for product in Product:
        ProductMachtiging.objects.get_or_create(code=product.value)


def check_machtigingen_allowed(organisatie: Organisatie, machtigingen: Iterable[str]) -> list[str]:
    allowed = PRODUCTS_BY_TYPE[organisatie.type]
    requested = list(dict.fromkeys(machtigingen))
    for code in requested:
        if code not in Product.values:
            raise AccessError(
                _("Onbekende machtiging '%(code)s'. Kies uit: %(choices)s.")
                % {"code": code, "choices": ", ".join(Product.values)}
            )
        if code not in allowed:
            raise AccessError(
                _("Machtiging '%(code)s' is niet beschikbaar voor een organisatie van het type %(type)s.")
                % {"code": code, "type": OrganisatieType(organisatie.type).label}
            )
    return requested


@transaction.atomic
def create_api_key(
    organisatie: Organisatie,
    naam: str,
    machtigingen: Iterable[str] | None = None,
    aangemaakt_door: Gebruiker | None = None,
) -> NewApiKey:
    """Create a key; without machtigingen it gets every product of the organisation's type."""
    if not naam.strip():
        raise AccessError(_("Geef de API-sleutel een naam die zegt waarvoor hij dient."))
    codes = check_machtigingen_allowed(
        organisatie, machtigingen if machtigingen is not None else organisatie.available_products()
    )
    ensure_products()
    prefix = secrets.token_hex(6)
    plain_key = f"{API_KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    sleutel = ApiSleutel.objects.create(
        organisatie=organisatie,
        naam=naam.strip(),
        prefix=prefix,
        sleutel_hash=hash_api_key(plain_key),
        aangemaakt_door=aangemaakt_door,
    )
    sleutel.machtigingen.set(ProductMachtiging.objects.filter(code__in=codes))
    return NewApiKey(sleutel=sleutel, plain_key=plain_key)


def revoke_api_key(sleutel: ApiSleutel) -> None:
    """Refused at once in this process, within SLEUTEL_GELDIG_SECONDEN in the others."""
    if sleutel.ingetrokken_op is None:
        sleutel.ingetrokken_op = timezone.now()
        sleutel.save(update_fields=["ingetrokken_op"])
    _bekende_sleutels.pop(sleutel.sleutel_hash, None)


# Every API call authenticates: a key once checked is trusted for a few seconds without asking
# the database again (its hash is the cache key, never the key itself). A revoked key is
# therefore refused within SLEUTEL_GELDIG_SECONDEN in every process.
SLEUTEL_GELDIG_SECONDEN = 10.0
_MAX_BEKENDE_SLEUTELS = 1_000


@dataclass(frozen=True)
class _BekendeSleutel:
    sleutel: ApiSleutel
    machtigingen: frozenset[str]
    gecontroleerd_op: float


_bekende_sleutels: dict[str, _BekendeSleutel] = {}


def authenticate_api_key(plain_key: str) -> ApiSleutel | None:
    """The active key matching plain_key, or None. Compares hashes in constant time."""
    parts = _split_key(plain_key)
    if parts is None:
        return None
    hashed = hash_api_key(plain_key)
    bekend = _bekende_sleutels.get(hashed)
    if bekend is not None and time.monotonic() - bekend.gecontroleerd_op < SLEUTEL_GELDIG_SECONDEN:
        return bekend.sleutel
    sleutel = (
        ApiSleutel.objects.select_related("organisatie").filter(prefix=parts[0], ingetrokken_op__isnull=True).first()
    )
    if sleutel is None or not hmac.compare_digest(sleutel.sleutel_hash, hashed):
        _bekende_sleutels.pop(hashed, None)
        return None
    now = timezone.now()
    if sleutel.laatst_gebruikt_op is None or (now - sleutel.laatst_gebruikt_op).total_seconds() > 60:
        ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=now)
    if len(_bekende_sleutels) >= _MAX_BEKENDE_SLEUTELS:
        _bekende_sleutels.clear()
    codes = frozenset(sleutel.machtigingen.values_list("code", flat=True))
    _bekende_sleutels[hashed] = _BekendeSleutel(sleutel, codes, time.monotonic())
    return sleutel


def api_key_machtigingen(sleutel: ApiSleutel) -> frozenset[str]:
    """The key's machtigingen, as checked with the key itself when that was recent."""
    bekend = _bekende_sleutels.get(sleutel.sleutel_hash)
    if bekend is not None and bekend.sleutel.pk == sleutel.pk:
        return bekend.machtigingen
    return frozenset(sleutel.machtigingen.values_list("code", flat=True))


def vergeet_api_keys() -> None:
    _bekende_sleutels.clear()


@transaction.atomic
def create_user(
    organisatie: Organisatie,
    username: str,
    password: str | None,
    machtigingen: Iterable[str],
    *,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Gebruiker:
    """``password`` None: an account that cannot log in with a password (and costs no hashing: the simulation)."""
    codes = check_machtigingen_allowed(organisatie, machtigingen)
    ensure_products()
    gebruiker = Gebruiker.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisatie=organisatie,
        # The Django admin is the hub operators' tool.
        is_staff=organisatie.type == OrganisatieType.HUB and Product.BEHEER in codes,
    )
    gebruiker.machtigingen.set(ProductMachtiging.objects.filter(code__in=codes))
    return gebruiker


@transaction.atomic
def ensure_gemeente_organisaties() -> int:
    """Make every municipality of the official list an organisation; returns how many were new."""
    existing = set(Organisatie.objects.filter(type=OrganisatieType.GEMEENTE).values_list("gemeentecode", flat=True))
    new = [
        Organisatie(naam=gemeente.naam, type=OrganisatieType.GEMEENTE, gemeentecode=gemeente.code)
        for gemeente in all_gemeenten()
        if gemeente.code not in existing
    ]
    Organisatie.objects.bulk_create(new)
    gemeentelijst.vergeet()
    return len(new)


def ensure_organisatie(naam: str, type: OrganisatieType) -> Organisatie:
    organisatie, _created = Organisatie.objects.get_or_create(naam=naam, type=type)
    return organisatie
