"""UWV's work with the hub: the LKS-toets, sending the meldingen from the outbox, and the daily run.

Nothing is lost: a melding is stored (``Hubbericht``) before it is sent and stays ``wachtend`` until
the hub accepts or refuses it; a toets the hub could not finish (``onbekend``) or could not be
asked (unreachable) is asked again after its wait. Nothing is doubled: the kenmerk is the hub's
idempotency key, so sending the same melding twice is answered with the first result.

No database transaction is open while the hub is called: the hub may share the database (SQLite
in one process) and must not wait for UWV's locks.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.domain.ziektewet import ezwb_brief_vanaf, wia_brief_vanaf
from vangnet.organisations.models import Gebruiker
from vangnet.uwv.brieven import maak_brief
from vangnet.uwv.claims import beeindig_uitkering, herbereken_termijnen, zorg_voor_berichten
from vangnet.uwv.constants import (
    Beoordeling,
    BerichtStatus,
    Brieftype,
    ClaimStatus,
    LksUitkomst,
    Meldingsoort,
    RedenEinde,
)
from vangnet.uwv.hub_client import HubClient, HubOnbereikbaar, Meldingantwoord, Toetsantwoord, hub_client
from vangnet.uwv.models import Hubbericht, Ziektewetclaim

EERSTE_WACHTTIJD = timedelta(minutes=15)
LANGSTE_WACHTTIJD = timedelta(hours=24)
TOETSEN_PER_AANROEP = 1_000
TE_TOETSEN = (LksUitkomst.TE_TOETSEN, LksUitkomst.ONBEKEND)


@dataclass
class Verwerkingsresultaat:
    beeindigd: int = 0
    brieven: int = 0
    getoetst: int = 0
    lks_ja: int = 0
    lks_nee: int = 0
    lks_onbekend: int = 0
    toets_mislukt: int = 0
    verzonden: int = 0
    geweigerd: int = 0
    mislukt: int = 0
    nog_te_toetsen: int = 0
    nog_wachtend: int = 0


def wachttijd(pogingen: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 15 minutes, doubling, at most a day."""
    factor: int = 2 ** min(max(0, pogingen - 1), 10)
    return min(EERSTE_WACHTTIJD * factor, LANGSTE_WACHTTIJD)


@contextmanager
def _verbinding(client: HubClient | None) -> Iterator[HubClient]:
    if client is not None:
        yield client
        return
    with hub_client() as nieuw:
        yield nieuw


# --- one claim, right after a change -------------------------------------------------------------------


def verwerk_claim(claim: Ziektewetclaim, client: HubClient | None = None, *, direct: bool = False) -> Ziektewetclaim:
    """Toets the claim when due, queue its meldingen and send them. What fails waits for the daily run.

    ``direct`` ignores the waits (a user pressing "opnieuw proberen").
    """
    resultaat = Verwerkingsresultaat()
    nu = timezone.now()
    with _verbinding(client) as hub:
        te_toetsen = claim.lks_betaald in TE_TOETSEN and claim.beoordeling != Beoordeling.AFGEWEZEN
        aan_de_beurt = direct or claim.lks_opnieuw_na is None or claim.lks_opnieuw_na <= nu
        if te_toetsen and aan_de_beurt:
            _toets([claim], hub, nu, resultaat)
        with transaction.atomic():
            zorg_voor_berichten(Ziektewetclaim.objects.select_for_update().get(pk=claim.pk))
        _stuur(Hubbericht.objects.filter(claim=claim), hub, nu, resultaat, direct=direct)
    claim.refresh_from_db()
    return claim


# --- the daily run -------------------------------------------------------------------------------------


def verwerk(client: HubClient | None = None, *, direct: bool = False) -> Verwerkingsresultaat:
    """Everything due today: benefits past the waiting time ended, letters made, toetsen asked, meldingen sent.

    Safe to run again at any time and from several places: each step looks at what is still due.
    """
    resultaat = Verwerkingsresultaat()
    nu = timezone.now()
    vandaag = timezone.localdate(nu)
    resultaat.beeindigd = _beeindig_na_wachttijd(vandaag)
    resultaat.brieven = _maak_verschuldigde_brieven(vandaag)
    with _verbinding(client) as hub:
        te_toetsen = Ziektewetclaim.objects.filter(lks_betaald__in=TE_TOETSEN).exclude(
            beoordeling=Beoordeling.AFGEWEZEN
        )
        if not direct:
            te_toetsen = te_toetsen.filter(Q(lks_opnieuw_na__isnull=True) | Q(lks_opnieuw_na__lte=nu))
        claims = list(te_toetsen.order_by("ontvangen_op", "id"))
        for start in range(0, len(claims), TOETSEN_PER_AANROEP):
            if not _toets(claims[start : start + TOETSEN_PER_AANROEP], hub, nu, resultaat):
                break
        _queue_ontbrekende_berichten()
        _stuur(Hubbericht.objects.all(), hub, nu, resultaat, direct=direct)
    resultaat.nog_te_toetsen = (
        Ziektewetclaim.objects.filter(lks_betaald__in=TE_TOETSEN).exclude(beoordeling=Beoordeling.AFGEWEZEN).count()
    )
    resultaat.nog_wachtend = Hubbericht.objects.filter(status=BerichtStatus.WACHTEND).count()
    return resultaat


