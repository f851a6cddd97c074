"""The writer: a verzamelbestand, or one ClientSuwi, from the records."""

import hashlib
import re
from collections.abc import Iterable
from typing import BinaryIO, Final

from vangnet.domain.errors import DomainError
from vangnet.domain.verzamelbestand.model import NAMESPACE, Bron, Kop, Persoon, Sluitstuk, Voorziening, _jjjjmmdd

_BUFFER_BYTES: Final = 1 << 20
_XML_ONGELDIG_TEKEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TE_ESCAPEN: Final = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def schrijf_client_suwi(persoon: Persoon, inspringen: str | None = None) -> str:
    """The ClientSuwi element of ``persoon``, unqualified, as text (no XML declaration).

    ``inspringen`` (for example two spaces) puts each element on its own line; the first
    line is not indented and there is no line break at the end. Values are written as
    given, escaped for XML: the writer does not validate them, so that tests can write
    invalid records. It refuses only what it cannot write faithfully.
    """
    return _client_suwi_tekst(persoon, inspringen, "")


def _client_suwi_tekst(persoon: Persoon, inspringen: str | None, basis: str) -> str:
    _controleer_schrijfbaar(persoon)
    if inspringen is None:
        return _compacte_client_suwi(persoon)
    delen: list[str] = ["<ClientSuwi>"]
    schrijver = _Regels(delen, inspringen, 1, basis)
    schrijver.blad("Burgerservicenr", persoon.bsn)
    schrijver.blad("Voornamen", persoon.voornamen)
    schrijver.blad("Voorletters", persoon.voorletters)
    schrijver.blad("Voorvoegsel", persoon.voorvoegsel)
    schrijver.blad("SignificantDeelVanDeAchternaam", persoon.achternaam)
    schrijver.blad("Geslacht", persoon.geslacht)
    schrijver.blad("Geboortedat", persoon.geboortedat)
    if persoon.bron is not None:
        schrijver.bron(persoon.bron)
    for index, relatie in enumerate(persoon.relaties):
        schrijver.open("AtlRelatie")
        if relatie.cd_arbeidsvermogen is not None:
            schrijver.open("Arbeidsvermogen")
            schrijver.blad("CdArbeidsvermogen", relatie.cd_arbeidsvermogen)
            schrijver.sluit("Arbeidsvermogen")
        if relatie.cd_doel_rv is not None:
            schrijver.open("DoelReintegratievoorziening")
            schrijver.blad("CdDoelRv", relatie.cd_doel_rv)
            schrijver.sluit("DoelReintegratievoorziening")
        for voorziening in persoon.voorzieningen:
            if voorziening.relatie == index:
                schrijver.voorziening(voorziening)
        schrijver.bron(relatie.bron)
        schrijver.sluit("AtlRelatie")
    schrijver.diepte = 0
    schrijver.regel("</ClientSuwi>")
    return "".join(delen)


