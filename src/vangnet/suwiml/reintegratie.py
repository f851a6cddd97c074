"""The messages of GSDDossierReintegratie-v0200, operation GSDReintegratieInfo, to and from domain values.

A ClientSuwi is read with the same precise walk as a record of the verzamelbestand, so a
person answered by a webservice gemeente passes exactly the checks of a person delivered in
a batch file (order, lengths, patterns, elfproef, real dates, no overlapping LKS periods),
and ``is_lks`` means the same: the ReIntegratievoorziening has a Loonkostensubsidie element.
It is written with the verzamelbestand's writer, so both ways use one ClientSuwi.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from vangnet.core.logging import mask_bsns
from vangnet.domain.bsn import BsnError, parse_bsn
from vangnet.domain.lks import LksPeriode
from vangnet.domain.verzamelbestand import Afkeuring, Bron, Persoon, Relatie, Voorziening, schrijf_client_suwi

# The precise ClientSuwi walk of the verzamelbestand reader; one rule set for batch and webservice.
from vangnet.domain.verzamelbestand.controle import lees_client
from vangnet.suwiml.berichten import FWI, Element, FwiMelding, OngeldigBericht, bouw_fwi, lees_fwi, parse_veilig

DIENST: Final = "GSDDossierReintegratie-v0200"
NAMESPACE: Final = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie/v0200"
_ACTIONS: Final = "http://bkwi.nl/SuwiML/Diensten/GSDDossierReintegratie-v0200"
ACTION_VERZOEK: Final = f"{_ACTIONS}/GSDReintegratieInfo"
ACTION_ANTWOORD: Final = f"{_ACTIONS}/GSDReintegratieInfoResponse"
ACTION_FOUT: Final = f"{_ACTIONS}/Fout"
XSD: Final = "GSDDossierReintegratie-v0200.xsd"
WSDL: Final = "GSDDossierReintegratie-v0200.wsdl"

KOLOM_GEMEENTE: Final = 3
"""CdKolomSuwi of a gemeente as the test data and examples use it (the code list itself is BKWI's)."""

_VERZOEK = f"{{{NAMESPACE}}}GSDReintegratieInfo"
_ANTWOORD = f"{{{NAMESPACE}}}GSDReintegratieInfoResponse"
_FWI = f"{{{FWI}}}FWI"
_NIETS_GEVONDEN = f"{{{FWI}}}NietsGevonden"
_MAX_CLIENT_BYTES = 4 * 1024 * 1024


# ---------------------------------------------------------------------------
# Request
# ---------------------------------------------------------------------------


def verzoek(bsn: str) -> Element:
    """The body of a request: smls:GSDReintegratieInfo with the Burgerservicenr."""
    root = etree.Element(_VERZOEK, nsmap={"smls": NAMESPACE})
    etree.SubElement(root, "Burgerservicenr").text = bsn
    return root


def lees_verzoek(inhoud: Element) -> str:
    """The BSN asked for; raises OngeldigBericht (without the number) when the request is not one."""
    if inhoud.tag != _VERZOEK:
        raise OngeldigBericht(f"Onbekende operatie; verwacht is GSDReintegratieInfo in namespace {NAMESPACE}.")
    kinderen = list(inhoud)
    if [k.tag for k in kinderen] != ["Burgerservicenr"] or inhoud.attrib or kinderen[0].attrib:
        raise OngeldigBericht("GSDReintegratieInfo moet precies één Burgerservicenr (zonder namespace) bevatten.")
    if (inhoud.text or "").strip() or (kinderen[0].tail or "").strip() or len(kinderen[0]):
        raise OngeldigBericht("GSDReintegratieInfo bevat losse tekst of elementen in Burgerservicenr.")
    waarde = kinderen[0].text or ""
    if len(waarde) != 9 or not waarde.isascii() or not waarde.isdigit():
        raise OngeldigBericht("Burgerservicenr moet uit precies 9 cijfers bestaan.")
    try:
        return parse_bsn(waarde)
    except BsnError as fout:
        raise OngeldigBericht(f"Burgerservicenr is ongeldig: {fout}") from None


# ---------------------------------------------------------------------------
# Answer
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Antwoord:
    """A GSDReintegratieInfoResponse: a person (perhaps with messages), only messages, or nothing found."""

    persoon: Persoon | None = None
    meldingen: tuple[FwiMelding, ...] = ()
    niets_gevonden: bool = False

    def __post_init__(self) -> None:
        if self.niets_gevonden and (self.persoon is not None or self.meldingen):
            raise ValueError("NietsGevonden gaat niet samen met een ClientSuwi of een FWI.")
        if self.persoon is None and not self.niets_gevonden and not self.meldingen:
            raise ValueError("Een antwoord zonder ClientSuwi moet NietsGevonden of een FWI bevatten.")


def antwoord(inhoud: Antwoord) -> Element:
    """The body of an answer: smls:GSDReintegratieInfoResponse with one of its three branches."""
    root = etree.Element(_ANTWOORD, nsmap={"smls": NAMESPACE, "fwi": FWI})
    if inhoud.niets_gevonden:
        etree.SubElement(root, _NIETS_GEVONDEN)
        return root
    if inhoud.persoon is not None:
        root.append(client_suwi(inhoud.persoon))
    if inhoud.meldingen:
        root.append(bouw_fwi(inhoud.meldingen))
    return root


def client_suwi(persoon: Persoon) -> Element:
    """The ClientSuwi element of a person, written as the verzamelbestand writes it."""
    return parse_veilig(schrijf_client_suwi(persoon).encode("utf-8"), _MAX_CLIENT_BYTES)


def lees_antwoord(inhoud: Element, bsn: str) -> Antwoord:
    """Read an answer about ``bsn``; raises OngeldigBericht when its shape or content is wrong."""
    if inhoud.tag != _ANTWOORD:
        raise OngeldigBericht("Het antwoord is geen GSDReintegratieInfoResponse.")
    teksten = [inhoud.text, *(k.tail for k in inhoud)]
    if any(t is not None and t.strip() for t in teksten):
        raise OngeldigBericht("Losse tekst in GSDReintegratieInfoResponse is niet toegestaan.")
    kinderen = list(inhoud)
    tags = [k.tag for k in kinderen]
    if tags == [_NIETS_GEVONDEN]:
        if len(kinderen[0]) or (kinderen[0].text or "").strip():
            raise OngeldigBericht("NietsGevonden moet leeg zijn.")
        return Antwoord(niets_gevonden=True)
    if tags == [_FWI]:
        return Antwoord(meldingen=tuple(lees_fwi(kinderen[0])))
    if tags in (["ClientSuwi"], ["ClientSuwi", _FWI]):
        persoon = _lees_persoon(kinderen[0], bsn)
        meldingen = tuple(lees_fwi(kinderen[1])) if len(kinderen) == 2 else ()
        return Antwoord(persoon=persoon, meldingen=meldingen)
    raise OngeldigBericht(
        "GSDReintegratieInfoResponse moet ClientSuwi (met een optionele fwi:FWI), een fwi:FWI "
        "of fwi:NietsGevonden bevatten."
    )


def _lees_persoon(element: Element, bsn: str) -> Persoon:
    gelezen = lees_client(element, 1)
    if isinstance(gelezen, Afkeuring):
        raise OngeldigBericht(mask_bsns(f"ClientSuwi, {gelezen.veld}: {gelezen.reden}"))
    if gelezen.bsn != bsn:
        raise OngeldigBericht("De ClientSuwi in het antwoord gaat over een andere persoon dan gevraagd.")
    return gelezen


# ---------------------------------------------------------------------------
# Persons and LKS periods
# ---------------------------------------------------------------------------


def lks_perioden(persoon: Persoon) -> tuple[LksPeriode, ...]:
    """The loonkostensubsidie periods of a person (gemeentecode left empty, as the toets fills it in)."""
    return tuple(LksPeriode("", begin, einde) for begin, einde in persoon.lks_perioden)


def persoon_uit_perioden(bsn: str, gemeentecode: str, perioden: Sequence[LksPeriode]) -> Persoon:
    """A minimal ClientSuwi for a source that gave only LKS periods: one AtlRelatie of the gemeente."""
    bron = Bron(KOLOM_GEMEENTE, gemeentecode.removeprefix("GM"))
    voorzieningen = tuple(Voorziening(0, p.begin, p.einde, is_lks=True) for p in perioden)
    return Persoon(1, bsn, relaties=(Relatie(bron),), voorzieningen=voorzieningen)


def samenvoegen(personen: Sequence[Persoon]) -> Persoon:
    """One ClientSuwi for a person known at several gemeenten: every AtlRelatie, with its own Bron.

    The personal data come from the first source that has them; the ClientSuwi's own Bron
    only when all sources name the same one.
    """
    if not personen:
        raise ValueError("Er is geen persoon om samen te voegen.")
    if len(personen) == 1:
        return personen[0]
    eerste = personen[0]

    def eerste_waarde(veld: str) -> str | None:
        return next((w for p in personen if (w := getattr(p, veld)) is not None), None)

    relaties: list[Relatie] = []
    voorzieningen: list[Voorziening] = []
    for persoon in personen:
        verschuiving = len(relaties)
        relaties.extend(persoon.relaties)
        voorzieningen.extend(
            Voorziening(
                v.relatie + verschuiving,
                v.begin,
                v.einde,
                v.registratienr,
                v.cd_type,
                v.omschrijving,
                v.perc_loonwaarde,
                v.is_lks,
            )
            for v in persoon.voorzieningen
        )
    bronnen = {p.bron for p in personen}
    return Persoon(
        positie=1,
        bsn=eerste.bsn,
        voornamen=eerste_waarde("voornamen"),
        voorletters=eerste_waarde("voorletters"),
        voorvoegsel=eerste_waarde("voorvoegsel"),
        achternaam=eerste_waarde("achternaam"),
        geslacht=eerste_waarde("geslacht"),
        geboortedat=eerste_waarde("geboortedat"),
        bron=eerste.bron if len(bronnen) == 1 else None,
        relaties=tuple(relaties),
        voorzieningen=tuple(voorzieningen),
    )
