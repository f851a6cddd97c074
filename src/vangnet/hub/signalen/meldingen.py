"""Meldingen from UWV: validated against what the hub knows, stored with their signal in one transaction.

``ziek_uit_dienst`` opens: the LKS-toets on the datum einde arbeidsverhouding fixes the
responsible gemeente, and the person gets one open melding. ``einde_uitkering`` closes that
open melding and goes to the same gemeente. The ``kenmerk`` is UWV's idempotency key: the
same melding again is answered with the first result; the same kenmerk with other content
is refused.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.hub.constants import LksBetaald, MeldingType, RedenEindeUitkering
from vangnet.hub.models import Melding, Signaal
from vangnet.hub.signalen.toets import Toetsvraag, toets
from vangnet.organisations.models import Organisatie
from vangnet.organisations.scoping import Caller


class MeldingGeweigerd(Exception):
    """A melding the hub does not accept; nothing was stored."""

    def __init__(self, status_code: int, code: str, veld: str, reden: str, **extra: object) -> None:
        super().__init__(reden)
        self.status_code = status_code
        self.code = code
        self.veld = veld
        self.reden = reden
        self.extra = extra


@dataclass(frozen=True)
class ZiekUitDienst:
    kenmerk: str
    bsn: str
    datum_einde_arbeidsverhouding: date
    datum_eerste_ao_dag: date


@dataclass(frozen=True)
class EindeUitkering:
    kenmerk: str
    bsn: str
    datum_einde_uitkeringsverhouding: date
    reden: RedenEindeUitkering


@dataclass(frozen=True)
class Ontvangen:
    melding: Melding
    herhaald: bool


def ontvang(caller: Caller, gegevens: ZiekUitDienst | EindeUitkering) -> Ontvangen:
    """Store the melding and its signal, or answer with the earlier melding of the same kenmerk."""
    vingerafdruk = _vingerafdruk(gegevens)
    eerder = _eerder(caller.organisatie, gegevens.kenmerk, vingerafdruk)
    if eerder is not None:
        return Ontvangen(eerder, herhaald=True)
    try:
        with transaction.atomic():
            if isinstance(gegevens, ZiekUitDienst):
                melding = _ziek_uit_dienst(caller, gegevens, vingerafdruk)
            else:
                melding = _einde_uitkering(caller, gegevens, vingerafdruk)
            _maak_signaal(melding)
    except IntegrityError:
        # A concurrent request won: the same kenmerk (answer with it), or another open melding.
        eerder = _eerder(caller.organisatie, gegevens.kenmerk, vingerafdruk)
        if eerder is not None:
            return Ontvangen(eerder, herhaald=True)
        raise _al_open(gegevens.bsn) from None
    return Ontvangen(melding, herhaald=False)


def _ziek_uit_dienst(caller: Caller, gegevens: ZiekUitDienst, vingerafdruk: str) -> Melding:
    # An eerste AO-dag after the einde arbeidsverhouding is accepted: the vangnet also covers who
    # falls ill shortly after leaving (ZW art. 29 lid 2) and a relapse after a betermelding.
    if _open_melding(gegevens.bsn) is not None:
        raise _al_open(gegevens.bsn)
    (uitkomst,) = toets([Toetsvraag(gegevens.bsn, gegevens.datum_einde_arbeidsverhouding)])
    if uitkomst.lks_betaald == LksBetaald.NEE:
        raise MeldingGeweigerd(
            422,
            "geen_lks",
            "bsn",
            _(
                "Geen gemeente betaalde loonkostensubsidie in de twee jaar voor de datum einde arbeidsverhouding "
                "(%(begin)s tot en met %(einde)s): dit is geen vangnetter van een gemeente."
            )
            % {"begin": f"{uitkomst.venster.begin:%d-%m-%Y}", "einde": f"{uitkomst.venster.einde:%d-%m-%Y}"},
        )
    if uitkomst.lks_betaald == LksBetaald.ONBEKEND:
        assert uitkomst.opnieuw_na is not None
        raise MeldingGeweigerd(
            503,
            "lks_toets_onbekend",
            "bsn",
            _("De LKS-toets kon niet worden afgerond: %(reden)s Probeer het later opnieuw.")
            % {"reden": uitkomst.reden},
            opnieuw_na=uitkomst.opnieuw_na,
        )
    return Melding.objects.create(
        afzender=caller.organisatie,
        kenmerk=gegevens.kenmerk,
        type=MeldingType.ZIEK_UIT_DIENST,
        bsn=gegevens.bsn,
        gemeente=Organisatie.objects.get(gemeentecode=uitkomst.gemeentecode),
        datum_einde_arbeidsverhouding=gegevens.datum_einde_arbeidsverhouding,
        datum_eerste_ao_dag=gegevens.datum_eerste_ao_dag,
        is_open=True,
        inhoud_sha256=vingerafdruk,
        ontvangen_op=timezone.now(),
        api_sleutel=caller.api_sleutel,
        gebruiker=caller.gebruiker,
    )


def _einde_uitkering(caller: Caller, gegevens: EindeUitkering, vingerafdruk: str) -> Melding:
    geopend = _open_melding(gegevens.bsn, for_update=True)
    if geopend is None:
        raise MeldingGeweigerd(
            409,
            "geen_open_melding",
            "bsn",
            _("Voor deze persoon loopt geen ziek-uit-dienstmelding: er is geen uitkering om te beëindigen."),
        )
    assert geopend.datum_eerste_ao_dag is not None
    if gegevens.datum_einde_uitkeringsverhouding < geopend.datum_eerste_ao_dag:
        raise MeldingGeweigerd(
            422,
            "einde_voor_eerste_ao_dag",
            "datum_einde_uitkeringsverhouding",
            _("De datum einde uitkeringsverhouding ligt voor de eerste AO-dag (%(datum)s) van de melding %(kenmerk)s.")
            % {"datum": f"{geopend.datum_eerste_ao_dag:%d-%m-%Y}", "kenmerk": geopend.kenmerk},
        )
    geopend.is_open = False
    geopend.save(update_fields=["is_open"])
    return Melding.objects.create(
        afzender=caller.organisatie,
        kenmerk=gegevens.kenmerk,
        type=MeldingType.EINDE_UITKERING,
        bsn=gegevens.bsn,
        gemeente_id=geopend.gemeente_id,
        datum_einde_arbeidsverhouding=geopend.datum_einde_arbeidsverhouding,
        datum_eerste_ao_dag=geopend.datum_eerste_ao_dag,
        datum_einde_uitkeringsverhouding=gegevens.datum_einde_uitkeringsverhouding,
        reden=gegevens.reden,
        ziek_uit_dienst=geopend,
        inhoud_sha256=vingerafdruk,
        ontvangen_op=timezone.now(),
        api_sleutel=caller.api_sleutel,
        gebruiker=caller.gebruiker,
    )


def _maak_signaal(melding: Melding) -> Signaal:
    return Signaal.objects.create(
        melding=melding,
        gemeente_id=melding.gemeente_id,
        bsn=melding.bsn,
        datum_einde_uitkeringsverhouding=melding.datum_einde_uitkeringsverhouding,
        datum_einde_arbeidsverhouding=melding.datum_einde_arbeidsverhouding,
        datum_eerste_ao_dag=melding.datum_eerste_ao_dag,
        aangemaakt_op=melding.ontvangen_op,
    )


def _open_melding(bsn: str, for_update: bool = False) -> Melding | None:
    meldingen = Melding.objects.filter(bsn=bsn, is_open=True)
    if for_update:
        meldingen = meldingen.select_for_update()
    return meldingen.first()


def _al_open(bsn: str) -> MeldingGeweigerd:
    open_melding = _open_melding(bsn)
    reden = _("Voor deze persoon loopt al een ziek-uit-dienstmelding (kenmerk %(kenmerk)s).") % {
        "kenmerk": open_melding.kenmerk if open_melding else ""
    }
    return MeldingGeweigerd(409, "al_open", "bsn", reden + " " + _("Meld eerst het einde van die uitkering."))


def _eerder(afzender: Organisatie, kenmerk: str, vingerafdruk: str) -> Melding | None:
    eerder = Melding.objects.filter(afzender=afzender, kenmerk=kenmerk).select_related("gemeente").first()
    if eerder is not None and eerder.inhoud_sha256 != vingerafdruk:
        raise MeldingGeweigerd(
            409,
            "kenmerk_hergebruikt",
            "kenmerk",
            _("Dit kenmerk is al gebruikt voor een andere melding; een kenmerk hoort bij precies één melding."),
        )
    return eerder


def _vingerafdruk(gegevens: ZiekUitDienst | EindeUitkering) -> str:
    inhoud = {"type": type(gegevens).__name__, **{k: str(v) for k, v in vars(gegevens).items()}}
    return hashlib.sha256(json.dumps(inhoud, sort_keys=True).encode()).hexdigest()
