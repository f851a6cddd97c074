"""The Ziektewet claim: registered from the employer's report, assessed, and ended. Every change is here.

Portal, API and the daily run call these functions; each runs in one transaction and keeps the
stored deadlines (vangnet.domain.ziektewet) and the next one up to date. Nothing here talks to
the hub: vangnet.uwv.verwerking does that, after these have committed.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.ziektewet import (
    ZiektewetError,
    controleer_einde_uitkering,
    controleer_ziekmelding,
    einde_wachttijd,
    is_te_laat,
    termijnen,
    volgende_termijn,
)
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie
from vangnet.uwv.brieven import maak_brief
from vangnet.uwv.constants import (
    Beoordeling,
    BerichtStatus,
    Brieftype,
    Bron,
    ClaimStatus,
    Meldingsoort,
    RedenEinde,
)
from vangnet.uwv.models import Hubbericht, Ziektewetclaim


class ClaimGeweigerd(Exception):
    """A report or a change UWV does not accept; nothing was stored. ``veld`` names the input at fault."""

    def __init__(self, reden: str, *, code: str, veld: str = "nonFieldErrors", status_code: int = 422) -> None:
        super().__init__(reden)
        self.reden = reden
        self.code = code
        self.veld = veld
        self.status_code = status_code


@dataclass(frozen=True)
class Ziekmelding:
    """The employer's report "ziek uit dienst", already validated at the edge (BSN, loonheffingennummer)."""

    bsn: str
    werkgever_naam: str
    loonheffingennummer: str
    datum_einde_arbeidsverhouding: date
    datum_eerste_ao_dag: date
    datum_melding: date


@dataclass(frozen=True)
class Registratie:
    claim: Ziektewetclaim
    herhaald: bool  # the same report was registered before: this is that claim, unchanged


def registreer_ziekmelding(
    uwv: Organisatie,
    melding: Ziekmelding,
    *,
    bron: Bron,
    door: Gebruiker | None = None,
    api_sleutel: ApiSleutel | None = None,
) -> Registratie:
    """A new claim with its deadlines and the letter on rights and duties; the same report again is a repeat."""
    if uwv.type != OrganisatieType.UWV:
        raise ClaimGeweigerd(_("Alleen UWV registreert een Ziektewet-claim."), code="geen_uwv", status_code=403)
    try:
        controleer_ziekmelding(
            melding.datum_eerste_ao_dag, melding.datum_einde_arbeidsverhouding, melding.datum_melding
        )
    except ZiektewetError as fout:
        raise ClaimGeweigerd(str(fout), code="datums", veld="datum_eerste_ao_dag") from None
    eerder = _eerder(uwv, melding)
    if eerder is not None:
        return Registratie(eerder, herhaald=True)
    _geen_lopende_claim(uwv, melding.bsn)
    try:
        with transaction.atomic():
            claim = Ziektewetclaim(
                uwv=uwv,
                bsn=melding.bsn,
                werkgever_naam=melding.werkgever_naam.strip(),
                loonheffingennummer=melding.loonheffingennummer,
                datum_einde_arbeidsverhouding=melding.datum_einde_arbeidsverhouding,
                datum_eerste_ao_dag=melding.datum_eerste_ao_dag,
                datum_melding=melding.datum_melding,
                ontvangen_op=timezone.now(),
                bron=bron,
                ingevoerd_door=door,
                api_sleutel=api_sleutel,
            )
            _zet_termijnen(claim, heeft_wia_brief=False)
            claim.save()
            maak_brief(claim, Brieftype.RECHTEN_EN_PLICHTEN, timezone.localdate(), door)
    except IntegrityError:
        # A concurrent request registered first: the same report (answer with it) or another claim.
        eerder = _eerder(uwv, melding)
        if eerder is not None:
            return Registratie(eerder, herhaald=True)
        _geen_lopende_claim(uwv, melding.bsn)
        raise
    return Registratie(claim, herhaald=False)