def _beeindig_na_wachttijd(vandaag: date) -> int:
    """A benefit still running after week 104 ends on its last day (maximumduur)."""
    aantal = 0
    for claim in Ziektewetclaim.objects.filter(status=ClaimStatus.LOPEND, einde_wachttijd__lt=vandaag):
        beeindig_uitkering(claim, claim.einde_wachttijd, RedenEinde.MAXIMUMDUUR)
        aantal += 1
    return aantal


def _maak_verschuldigde_brieven(vandaag: date) -> int:
    """The EZWb invitation from week 46 (unless the EZWb was done) and the WIA letter from week 87."""
    aantal = 0
    lopend = Ziektewetclaim.objects.filter(status=ClaimStatus.LOPEND)
    # A superset by the stored deadlines; the domain decides the exact day.
    ezwb = lopend.filter(ezwb_gedaan_op__isnull=True, ezwb_uiterlijk__lte=vandaag + timedelta(weeks=7)).exclude(
        brieven__type=Brieftype.EZWB
    )
    for claim in ezwb:
        if vandaag >= ezwb_brief_vanaf(claim.datum_eerste_ao_dag):
            maak_brief(claim, Brieftype.EZWB, vandaag)
            aantal += 1
    wia = lopend.filter(wia_brief_uiterlijk__lte=vandaag + timedelta(weeks=3)).exclude(brieven__type=Brieftype.WIA)
    for claim in wia:
        if vandaag >= wia_brief_vanaf(claim.datum_eerste_ao_dag):
            with transaction.atomic():
                maak_brief(claim, Brieftype.WIA, vandaag)
                herbereken_termijnen(claim)
            aantal += 1
    return aantal


def maak_brief_handmatig(claim: Ziektewetclaim, type: Brieftype, vandaag: date, door: Gebruiker | None) -> None:
    """A letter made by UWV staff from the claim page (for example the WIA letter before week 87)."""
    with transaction.atomic():
        maak_brief(claim, type, vandaag, door)
        herbereken_termijnen(claim)


def _queue_ontbrekende_berichten() -> None:
    """Meldingen that should exist but do not (a crash between two steps): made now."""
    zonder_zud = (
        Ziektewetclaim.objects.filter(lks_betaald=LksUitkomst.JA)
        .exclude(beoordeling=Beoordeling.AFGEWEZEN)
        .exclude(hubberichten__soort=Meldingsoort.ZIEK_UIT_DIENST)
    )
    zonder_eu = Ziektewetclaim.objects.filter(
        status=ClaimStatus.BEEINDIGD, hubberichten__soort=Meldingsoort.ZIEK_UIT_DIENST
    ).exclude(hubberichten__soort=Meldingsoort.EINDE_UITKERING)
    for claim in [*zonder_zud, *zonder_eu]:
        with transaction.atomic():
            zorg_voor_berichten(Ziektewetclaim.objects.select_for_update().get(pk=claim.pk))


# --- the LKS-toets -------------------------------------------------------------------------------------


def _toets(claims: Sequence[Ziektewetclaim], hub: HubClient, nu: datetime, resultaat: Verwerkingsresultaat) -> bool:
    """Ask the hub for these claims at once; False when the hub could not be reached."""
    try:
        antwoorden = hub.lks_toetsen([(claim.bsn, claim.datum_einde_arbeidsverhouding) for claim in claims])
    except HubOnbereikbaar as fout:
        for claim in claims:
            _toets_mislukt(claim, fout.reden, nu)
        resultaat.toets_mislukt += len(claims)
        return False
    for claim, antwoord in zip(claims, antwoorden, strict=True):
        _sla_toets_op(claim, antwoord, nu, resultaat)
    return True


def _toets_mislukt(claim: Ziektewetclaim, reden: str, nu: datetime) -> None:
    with transaction.atomic():
        claim = Ziektewetclaim.objects.select_for_update().get(pk=claim.pk)
        claim.lks_pogingen += 1
        claim.lks_reden = reden
        claim.lks_opnieuw_na = nu + wachttijd(claim.lks_pogingen)
        claim.save(update_fields=["lks_pogingen", "lks_reden", "lks_opnieuw_na"])


