"""Signal intake: a signaalrapport (CSV) in; dossiers opened, reopened or closed, in one transaction.

One service behind the portal upload, the API and the command line. The rules:

- The same content again (SHA-256 of the bytes, per gemeente) is the same import: nothing changes
  and the first result is returned.
- A file-level fault (see vangnet.domain.signaalimport) refuses the whole file; nothing is stored.
- A bad row is reported with line, column and reason; the other rows are processed.
- Rows are processed in the order of their dates (ziek uit dienst on the eerste AO-dag, einde
  uitkering on its date), not of the file, so an einde-uitkering row above its ziek-uit-dienst row
  still finds the dossier, and a relapse after an einde uitkering in the same file reopens it.
- Ziek uit dienst: a new dossier with its Poortwachter tasks (vangnet.domain.dossierplan), unless
  the person already has a period with that eerste AO-dag (al bekend). Within 4 weeks after the
  einde uitkering of the person's last dossier, the same dossier is reopened: the recovery in
  between is an Onderbreking and every later deadline moves by its length.
- Einde uitkering: the dossier's benefit part ends (status begeleiding naar werk); open tasks due
  after that date become nvt. The dossier is never deleted. Without a dossier: a row error.
"""

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vangnet.core.bulk import werk_bij
from vangnet.domain.dossierplan import GeplandeTaak, plan_taken
from vangnet.domain.poortwachter import NIEUW_ZIEKTEGEVAL_DAGEN, PoortwachterError
from vangnet.domain.signaalimport import (
    KOLOM_EERSTE_AO_DAG,
    KOLOM_EINDE_ARBEID,
    KOLOM_EINDE_UITKERING,
    ZIEK_UIT_DIENST,
    Regelfout,
    SignaalbestandFout,
    Signaalregel,
    lees_signaalrapport,
)
from vangnet.domain.signaalrapport import datum_cel
from vangnet.gemeente.dossiers.constants import DossierStatus, TaakStatus, Verantwoordelijke
from vangnet.gemeente.dossiers.models import Dossier, Signaalimport, Taak, Ziekteperiode, onderbrekingen_tussen
from vangnet.organisations.constants import OrganisatieType
from vangnet.organisations.models import ApiSleutel, Gebruiker, Organisatie

MAX_BESTANDSGROOTTE = 20 * 1024 * 1024
VERANTWOORDELIJKE = {
    "werkgever": Verantwoordelijke.EX_WERKGEVER,
    "gemeente": Verantwoordelijke.GEMEENTE,
    "uwv": Verantwoordelijke.UWV,
}


class SignaalimportGeweigerd(Exception):
    """The file as a whole was refused; nothing was stored."""

    def __init__(self, melding: str, code: str = "ongeldig_bestand", status_code: int = 400) -> None:
        super().__init__(melding)
        self.melding = melding
        self.code = code
        self.status_code = status_code


@dataclass(frozen=True)
class Importresultaat:
    signaalimport: Signaalimport
    herhaald: bool  # the same content was imported before: this is that first result


