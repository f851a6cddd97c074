"""Listing, downloading and deleting published signaalrapporten: shared by the portal and the API.

A gemeente with the machtiging ``lks_reintegratie_ophalen`` sees and downloads its own reports
that it has not deleted. Deleting only hides a report for the gemeente: the row and its CSV stay
for audit, and a hub operator with ``beheer`` still lists it (metadata only, never the content,
which holds BSNs). Every download is recorded with who, when and through which channel.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from vangnet.hub.constants import Kanaal
from vangnet.hub.models import RapportDownload, Signaalrapport
from vangnet.organisations.constants import OrganisatieType, Product
from vangnet.organisations.models import Gebruiker
from vangnet.organisations.scoping import Caller, scope

DOOR = "Inlichtingenbureau"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def is_ontvanger(caller: Caller) -> bool:
    """A gemeente that may fetch its own reports."""
    return caller.organisatie.type == OrganisatieType.GEMEENTE and caller.may(Product.LKS_REINTEGRATIE_OPHALEN)


def is_auditor(caller: Caller) -> bool:
    """A hub operator with beheer: sees every report's metadata, deleted ones included."""
    return caller.is_hub and caller.may(Product.BEHEER)


def controleer_toegang(caller: Caller) -> None:
    if not (is_ontvanger(caller) or is_auditor(caller)):
        raise PermissionDenied(_("U heeft geen machtiging voor LKS re-integratie ophalen."))


def rapporten_voor(
    caller: Caller, van: date | None = None, tot: date | None = None, *, nieuw: bool = False
) -> QuerySet[Signaalrapport]:
    """The reports the caller may list, newest first, published from ``van`` up to and including ``tot``.

    ``nieuw`` keeps only the reports nobody has downloaded yet; only the gemeente itself can
    download, so for a gemeente these are the reports it has not fetched.
    """
    controleer_toegang(caller)
    rapporten = Signaalrapport.objects.select_related("gemeente").defer("inhoud")
    if is_auditor(caller):
        rapporten = scope(rapporten, caller, hub_sees_all=True)
    else:
        rapporten = scope(rapporten, caller).filter(verwijderd_op__isnull=True)
    if van is not None:
        rapporten = rapporten.filter(publicatiedatum__gte=van)
    if tot is not None:
        rapporten = rapporten.filter(publicatiedatum__lte=tot)
    if nieuw:
        rapporten = rapporten.filter(~Exists(RapportDownload.objects.filter(rapport=OuterRef("pk"))))
    return rapporten.order_by("-publicatiedatum", "-gepubliceerd_op", "-id")


def downloadbare_rapporten(caller: Caller) -> QuerySet[Signaalrapport]:
    """The reports whose content the caller may download: only a gemeente's own, not deleted."""
    controleer_toegang(caller)
    if not is_ontvanger(caller):
        raise PermissionDenied(_("Alleen de gemeente zelf kan een signaalrapport downloaden."))
    return scope(Signaalrapport.objects.select_related("gemeente"), caller).filter(verwijderd_op__isnull=True)


def download(rapport: Signaalrapport, caller: Caller, kanaal: str) -> bytes:
    """The CSV exactly as published; the download is recorded (who, when, which channel)."""
    if kanaal not in (Kanaal.PORTAAL, Kanaal.API):
        raise ValueError(f"unknown kanaal {kanaal!r}")
    if not downloadbare_rapporten(caller).filter(pk=rapport.pk).exists():
        raise Http404(_("Dit signaalrapport bestaat niet of is niet voor u."))
    RapportDownload.objects.create(
        rapport=rapport,
        tijdstip=timezone.now(),
        kanaal=kanaal,
        gebruiker=caller.gebruiker,
        api_sleutel=caller.api_sleutel,
    )
    return bytes(rapport.inhoud)


def verwijder(rapporten: QuerySet[Signaalrapport] | Iterable[Signaalrapport], gebruiker: Gebruiker) -> int:
    """Hide reports of the user's own gemeente; the rows and content stay. Returns how many were hidden now.

    Reports of another organisation are left alone; deleting a deleted report again changes nothing.
    """
    if gebruiker.organisatie_id is None:
        return 0
    ids: QuerySet[Signaalrapport, int] | list[int]
    if isinstance(rapporten, QuerySet):
        ids = rapporten.values_list("pk", flat=True)
    else:
        ids = [rapport.pk for rapport in rapporten]
    return Signaalrapport.objects.filter(
        pk__in=ids, gemeente_id=gebruiker.organisatie_id, verwijderd_op__isnull=True
    ).update(verwijderd_op=timezone.now(), verwijderd_door=gebruiker)


def csv_bestand(rapport: Signaalrapport, inhoud: bytes) -> HttpResponse:
    """The stored bytes as an attachment under the report's own file name, never cached."""
    response = HttpResponse(inhoud, content_type=CSV_CONTENT_TYPE)
    disposition = content_disposition_header(as_attachment=True, filename=rapport.bestandsnaam)
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "no-store"
    return response