def _sla_toets_op(
    claim: Ziektewetclaim, antwoord: Toetsantwoord, nu: datetime, resultaat: Verwerkingsresultaat
) -> None:
    with transaction.atomic():
        claim = Ziektewetclaim.objects.select_for_update().get(pk=claim.pk)
        if claim.lks_betaald not in TE_TOETSEN:
            return  # another run stored an answer meanwhile
        claim.lks_pogingen += 1
        claim.lks_getoetst_op = nu
        claim.lks_betaald = antwoord.lks_betaald
        claim.lks_gemeentecode = antwoord.gemeentecode if antwoord.lks_betaald == LksUitkomst.JA else ""
        claim.lks_gemeentenaam = antwoord.gemeentenaam if antwoord.lks_betaald == LksUitkomst.JA else ""
        claim.lks_reden = antwoord.reden
        if antwoord.lks_betaald == LksUitkomst.ONBEKEND:
            claim.lks_opnieuw_na = max(antwoord.opnieuw_na or nu, nu + EERSTE_WACHTTIJD)
        else:
            claim.lks_opnieuw_na = None
        claim.save()
        zorg_voor_berichten(claim)
    resultaat.getoetst += 1
    if antwoord.lks_betaald == LksUitkomst.JA:
        resultaat.lks_ja += 1
    elif antwoord.lks_betaald == LksUitkomst.NEE:
        resultaat.lks_nee += 1
    else:
        resultaat.lks_onbekend += 1


# --- meldingen -----------------------------------------------------------------------------------------


def _stuur(
    berichten: QuerySet[Hubbericht], hub: HubClient, nu: datetime, resultaat: Verwerkingsresultaat, *, direct: bool
) -> None:
    """Send what waits, oldest first; an einde_uitkering only after its ziek_uit_dienst was accepted."""
    wachtend = berichten.filter(status=BerichtStatus.WACHTEND)
    if not direct:
        wachtend = wachtend.filter(Q(volgende_poging_op__isnull=True) | Q(volgende_poging_op__lte=nu))
    for bericht in list(wachtend.order_by("aangemaakt_op", "id")):
        if bericht.soort == Meldingsoort.EINDE_UITKERING and not _opening_geaccepteerd(bericht):
            continue
        try:
            antwoord = hub.stuur_melding(bericht.inhoud)
        except HubOnbereikbaar as fout:
            _mislukt(bericht, fout.reden, fout.status_code, nu)
            resultaat.mislukt += 1
            if fout.status_code is None:
                break  # no connection: the rest waits for the next run instead of for each time-out
            continue
        if antwoord.geaccepteerd:
            _geaccepteerd(bericht, antwoord, nu)
            resultaat.verzonden += 1
        elif antwoord.tijdelijk:
            _mislukt(bericht, antwoord.reden, antwoord.status_code, nu, antwoord.opnieuw_na)
            resultaat.mislukt += 1
        else:
            _geweigerd(bericht, antwoord, nu)
            resultaat.geweigerd += 1


def _opening_geaccepteerd(bericht: Hubbericht) -> bool:
    """Whether the claim's ziek_uit_dienst was accepted; a refused one makes the einde_uitkering moot."""
    opening = Hubbericht.objects.get(claim_id=bericht.claim_id, soort=Meldingsoort.ZIEK_UIT_DIENST)
    if opening.status in (BerichtStatus.GEWEIGERD, BerichtStatus.VERVALLEN):
        Hubbericht.objects.filter(pk=bericht.pk, status=BerichtStatus.WACHTEND).update(
            status=BerichtStatus.VERVALLEN,
            fout=_("Vervallen: de hub accepteerde de ziek-uit-dienstmelding niet, er is niets te beëindigen."),
        )
        return False
    return opening.status == BerichtStatus.VERZONDEN


def _mislukt(
    bericht: Hubbericht, reden: str, status_code: int | None, nu: datetime, opnieuw_na: datetime | None = None
) -> None:
    pogingen = bericht.pogingen + 1
    volgende = max(opnieuw_na or nu, nu + wachttijd(pogingen))
    Hubbericht.objects.filter(pk=bericht.pk, status=BerichtStatus.WACHTEND).update(
        pogingen=pogingen,
        laatste_poging_op=nu,
        volgende_poging_op=volgende,
        http_status=status_code,
        fout=reden,
    )


def _geweigerd(bericht: Hubbericht, antwoord: Meldingantwoord, nu: datetime) -> None:
    code = antwoord.body.get("code")
    Hubbericht.objects.filter(pk=bericht.pk).update(
        status=BerichtStatus.GEWEIGERD,
        pogingen=bericht.pogingen + 1,
        laatste_poging_op=nu,
        volgende_poging_op=None,
        http_status=antwoord.status_code,
        fout=f"{antwoord.reden} ({code})" if code else antwoord.reden,
    )


def _geaccepteerd(bericht: Hubbericht, antwoord: Meldingantwoord, nu: datetime) -> None:
    code, naam = antwoord.gemeente
    with transaction.atomic():
        Hubbericht.objects.filter(pk=bericht.pk).update(
            status=BerichtStatus.VERZONDEN,
            pogingen=bericht.pogingen + 1,
            laatste_poging_op=nu,
            verzonden_op=nu,
            volgende_poging_op=None,
            http_status=antwoord.status_code,
            hub_id=antwoord.hub_id,
            gemeentecode=code,
            gemeentenaam=naam,
            fout="",
        )
        if bericht.soort == Meldingsoort.ZIEK_UIT_DIENST:
            claim = Ziektewetclaim.objects.get(pk=bericht.claim_id)
            maak_brief(claim, Brieftype.REINTEGRATIE_GEMEENTE, timezone.localdate(nu))