def importeer_signaalrapport(
    gemeente: Organisatie,
    inhoud: bytes,
    bestandsnaam: str,
    bron: str,
    door: Gebruiker | None = None,
    *,
    api_sleutel: ApiSleutel | None = None,
    ontvangen_op: datetime | None = None,
) -> Importresultaat:
    """Import one signaalrapport for ``gemeente``; raises SignaalimportGeweigerd for a file-level fault."""
    if gemeente.type != OrganisatieType.GEMEENTE:
        raise SignaalimportGeweigerd(
            _("Alleen een gemeente kan een signaalrapport importeren."), code="geen_gemeente", status_code=403
        )
    if len(inhoud) > MAX_BESTANDSGROOTTE:
        raise SignaalimportGeweigerd(
            _("Het bestand is groter dan %(mb)s MB; een signaalrapport is veel kleiner.")
            % {"mb": MAX_BESTANDSGROOTTE // (1024 * 1024)},
            code="te_groot",
            status_code=413,
        )
    sha256 = hashlib.sha256(inhoud).hexdigest()
    eerder = _eerder(gemeente, sha256)
    if eerder is not None:
        return Importresultaat(eerder, herhaald=True)
    try:
        bestand = lees_signaalrapport(inhoud)
    except SignaalbestandFout as fout:
        raise SignaalimportGeweigerd(str(fout)) from None
    ontvangen = ontvangen_op or timezone.now()
    for poging in range(2):
        try:
            with transaction.atomic():
                signaalimport = Signaalimport.objects.create(
                    gemeente=gemeente,
                    bron=bron,
                    bestandsnaam=bestandsnaam[:255],
                    sha256=sha256,
                    grootte=len(inhoud),
                    codering=bestand.codering,
                    scheidingsteken=bestand.scheidingsteken,
                    ontvangen_op=ontvangen,
                    door=door,
                    api_sleutel=api_sleutel,
                    aantal_regels=bestand.aantal_regels,
                )
                verwerking = _Verwerking(signaalimport, timezone.localdate(ontvangen))
                for regel in sorted(bestand.regels, key=_volgorde):
                    verwerking.verwerk(regel)
                verwerking.sla_op(bestand.fouten)
        except IntegrityError:
            # A concurrent import committed first: the same file (answer with it) or the same row
            # in another file (the second attempt finds it known).
            eerder = _eerder(gemeente, sha256)
            if eerder is not None:
                return Importresultaat(eerder, herhaald=True)
            if poging:
                raise
        else:
            return Importresultaat(signaalimport, herhaald=False)
    raise AssertionError("unreachable")  # pragma: no cover


def _eerder(gemeente: Organisatie, sha256: str) -> Signaalimport | None:
    return Signaalimport.objects.filter(gemeente=gemeente, sha256=sha256).first()


def _volgorde(regel: Signaalregel) -> tuple[date, int, int]:
    if regel.soort == ZIEK_UIT_DIENST:
        assert regel.datum_eerste_ao_dag is not None
        return regel.datum_eerste_ao_dag, 0, regel.regel
    assert regel.datum_einde_uitkeringsverhouding is not None
    return regel.datum_einde_uitkeringsverhouding, 1, regel.regel


def _status(taak: GeplandeTaak) -> str:
    if taak.vervallen:
        return TaakStatus.NVT
    if taak.bij_werkgever:
        return TaakStatus.BIJ_EX_WERKGEVER
    return TaakStatus.OPEN


def _nieuwe_taak(dossier: Dossier, taak: GeplandeTaak) -> Taak:
    return Taak(
        dossier=dossier,
        stap=taak.stap,
        volgnummer=taak.volgnummer,
        week=taak.week,
        omschrijving=taak.omschrijving,
        grondslag=taak.grondslag,
        uiterlijk=taak.uiterlijk,
        oorspronkelijk_uiterlijk=taak.oorspronkelijk_uiterlijk,
        verantwoordelijke=VERANTWOORDELIJKE[taak.verantwoordelijke],
        status=_status(taak),
        toelichting=taak.toelichting,
    )


class _Verwerking:
    """The rows of one import, applied one by one; counts and row errors collected on the way."""

    def __init__(self, signaalimport: Signaalimport, signaaldatum: date) -> None:
        self.signaalimport = signaalimport
        self.gemeente = signaalimport.gemeente
        self.signaaldatum = signaaldatum
        self.fouten: list[Regelfout] = []
        self.nieuw = self.heropend = self.gesloten = self.al_bekend = 0

    def verwerk(self, regel: Signaalregel) -> None:
        if regel.soort == ZIEK_UIT_DIENST:
            self._ziek_uit_dienst(regel)
        else:
            self._einde_uitkering(regel)

    def sla_op(self, leesfouten: tuple[Regelfout, ...]) -> None:
        fouten = sorted([*leesfouten, *self.fouten], key=lambda fout: fout.regel)
        imp = self.signaalimport
        imp.aantal_nieuwe_dossiers = self.nieuw
        imp.aantal_heropend = self.heropend
        imp.aantal_gesloten = self.gesloten
        imp.aantal_al_bekend = self.al_bekend
        imp.aantal_fouten = len({fout.regel for fout in fouten})
        imp.fouten = [fout.as_json() for fout in fouten]
        imp.save()

    def _fout(self, regel: Signaalregel, kolom: str | None, reden: str) -> None:
        self.fouten.append(Regelfout(regel.regel, kolom, reden))

    def _dossiers(self, bsn: str) -> QuerySet[Dossier]:
        return Dossier.objects.filter(gemeente=self.gemeente, bsn=bsn)

    # --- ziek uit dienst ---------------------------------------------------------------------

    def _ziek_uit_dienst(self, regel: Signaalregel) -> None:
        eerste_ao_dag = regel.datum_eerste_ao_dag
        einde_arbeid = regel.datum_einde_arbeidsverhouding
        assert eerste_ao_dag is not None and einde_arbeid is not None
        bekend = Ziekteperiode.objects.filter(
            dossier__gemeente=self.gemeente, dossier__bsn=regel.bsn, eerste_ao_dag=eerste_ao_dag
        ).exists()
        if bekend or self._dossiers(regel.bsn).filter(datum_eerste_ao_dag=eerste_ao_dag).exists():
            self.al_bekend += 1
            return
        lopend = self._dossiers(regel.bsn).filter(status=DossierStatus.UITKERING).first()
        if lopend is not None:
            self._fout(
                regel,
                KOLOM_EERSTE_AO_DAG,
                _(
                    "Voor deze persoon loopt al een dossier met een Ziektewetuitkering (eerste AO-dag %(datum)s); "
                    "een nieuwe ziekteperiode kan pas na het einde van die uitkering."
                )
                % {"datum": datum_cel(lopend.datum_eerste_ao_dag)},
            )
            return
        vorig = (
            self._dossiers(regel.bsn)
            .filter(datum_einde_uitkering__isnull=False, datum_eerste_ao_dag__lte=eerste_ao_dag)
            .order_by("-datum_einde_uitkering")
            .first()
        )
        if vorig is not None and vorig.datum_einde_uitkering is not None:
            if eerste_ao_dag <= vorig.datum_einde_uitkering:
                self._fout(
                    regel,
                    KOLOM_EERSTE_AO_DAG,
                    _(
                        "De eerste AO-dag valt in een eerdere ziekteperiode van deze persoon, waarvan de uitkering "
                        "op %(datum)s eindigde."
                    )
                    % {"datum": datum_cel(vorig.datum_einde_uitkering)},
                )
                return
            hersteld = (eerste_ao_dag - vorig.datum_einde_uitkering).days - 1
            if hersteld < NIEUW_ZIEKTEGEVAL_DAGEN:
                self._heropen(vorig, regel)
                return
        self._open(regel)

    def _open(self, regel: Signaalregel) -> None:
        assert regel.datum_eerste_ao_dag is not None and regel.datum_einde_arbeidsverhouding is not None
        try:
            plan = plan_taken(regel.datum_eerste_ao_dag, regel.datum_einde_arbeidsverhouding, self.signaaldatum)
        except PoortwachterError as fout:
            self._fout(regel, KOLOM_EINDE_ARBEID, str(fout))
            return
        dossier = Dossier.objects.create(
            gemeente=self.gemeente,
            bsn=regel.bsn,
            datum_einde_arbeidsverhouding=regel.datum_einde_arbeidsverhouding,
            datum_eerste_ao_dag=regel.datum_eerste_ao_dag,
            status=DossierStatus.UITKERING,
            geopend_op=self.signaalimport.ontvangen_op,
            bron=self.signaalimport,
        )
        Ziekteperiode.objects.create(
            dossier=dossier,
            eerste_ao_dag=regel.datum_eerste_ao_dag,
            datum_einde_arbeidsverhouding=regel.datum_einde_arbeidsverhouding,
            geopend_door=self.signaalimport,
        )
        Taak.objects.bulk_create([_nieuwe_taak(dossier, taak) for taak in plan])
        self.nieuw += 1

    def _heropen(self, dossier: Dossier, regel: Signaalregel) -> None:
        """A relapse within 4 weeks: the same dossier, a new period, every later deadline moved."""
        assert regel.datum_eerste_ao_dag is not None
        periode = Ziekteperiode(
            dossier=dossier,
            eerste_ao_dag=regel.datum_eerste_ao_dag,
            datum_einde_arbeidsverhouding=regel.datum_einde_arbeidsverhouding,
            geopend_door=self.signaalimport,
        )
        periodes = [*dossier.ziekteperiodes.order_by("eerste_ao_dag"), periode]
        try:
            plan = plan_taken(
                dossier.datum_eerste_ao_dag,
                dossier.datum_einde_arbeidsverhouding,
                timezone.localdate(dossier.geopend_op),
                onderbrekingen_tussen(periodes),
                # What was done still counts (periods add up); the benefit runs again.
                replace(dossier.voortgang(), einde_uitkering=None),
            )
        except PoortwachterError as fout:
            self._fout(regel, KOLOM_EERSTE_AO_DAG, str(fout))
            return
        periode.save()
        dossier.status = DossierStatus.UITKERING
        dossier.datum_einde_uitkering = None
        dossier.save(update_fields=["status", "datum_einde_uitkering"])
        herplan(dossier, plan)
        self.heropend += 1

    # --- einde uitkering ---------------------------------------------------------------------

    def _einde_uitkering(self, regel: Signaalregel) -> None:
        einde = regel.datum_einde_uitkeringsverhouding
        assert einde is not None
        periode = self._periode_bij(regel)
        if periode is None:
            self._fout(regel, KOLOM_EINDE_UITKERING, self._geen_dossier(regel))
            return
        if periode.datum_einde_uitkering is not None:
            if periode.datum_einde_uitkering == einde:
                self.al_bekend += 1
            else:
                self._fout(
                    regel,
                    KOLOM_EINDE_UITKERING,
                    _("De uitkering van dit dossier is al beëindigd per %(datum)s.")
                    % {"datum": datum_cel(periode.datum_einde_uitkering)},
                )
            return
        if einde < periode.eerste_ao_dag:
            self._fout(
                regel,
                KOLOM_EINDE_UITKERING,
                _("De datum einde uitkeringsverhouding ligt vóór de eerste AO-dag (%(datum)s) van het dossier.")
                % {"datum": datum_cel(periode.eerste_ao_dag)},
            )
            return
        periode.datum_einde_uitkering = einde
        periode.gesloten_door = self.signaalimport
        periode.save(update_fields=["datum_einde_uitkering", "gesloten_door"])
        dossier = periode.dossier
        dossier.status = DossierStatus.BEGELEIDING_NAAR_WERK
        dossier.datum_einde_uitkering = einde
        dossier.save(update_fields=["status", "datum_einde_uitkering"])
        dossier.taken.filter(status=TaakStatus.OPEN, uiterlijk__gt=einde).update(
            status=TaakStatus.NVT,
            toelichting=_("Vervallen: de Ziektewetuitkering is beëindigd per %(datum)s.") % {"datum": datum_cel(einde)},
        )
        self.gesloten += 1

    def _periode_bij(self, regel: Signaalregel) -> Ziekteperiode | None:
        """The period the row closes: by its eerste AO-dag, else the open (or same-date closed) one."""
        periodes = Ziekteperiode.objects.filter(dossier__gemeente=self.gemeente, dossier__bsn=regel.bsn).select_related(
            "dossier"
        )
        if regel.datum_eerste_ao_dag is not None:
            return periodes.filter(eerste_ao_dag=regel.datum_eerste_ao_dag).first()
        lopend = periodes.filter(dossier__status=DossierStatus.UITKERING, datum_einde_uitkering__isnull=True).order_by(
            "-eerste_ao_dag"
        )
        return (
            lopend.first()
            or periodes.filter(datum_einde_uitkering=regel.datum_einde_uitkeringsverhouding).order_by("-id").first()
        )

    def _geen_dossier(self, regel: Signaalregel) -> str:
        if regel.datum_eerste_ao_dag is not None:
            return _(
                "Er is geen dossier van deze persoon met eerste AO-dag %(datum)s: een einde-uitkeringsregel sluit "
                "een eerder ziek-uit-dienstsignaal af. De regel is niet verwerkt."
            ) % {"datum": datum_cel(regel.datum_eerste_ao_dag)}
        return _(
            "Er is geen lopend dossier van deze persoon: een einde-uitkeringsregel sluit een eerder "
            "ziek-uit-dienstsignaal af. De regel is niet verwerkt."
        )


def herplan(dossier: Dossier, plan: list[GeplandeTaak]) -> None:
    """Bring the dossier's tasks in line with a new plan, matched on (stap, volgnummer).

    Done tasks stay as they are; a deadline moved with a motivation (art. 7) keeps its date;
    tasks the plan no longer has become nvt.
    """
    bestaand = {(taak.stap, taak.volgnummer): taak for taak in dossier.taken.all()}
    nieuw: list[Taak] = []
    gewijzigd: list[tuple[Taak, tuple[object, ...], tuple[object, ...]]] = []
    for gepland in plan:
        taak = bestaand.pop((gepland.stap, gepland.volgnummer), None)
        if taak is None:
            nieuw.append(_nieuwe_taak(dossier, gepland))
            continue
        if taak.status == TaakStatus.GEDAAN:
            continue
        voor = _herplanvelden(taak)
        if not taak.motivatie_afwijking:
            taak.uiterlijk = gepland.uiterlijk
            taak.oorspronkelijk_uiterlijk = gepland.oorspronkelijk_uiterlijk
        taak.week = gepland.week
        taak.verantwoordelijke = VERANTWOORDELIJKE[gepland.verantwoordelijke]
        taak.omschrijving = gepland.omschrijving
        taak.grondslag = gepland.grondslag
        taak.toelichting = gepland.toelichting
        taak.status = _status(gepland)
        if (na := _herplanvelden(taak)) != voor:
            gewijzigd.append((taak, voor, na))
    for taak in bestaand.values():
        if taak.status in (TaakStatus.OPEN, TaakStatus.NVT):
            voor = _herplanvelden(taak)
            taak.status = TaakStatus.NVT
            taak.toelichting = _("Vervallen bij het herplannen van de tijdlijn.")
            if (na := _herplanvelden(taak)) != voor:
                gewijzigd.append((taak, voor, na))
    Taak.objects.bulk_create(nieuw)
    velden = [veld for n, veld in enumerate(_HERPLANVELDEN) if any(na[n] != voor[n] for _t, voor, na in gewijzigd)]
    werk_bij([taak for taak, _voor, _na in gewijzigd], velden)


_HERPLANVELDEN = (
    "uiterlijk",
    "oorspronkelijk_uiterlijk",
    "week",
    "verantwoordelijke",
    "omschrijving",
    "grondslag",
    "toelichting",
    "status",
)


def _herplanvelden(taak: Taak) -> tuple[object, ...]:
    return tuple(getattr(taak, veld) for veld in _HERPLANVELDEN)