def _eerder(uwv: Organisatie, melding: Ziekmelding) -> Ziektewetclaim | None:
    eerder = Ziektewetclaim.objects.filter(
        uwv=uwv, bsn=melding.bsn, datum_eerste_ao_dag=melding.datum_eerste_ao_dag
    ).first()
    if eerder is None:
        return None
    zelfde = (
        eerder.datum_einde_arbeidsverhouding == melding.datum_einde_arbeidsverhouding
        and eerder.loonheffingennummer == melding.loonheffingennummer
    )
    if not zelfde:
        raise ClaimGeweigerd(
            _(
                "Deze persoon is al ziek gemeld met dezelfde eerste AO-dag, maar met een andere werkgever of "
                "datum einde arbeidsverhouding. Controleer de bestaande claim."
            ),
            code="al_gemeld",
            veld="datum_eerste_ao_dag",
            status_code=409,
        )
    return eerder


def _geen_lopende_claim(uwv: Organisatie, bsn: str) -> None:
    lopend = Ziektewetclaim.objects.filter(uwv=uwv, bsn=bsn, status=ClaimStatus.LOPEND).first()
    if lopend is not None:
        raise ClaimGeweigerd(
            _(
                "Voor deze persoon loopt al een Ziektewet-claim (eerste AO-dag %(datum)s). Beëindig die eerst; "
                "een ziekteperiode die binnen 4 weken na herstel terugkomt, hoort bij dezelfde claim."
            )
            % {"datum": f"{lopend.datum_eerste_ao_dag:%d-%m-%Y}"},
            code="al_lopend",
            veld="bsn",
            status_code=409,
        )


# --- deadlines ------------------------------------------------------------------------------------


def afgeronde_termijnen(claim: Ziektewetclaim, heeft_wia_brief: bool) -> set[str]:
    """The deadlines met. After the benefit ended only an undecided assessment remains."""
    klaar: set[str] = set()
    if claim.beoordeling != Beoordeling.IN_BEHANDELING:
        klaar.add("beoordeling")
    if claim.ezwb_gedaan_op is not None:
        klaar.add("ezwb")
    if heeft_wia_brief:
        klaar.add("wia_brief")
    if claim.status == ClaimStatus.BEEINDIGD:
        klaar |= {"ezwb", "wia_brief", "einde_wachttijd"}
    return klaar


def _zet_termijnen(claim: Ziektewetclaim, heeft_wia_brief: bool) -> None:
    rijen = termijnen(claim.datum_eerste_ao_dag, claim.datum_melding, verlengd=claim.verlengd_op is not None)
    per_soort = {rij.soort: rij.uiterlijk for rij in rijen}
    claim.beoordeling_uiterlijk = per_soort["beoordeling"]
    claim.ezwb_uiterlijk = per_soort["ezwb"]
    claim.wia_brief_uiterlijk = per_soort["wia_brief"]
    claim.einde_wachttijd = per_soort["einde_wachttijd"]
    volgende = volgende_termijn(rijen, afgeronde_termijnen(claim, heeft_wia_brief))
    claim.volgende_termijn = volgende.soort if volgende else ""
    claim.volgende_uiterlijk = volgende.uiterlijk if volgende else None


def herbereken_termijnen(claim: Ziektewetclaim) -> None:
    """Store the deadlines and the next one again, after a change of the claim or its letters."""
    _zet_termijnen(claim, heeft_wia_brief=claim.brieven.filter(type=Brieftype.WIA).exists())
    claim.save(
        update_fields=[
            "beoordeling_uiterlijk",
            "ezwb_uiterlijk",
            "wia_brief_uiterlijk",
            "einde_wachttijd",
            "volgende_termijn",
            "volgende_uiterlijk",
        ]
    )


# --- changes by UWV staff ---------------------------------------------------------------------------


def _vergrendeld(claim: Ziektewetclaim) -> Ziektewetclaim:
    return Ziektewetclaim.objects.select_for_update().get(pk=claim.pk)


