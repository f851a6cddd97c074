"""The one place where access is decided: who is calling, and which rows they may see.

Every view and endpoint builds a `Caller` from its request and narrows each queryset with
`scope()`. A model names the field that holds its owning organisation in the class
attribute `organisatie_field` (for example "organisatie_id"); scoping a model without it
is an error, so a new model cannot be exposed unscoped by accident.

A model may also name, in `gedeeld_met_field`, a second organisation its owner shared the
row with (a gemeente's dossier assigned to a leverancier): that organisation sees the row
too. Which parts of a shared row a caller may read is then a matter of machtigingen.
"""

from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie
from vangnet.organisations.services import api_key_machtigingen

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Caller:
    organisatie: Organisatie
    machtigingen: frozenset[str]
    gebruiker: Gebruiker | None = None
    api_sleutel: ApiSleutel | None = None

    def may(self, product: str) -> bool:
        return product in self.machtigingen

    @property
    def is_hub(self) -> bool:
        return self.organisatie.is_hub


def caller_for_user(gebruiker: Gebruiker) -> Caller | None:
    if not gebruiker.is_active or gebruiker.organisatie is None:
        return None
    codes = frozenset(gebruiker.machtigingen.values_list("code", flat=True))
    return Caller(organisatie=gebruiker.organisatie, machtigingen=codes, gebruiker=gebruiker)


def caller_for_api_key(sleutel: ApiSleutel) -> Caller:
    return Caller(organisatie=sleutel.organisatie, machtigingen=api_key_machtigingen(sleutel), api_sleutel=sleutel)


def caller_from_request(request: HttpRequest) -> Caller | None:
    """The caller of a portal or API request, cached on the request; None when anonymous."""
    cached: Caller | None = getattr(request, "_vangnet_caller", None)
    if cached is not None:
        return cached
    caller: Caller | None = None
    auth = getattr(request, "auth", None)
    if isinstance(auth, ApiSleutel):
        caller = caller_for_api_key(auth)
    elif isinstance(request.user, Gebruiker) and request.user.is_authenticated:
        caller = caller_for_user(request.user)
    request._vangnet_caller = caller  # type: ignore[attr-defined]
    return caller


def scope(queryset: QuerySet[M], caller: Caller | None, *, hub_sees_all: bool = False) -> QuerySet[M]:
    """Only the rows of the caller's organisation; all rows for the hub where a view allows it.

    hub_sees_all is for metadata and monitors (organisations, deliveries), never case files.
    """
    field = getattr(queryset.model, "organisatie_field", None)
    if field is None:
        raise TypeError(f"{queryset.model.__name__} has no organisatie_field and cannot be scoped")
    if caller is None:
        return queryset.none()
    if hub_sees_all and caller.is_hub:
        return queryset
    zichtbaar = Q(**{field: caller.organisatie.pk})
    gedeeld_met = getattr(queryset.model, "gedeeld_met_field", None)
    if gedeeld_met is not None:
        zichtbaar |= Q(**{gedeeld_met: caller.organisatie.pk})
    return queryset.filter(zichtbaar)