def _compacte_client_suwi(persoon: Persoon) -> str:
    """The same as _Regels without indentation, in fewer steps: the writer of a million-record file."""
    delen = ["<ClientSuwi><Burgerservicenr>", _escape(persoon.bsn), "</Burgerservicenr>"]
    for naam, waarde in (
        ("Voornamen", persoon.voornamen),
        ("Voorletters", persoon.voorletters),
        ("Voorvoegsel", persoon.voorvoegsel),
        ("SignificantDeelVanDeAchternaam", persoon.achternaam),
        ("Geslacht", persoon.geslacht),
        ("Geboortedat", persoon.geboortedat),
    ):
        if waarde is not None:
            delen.append(f"<{naam}>{_escape(waarde)}</{naam}>")
    if persoon.bron is not None:
        delen.append(_compacte_bron(persoon.bron))
    for index, relatie in enumerate(persoon.relaties):
        delen.append("<AtlRelatie>")
        if relatie.cd_arbeidsvermogen is not None:
            delen.append(
                f"<Arbeidsvermogen><CdArbeidsvermogen>{_escape(relatie.cd_arbeidsvermogen)}"
                "</CdArbeidsvermogen></Arbeidsvermogen>"
            )
        if relatie.cd_doel_rv is not None:
            delen.append(
                f"<DoelReintegratievoorziening><CdDoelRv>{_escape(relatie.cd_doel_rv)}"
                "</CdDoelRv></DoelReintegratievoorziening>"
            )
        for v in persoon.voorzieningen:
            if v.relatie != index:
                continue
            delen.append("<ReIntegratievoorziening>")
            if v.registratienr is not None:
                delen.append(f"<RegistratienrRvGsd>{_escape(v.registratienr)}</RegistratienrRvGsd>")
            delen.append(f"<DatBRv>{_jjjjmmdd(v.begin)}</DatBRv>")
            if v.einde is not None:
                delen.append(f"<DatERv>{_jjjjmmdd(v.einde)}</DatERv>")
            if v.cd_type is not None:
                delen.append(f"<CdTypeRvGsd>{_escape(v.cd_type)}</CdTypeRvGsd>")
            if v.omschrijving is not None:
                delen.append(f"<OmsRv>{_escape(v.omschrijving)}</OmsRv>")
            if v.is_lks:
                perc = v.perc_loonwaarde or ""
                teken, percentage = (perc[0], perc[1:]) if perc[:1] in ("+", "-") else ("", perc)
                teken_xml = f"<CdPositiefNegatief>{teken}</CdPositiefNegatief>" if teken else ""
                percentage_xml = f"<Percentage>{_escape(percentage)}</Percentage>" if percentage else ""
                inhoud = teken_xml + percentage_xml
                perc_xml = (
                    f"<PercLoonwaardeTovWml>{inhoud}</PercLoonwaardeTovWml>" if inhoud else "<PercLoonwaardeTovWml/>"
                )
                delen.append(f"<Loonkostensubsidie>{perc_xml}</Loonkostensubsidie>")
            delen.append("</ReIntegratievoorziening>")
        delen.append(_compacte_bron(relatie.bron))
        delen.append("</AtlRelatie>")
    delen.append("</ClientSuwi>")
    return "".join(delen)


def _compacte_bron(bron: Bron) -> str:
    vestiging = "" if bron.cd_vestiging is None else f"<CdVestigingSuwi>{_escape(bron.cd_vestiging)}</CdVestigingSuwi>"
    return (
        f"<Bron><CdKolomSuwi>{bron.cd_kolom}</CdKolomSuwi><CdPartijSuwi>{_escape(bron.cd_partij)}</CdPartijSuwi>"
        f"{vestiging}</Bron>"
    )


def schrijf_verzamelbestand(
    doel: BinaryIO, kop: Kop, personen: Iterable[Persoon], *, inspringen: str | None = None
) -> Sluitstuk:
    """Write a complete verzamelbestand to ``doel``, streaming, and return its Sluitstuk.

    ``positie`` of the personen is not written (a record's place in the file is its
    position); ``inspringen`` makes the file readable for people (the example file) at the
    cost of size.
    """
    hasher = hashlib.sha256()
    buffer: list[bytes] = []
    gebufferd = 0

    def schrijf(data: bytes) -> None:
        nonlocal gebufferd
        buffer.append(data)
        gebufferd += len(data)
        if gebufferd >= _BUFFER_BYTES:
            leeg()

    def leeg() -> None:
        nonlocal gebufferd
        blok = b"".join(buffer)
        hasher.update(blok)
        doel.write(blok)
        buffer.clear()
        gebufferd = 0

    nl = "\n" if inspringen is not None else ""
    binnen = inspringen or ""
    schrijf(f'<?xml version="1.0" encoding="UTF-8"?>\n<vzb:Verzamelbestand xmlns:vzb="{NAMESPACE}">\n'.encode())
    kop_delen = ["<Kop>"]
    regels = _Regels(kop_delen, inspringen, 1, binnen)
    regels.blad("Gemeentecode", kop.gemeentecode)
    regels.blad("Aanmaakdatum", _jjjjmmdd(kop.aanmaakdatum))
    regels.blad("Volgnummer", str(kop.volgnummer))
    regels.blad("Berichtversie", kop.berichtversie)
    regels.blad("Cluster", kop.cluster)
    regels.diepte = 0
    regels.regel("</Kop>")
    schrijf(f"{binnen}{''.join(kop_delen)}\n".encode())
    aantal = 0
    for persoon in personen:
        aantal += 1
        schrijf(f"{binnen}{_client_suwi_tekst(persoon, inspringen, binnen)}\n".encode())
    schrijf(binnen.encode())  # indentation before '<Sluitstuk' is part of the hashed bytes
    leeg()
    sluitstuk = Sluitstuk(aantal, hasher.hexdigest())
    doel.write(
        (
            f"<Sluitstuk>{nl}{binnen * 2}<AantalPersonen>{aantal}</AantalPersonen>{nl}"
            f"{binnen * 2}<Sha256>{sluitstuk.sha256}</Sha256>{nl}{binnen}</Sluitstuk>\n"
            "</vzb:Verzamelbestand>\n"
        ).encode()
    )
    return sluitstuk