def verleng_beoordeling(
    claim: Ziektewetclaim, reden: str, vandaag: date, door: Gebruiker | None = None
) -> Ziektewetclaim:
    """Extend the assessment once by four weeks, before its deadline, with the reason recorded."""
    if not reden.strip():
        raise ClaimGeweigerd(
            _("Geef de reden van de verlenging."), code="reden_ontbreekt", veld="reden", status_code=400
        )
    with transaction.atomic():
        claim = _vergrendeld(claim)
        if claim.beoordeling != Beoordeling.IN_BEHANDELING:
            raise ClaimGeweigerd(_("Over deze aanvraag is al beslist."), code="al_beslist", status_code=409)
        if claim.verlengd_op is not None:
            raise ClaimGeweigerd(
                _("De beslistermijn is al eens verlengd; dat kan maar één keer."), code="al_verlengd", status_code=409
            )
        if vandaag > claim.beoordeling_uiterlijk:
            raise ClaimGeweigerd(
                _("De beslistermijn is op %(datum)s verstreken: verlengen kan alleen daarvoor.")
                % {"datum": f"{claim.beoordeling_uiterlijk:%d-%m-%Y}"},
                code="termijn_verstreken",
            )
        claim.verlengd_op = vandaag
        claim.reden_verlenging = reden.strip()
        claim.save(update_fields=["verlengd_op", "reden_verlenging"])
        herbereken_termijnen(claim)
    return claim


def beslis(claim: Ziektewetclaim, toekennen: bool, vandaag: date, door: Gebruiker | None = None) -> Ziektewetclaim:
    """Grant or refuse the claim. A refusal ends it: no benefit, and the gemeente hears of it if it was told."""
    with transaction.atomic():
        claim = _vergrendeld(claim)
        if claim.beoordeling != Beoordeling.IN_BEHANDELING:
            raise ClaimGeweigerd(_("Over deze aanvraag is al beslist."), code="al_beslist", status_code=409)
        claim.beoordeling = Beoordeling.TOEGEKEND if toekennen else Beoordeling.AFGEWEZEN
        claim.beoordeeld_op = vandaag
        claim.save(update_fields=["beoordeling", "beoordeeld_op"])
        if not toekennen and claim.status == ClaimStatus.LOPEND:
            einde = min(max(vandaag, claim.datum_eerste_ao_dag), einde_wachttijd(claim.datum_eerste_ao_dag))
            _beeindig(claim, einde, RedenEinde.ANDERS)
        herbereken_termijnen(claim)
    return claim


def registreer_ezwb(claim: Ziektewetclaim, datum: date, vandaag: date, door: Gebruiker | None = None) -> Ziektewetclaim:
    """The eerstejaars ZW-beoordeling was done on ``datum``."""
    if datum > vandaag:
        raise ClaimGeweigerd(_("De datum van de EZWb ligt in de toekomst."), code="toekomst", veld="datum")
    with transaction.atomic():
        claim = _vergrendeld(claim)
        if datum < claim.datum_eerste_ao_dag:
            raise ClaimGeweigerd(_("De datum van de EZWb ligt vóór de eerste AO-dag."), code="datums", veld="datum")
        claim.ezwb_gedaan_op = datum
        claim.save(update_fields=["ezwb_gedaan_op"])
        herbereken_termijnen(claim)
    return claim


def beeindig_uitkering(
    claim: Ziektewetclaim, datum: date, reden: RedenEinde | str, door: Gebruiker | None = None
) -> Ziektewetclaim:
    """Betermelding, werkhervatting, maximumduur, overlijden or another end: the claim ends, the hub is told."""
    if reden not in RedenEinde.values:
        raise ClaimGeweigerd(_("Onbekende reden einde uitkering."), code="reden", veld="reden", status_code=400)
    with transaction.atomic():
        claim = _vergrendeld(claim)
        if claim.status != ClaimStatus.LOPEND:
            raise ClaimGeweigerd(
                _("De uitkering is al beëindigd per %(datum)s.")
                % {"datum": f"{claim.datum_einde_uitkering:%d-%m-%Y}" if claim.datum_einde_uitkering else "—"},
                code="al_beeindigd",
                status_code=409,
            )
        try:
            controleer_einde_uitkering(claim.datum_eerste_ao_dag, datum)
        except ZiektewetError as fout:
            raise ClaimGeweigerd(str(fout), code="datums", veld="datum") from None
        _beeindig(claim, datum, RedenEinde(reden))
        herbereken_termijnen(claim)
    return claim


