"""Letters to the (ex-)employee: made once per type from a Dutch template, stored as HTML, printed to PDF.

The HTML is stored as it was made, so a letter reads the same later even when the claim changes;
the PDF is rendered from it with WeasyPrint, which may fetch nothing (no files, no network).
"""

import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.ziektewet import WIA_AANVRAAG_WEEK, WIA_BRIEF_WEEK, einde_wachttijd, wia_aanvraag_uiterlijk
from vangnet.organisations.models import Gebruiker
from vangnet.uwv.constants import Brieftype, Meldingsoort
from vangnet.uwv.models import Brief, Ziektewetclaim

TEMPLATES = {
    Brieftype.RECHTEN_EN_PLICHTEN: "uwv/brieven/rechten_en_plichten.html",
    Brieftype.REINTEGRATIE_GEMEENTE: "uwv/brieven/reintegratie_gemeente.html",
    Brieftype.EZWB: "uwv/brieven/ezwb.html",
    Brieftype.WIA: "uwv/brieven/wia.html",
}


class BriefNietMogelijk(Exception):
    """The letter does not apply to this claim (yet); the message says why."""


def gemeente_van(claim: Ziektewetclaim) -> str:
    """The gemeente that does the re-integration: the one the hub routed the melding to, else the toets's."""
    zud = claim.hubberichten.filter(soort=Meldingsoort.ZIEK_UIT_DIENST, status="verzonden").first()
    if zud is not None and zud.gemeentenaam:
        return zud.gemeentenaam
    return claim.lks_gemeentenaam if claim.lks_betaald == "ja" else ""


def maak_brief(claim: Ziektewetclaim, type: Brieftype, datum: date, door: Gebruiker | None = None) -> Brief:
    """The letter of this type for the claim, made now or (when it exists) the one made before."""
    bestaand = claim.brieven.filter(type=type).first()
    if bestaand is not None:
        return bestaand
    html = render_to_string(TEMPLATES[type], _context(claim, type, datum))
    try:
        with transaction.atomic():
            return Brief.objects.create(
                claim=claim, type=type, datum=datum, html=html, aangemaakt_op=timezone.now(), door=door
            )
    except IntegrityError:
        return claim.brieven.get(type=type)


def _context(claim: Ziektewetclaim, type: Brieftype, datum: date) -> dict[str, Any]:
    gemeente = gemeente_van(claim)
    if type == Brieftype.REINTEGRATIE_GEMEENTE and not gemeente:
        raise BriefNietMogelijk(_("Er is (nog) geen gemeente die de re-integratie doet: de LKS-toets zei geen ja."))
    return {
        "claim": claim,
        "datum": datum,
        "titel": Brieftype(type).label,
        "gemeente": gemeente,
        "einde_wachttijd": einde_wachttijd(claim.datum_eerste_ao_dag),
        "wia_aanvraag_uiterlijk": wia_aanvraag_uiterlijk(claim.datum_eerste_ao_dag),
        "wia_aanvraag_week": WIA_AANVRAAG_WEEK,
        "wia_brief_week": WIA_BRIEF_WEEK,
    }


def _geen_bronnen(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(_("Een brief laadt geen externe bronnen."))


def brief_pdf(brief: Brief) -> bytes:
    """The letter as PDF, rendered from its stored HTML."""
    # WeasyPrint reports every rendering step at INFO (even on import): not for the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint  # loaded only when a PDF is asked for: a slow and noisy import

    pdf: bytes = weasyprint.HTML(string=brief.html, url_fetcher=_geen_bronnen).write_pdf()
    return pdf