class _Regels:
    """Appends elements to ``delen``; with ``inspringen`` each on a new line, after ``basis`` and the indentation."""

    __slots__ = ("basis", "delen", "diepte", "inspringen")

    def __init__(self, delen: list[str], inspringen: str | None, diepte: int, basis: str = "") -> None:
        self.delen = delen
        self.inspringen = inspringen
        self.diepte = diepte
        self.basis = basis

    def regel(self, tekst: str) -> None:
        if self.inspringen is not None:
            self.delen.append("\n" + self.basis + self.inspringen * self.diepte)
        self.delen.append(tekst)

    def blad(self, naam: str, waarde: str | None) -> None:
        if waarde is not None:
            self.regel(f"<{naam}>{_escape(waarde)}</{naam}>")

    def open(self, naam: str) -> None:
        self.regel(f"<{naam}>")
        self.diepte += 1

    def sluit(self, naam: str) -> None:
        self.diepte -= 1
        self.regel(f"</{naam}>")

    def bron(self, bron: Bron) -> None:
        self.open("Bron")
        self.blad("CdKolomSuwi", str(bron.cd_kolom))
        self.blad("CdPartijSuwi", bron.cd_partij)
        self.blad("CdVestigingSuwi", bron.cd_vestiging)
        self.sluit("Bron")

    def voorziening(self, voorziening: Voorziening) -> None:
        self.open("ReIntegratievoorziening")
        self.blad("RegistratienrRvGsd", voorziening.registratienr)
        self.blad("DatBRv", _jjjjmmdd(voorziening.begin))
        if voorziening.einde is not None:
            self.blad("DatERv", _jjjjmmdd(voorziening.einde))
        self.blad("CdTypeRvGsd", voorziening.cd_type)
        self.blad("OmsRv", voorziening.omschrijving)
        if voorziening.is_lks:
            self.open("Loonkostensubsidie")
            perc = voorziening.perc_loonwaarde or ""
            teken, percentage = (perc[0], perc[1:]) if perc[:1] in ("+", "-") else (None, perc)
            if teken is None and not percentage:
                self.regel("<PercLoonwaardeTovWml/>")
            else:
                self.open("PercLoonwaardeTovWml")
                self.blad("CdPositiefNegatief", teken)
                self.blad("Percentage", percentage or None)
                self.sluit("PercLoonwaardeTovWml")
            self.sluit("Loonkostensubsidie")
        self.sluit("ReIntegratievoorziening")


def _escape(waarde: str) -> str:
    if _TE_ESCAPEN.search(waarde) is None:
        return waarde
    ongeldig = _XML_ONGELDIG_TEKEN.search(waarde)
    if ongeldig is not None:
        raise DomainError(f"Het teken U+{ord(ongeldig.group()):04X} kan niet in een XML-bestand staan.")
    if "&" in waarde:
        waarde = waarde.replace("&", "&amp;")
    if "<" in waarde:
        waarde = waarde.replace("<", "&lt;")
    if ">" in waarde:
        waarde = waarde.replace(">", "&gt;")
    if "\r" in waarde:
        waarde = waarde.replace("\r", "&#13;")
    return waarde


def _controleer_schrijfbaar(persoon: Persoon) -> None:
    vorige = 0
    for voorziening in persoon.voorzieningen:
        if not 0 <= voorziening.relatie < len(persoon.relaties):
            raise DomainError(
                f"Voorziening verwijst naar relatie {voorziening.relatie}, maar de persoon heeft er "
                f"{len(persoon.relaties)}."
            )
        if voorziening.relatie < vorige:
            raise DomainError("De voorzieningen moeten op volgorde van hun relatie staan, zoals in het bestand.")
        vorige = voorziening.relatie
        if voorziening.perc_loonwaarde is not None and not voorziening.is_lks:
            raise DomainError("Een voorziening met perc_loonwaarde moet is_lks hebben (Loonkostensubsidie).")
