"""Importing the LKS register from CSV: every line taken whole or not at all, re-importing changes nothing new.

The file is read by vangnet.domain.lksimport (tolerant of separators, BOM and date styles). Each
valid line is stored in its own savepoint through the register services: the employer (found by
loonheffingennummer), the person (found by BSN) and the LKS period (found by person and begin
date). A line the register refuses (an overlap with another period, for example) is rolled back
completely and reported with its line, column and reason. The same BSN and begin date again
updates that period instead of adding one, so importing the same file twice changes nothing.
"""

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.lksimport import (
    BEGINDATUM,
    BESCHIKKINGSNUMMER,
    CONTACTPERSOON,
    EINDDATUM,
    EMAIL,
    GEBOORTEDATUM,
    HUISNUMMER,
    LOONHEFFINGENNUMMER,
    POSTCODE,
    STRAAT,
    TELEFOON,
    VOORLETTERS,
    VOORNAMEN,
    VOORVOEGSEL,
    WOONPLAATS,
    LksBestandFout,
    Registerregel,
    lees_lks_register,
)
from vangnet.domain.signaalimport import Regelfout
from vangnet.gemeente.register.models import LksImport, LksPeriode, LksPersoon, Werkgever
from vangnet.gemeente.register.services import (
    PeriodeGegevens,
    PersoonGegevens,
    RegisterFout,
    WerkgeverGegevens,
    bewaar_periode,
    bewaar_persoon,
    bewaar_werkgever,
)
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import Gebruiker, Organisatie

MAX_BESTANDSGROOTTE = 20 * 1024 * 1024

# Which model fields each optional column fills; a field whose column the file lacks is left as it is.
PERSOON_KOLOMMEN = {
    VOORNAMEN: ("voornamen",),
    VOORLETTERS: ("voorletters",),
    VOORVOEGSEL: ("voorvoegsel",),
    GEBOORTEDATUM: ("geboortedatum",),
    STRAAT: ("straat",),
    HUISNUMMER: ("huisnummer", "huisnummertoevoeging"),
    POSTCODE: ("postcode",),
    WOONPLAATS: ("woonplaats",),
}
WERKGEVER_KOLOMMEN = {CONTACTPERSOON: ("contactpersoon",), TELEFOON: ("telefoon",), EMAIL: ("email",)}
VELD_KOLOM = {
    "bsn": "BSN",
    "geboortedatum": GEBOORTEDATUM,
    "loonheffingennummer": LOONHEFFINGENNUMMER,
    "werkgever": LOONHEFFINGENNUMMER,
    "begin": BEGINDATUM,
    "einde": EINDDATUM,
}

Uitkomst = Literal["nieuw", "bijgewerkt", "ongewijzigd"]


class LksImportGeweigerd(Exception):
    """The file as a whole was refused; nothing was stored."""

    def __init__(self, melding: str, status_code: int = 400) -> None:
        super().__init__(melding)
        self.melding = melding
        self.status_code = status_code


class _Regelfout(Exception):
    def __init__(self, kolom: str | None, reden: str) -> None:
        super().__init__(reden)
        self.kolom = kolom
        self.reden = reden