def _beeindig(claim: Ziektewetclaim, datum: date, reden: RedenEinde) -> None:
    claim.status = ClaimStatus.BEEINDIGD
    claim.datum_einde_uitkering = datum
    claim.reden_einde = reden
    claim.save(update_fields=["status", "datum_einde_uitkering", "reden_einde"])
    zorg_voor_berichten(claim)


# --- meldingen to the hub ---------------------------------------------------------------------------


def zorg_voor_berichten(claim: Ziektewetclaim) -> list[Hubbericht]:
    """Put in the outbox what the hub must hear and has not been queued yet; returns the new ones.

    ``ziek_uit_dienst`` when the LKS-toets said ja; ``einde_uitkering`` when the benefit ended and
    the ziek-uit-dienst melding was (or will be) accepted.
    """
    nieuw: list[Hubbericht] = []
    bestaand = {bericht.soort: bericht for bericht in claim.hubberichten.all()}
    zud = bestaand.get(Meldingsoort.ZIEK_UIT_DIENST)
    if zud is None and claim.lks_betaald == "ja" and claim.beoordeling != Beoordeling.AFGEWEZEN:
        zud = _bericht(claim, Meldingsoort.ZIEK_UIT_DIENST, claim.kenmerk, {
            "bsn": claim.bsn,
            "datum_einde_arbeidsverhouding": claim.datum_einde_arbeidsverhouding.isoformat(),
            "datum_eerste_ao_dag": claim.datum_eerste_ao_dag.isoformat(),
        })  # fmt: skip
        nieuw.append(zud)
    zud_loopt = zud is not None and zud.status in (BerichtStatus.WACHTEND, BerichtStatus.VERZONDEN)
    if claim.status == ClaimStatus.BEEINDIGD and zud_loopt and Meldingsoort.EINDE_UITKERING not in bestaand:
        assert claim.datum_einde_uitkering is not None
        nieuw.append(
            _bericht(
                claim,
                Meldingsoort.EINDE_UITKERING,
                f"{claim.kenmerk}-einde",
                {
                    "bsn": claim.bsn,
                    "datum_einde_uitkeringsverhouding": claim.datum_einde_uitkering.isoformat(),
                    "reden": claim.reden_einde,
                },
            )  # fmt: skip
        )
    return nieuw


def _bericht(claim: Ziektewetclaim, soort: Meldingsoort, kenmerk: str, velden: dict[str, str]) -> Hubbericht:
    return Hubbericht.objects.create(
        claim=claim,
        soort=soort,
        kenmerk=kenmerk,
        inhoud={"type": soort.value, "kenmerk": kenmerk, **velden},
        aangemaakt_op=timezone.now(),
    )


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Termijnregel:
    soort: str
    omschrijving: str
    week: int | None
    uiterlijk: date
    grondslag: str
    afgerond: bool
    te_laat: bool


def termijnoverzicht(claim: Ziektewetclaim, vandaag: date) -> list[Termijnregel]:
    """Every deadline of the claim, by date, with whether it was met and whether it is late today."""
    heeft_wia_brief = any(brief.type == Brieftype.WIA for brief in claim.brieven.all())
    klaar = afgeronde_termijnen(claim, heeft_wia_brief)
    rijen = termijnen(claim.datum_eerste_ao_dag, claim.datum_melding, verlengd=claim.verlengd_op is not None)
    return [
        Termijnregel(
            soort=rij.soort,
            omschrijving=rij.omschrijving,
            week=rij.week,
            uiterlijk=rij.uiterlijk,
            grondslag=rij.grondslag,
            afgerond=rij.soort in klaar,
            te_laat=rij.soort not in klaar and is_te_laat(rij.uiterlijk, vandaag),
        )
        for rij in rijen
    ]