def importeer_lks_register(
    gemeente: Organisatie,
    inhoud: bytes,
    bestandsnaam: str,
    door: Gebruiker | None = None,
    *,
    vandaag: date | None = None,
) -> LksImport:
    """Read a register CSV into the gemeente's register; raises LksImportGeweigerd for a file-level fault."""
    if gemeente.type != OrganisatieType.GEMEENTE:
        raise LksImportGeweigerd(_("Alleen een gemeente houdt een LKS-register bij."), status_code=403)
    if len(inhoud) > MAX_BESTANDSGROOTTE:
        raise LksImportGeweigerd(
            _("Het bestand is groter dan %(mb)s MB.") % {"mb": MAX_BESTANDSGROOTTE // (1024 * 1024)}, status_code=413
        )
    dag = vandaag or timezone.localdate()
    try:
        bestand = lees_lks_register(inhoud, dag)
    except LksBestandFout as fout:
        raise LksImportGeweigerd(str(fout)) from None
    persoon_velden = _velden(bestand.kolommen, PERSOON_KOLOMMEN) | {"achternaam"}
    werkgever_velden = _velden(bestand.kolommen, WERKGEVER_KOLOMMEN) | {"naam"}
    tellingen: dict[Uitkomst, int] = {"nieuw": 0, "bijgewerkt": 0, "ongewijzigd": 0}
    fouten = list(bestand.fouten)
    with transaction.atomic():
        for regel in bestand.regels:
            try:
                with transaction.atomic():
                    tellingen[_verwerk(gemeente, regel, persoon_velden, werkgever_velden, bestand.kolommen)] += 1
            except _Regelfout as fout:
                fouten.append(Regelfout(regel.regel, fout.kolom, fout.reden))
        fouten.sort(key=lambda f: f.regel)
        return LksImport.objects.create(
            gemeente=gemeente,
            bestandsnaam=bestandsnaam[:255],
            sha256=hashlib.sha256(inhoud).hexdigest(),
            codering=bestand.codering,
            scheidingsteken=bestand.scheidingsteken,
            ontvangen_op=timezone.now(),
            door=door,
            aantal_regels=bestand.aantal_regels,
            aantal_nieuw=tellingen["nieuw"],
            aantal_bijgewerkt=tellingen["bijgewerkt"],
            aantal_ongewijzigd=tellingen["ongewijzigd"],
            aantal_fouten=len({f.regel for f in fouten}),
            fouten=[f.as_json() for f in fouten],
        )


def _velden(kolommen: Iterable[str], per_kolom: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(veld for kolom in kolommen for veld in per_kolom.get(kolom, ()))


def _verwerk(
    gemeente: Organisatie,
    regel: Registerregel,
    persoon_velden: frozenset[str],
    werkgever_velden: frozenset[str],
    kolommen: frozenset[str],
) -> Uitkomst:
    try:
        werkgever, werkgever_gewijzigd = bewaar_werkgever(
            gemeente,
            WerkgeverGegevens(
                regel.werkgever, regel.loonheffingennummer, regel.contactpersoon, regel.telefoon, regel.email
            ),
            Werkgever.objects.filter(gemeente=gemeente, loonheffingennummer=regel.loonheffingennummer).first(),
            velden=werkgever_velden,
        )
        bestaande_persoon = LksPersoon.objects.filter(gemeente=gemeente, bsn=regel.bsn).first()
        persoon, persoon_gewijzigd = bewaar_persoon(
            gemeente,
            PersoonGegevens(
                bsn=regel.bsn,
                achternaam=regel.achternaam,
                voornamen=regel.voornamen,
                voorletters=regel.voorletters,
                voorvoegsel=regel.voorvoegsel,
                geboortedatum=regel.geboortedatum,
                straat=regel.straat,
                huisnummer=regel.huisnummer,
                huisnummertoevoeging=regel.huisnummertoevoeging,
                postcode=regel.postcode,
                woonplaats=regel.woonplaats,
            ),
            bestaande_persoon,
            velden=persoon_velden,
        )
        bestaande_periode = LksPeriode.objects.filter(persoon=persoon, begin=regel.begin).first()
        nummer = (
            regel.beschikkingsnummer
            if BESCHIKKINGSNUMMER in kolommen or bestaande_periode is None
            else bestaande_periode.beschikkingsnummer
        )
        _, periode_gewijzigd = bewaar_periode(
            persoon,
            werkgever,
            PeriodeGegevens(regel.begin, regel.einde, regel.loonwaarde, nummer),
            bestaande_periode,
        )
    except RegisterFout as fout:
        raise _Regelfout(VELD_KOLOM.get(fout.veld or ""), fout.reden) from None
    if bestaande_periode is None:
        return "nieuw"
    if werkgever_gewijzigd or persoon_gewijzigd or periode_gewijzigd:
        return "bijgewerkt"
    return "ongewijzigd"
