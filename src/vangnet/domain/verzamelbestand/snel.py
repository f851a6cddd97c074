"""The fast path: a plain valid ClientSuwi read straight from the text of the file."""

import re
from collections.abc import Sequence
from typing import Final

from vangnet.domain.bsn import is_valid_bsn
from vangnet.domain.verzamelbestand.controle import (
    _CACHE_GROOTTE,
    _DATUM,
    _Afgekeurd,
    _bestaande,
    _bron_cache,
    _cd_kolom,
    _controleer_lks_overlap,
    _gedeelde_relatie,
)
from vangnet.domain.verzamelbestand.model import Bron, Persoon, Relatie, Voorziening

# ---------------------------------------------------------------------------
# The fast path
#
# Most records are valid and alike. For those one pass in C is enough: match the text of
# the record, as it stands in the file, against a regular expression that spells out the
# content model with the lexical rules of the simple types. A record the expression does
# not accept, or that breaks a rule checked afterwards (elfproef, real dates, overlap), is
# parsed by lxml and goes to the precise walk (controle.py), which finds and words the first
# problem: the fast path rejects nothing and words no message. The tests check that both
# paths read alike.
#
# What the expression accepts is well-formed XML by construction: each element is spelled
# out with its end tag, and a value holds no '<', '&' or '>' (so no markup, no reference,
# no ']]>') and no character that XML forbids. A carriage return is left to lxml as well,
# because XML turns it into a line feed in a value.
# ---------------------------------------------------------------------------

_CLIENT_OPEN: Final = "<ClientSuwi>"
_CLIENT_SLUIT: Final = "</ClientSuwi>"

_W = r"[ \t\r\n]*"  # white space between elements
_VERBODEN = "<>&\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_TEKEN = f"[^{_VERBODEN}]"  # a character of text that needs no escaping or normalising
_NAAM = f"[^{_VERBODEN}\\d]"  # a character of a name: no digit (any Unicode digit, as \d in XSD)


def _blad_re(naam: str, patroon: str, groep: bool, *, optioneel: bool = True) -> str:
    inhoud = f"({patroon})" if groep else f"(?:{patroon})"
    element = f"{_W}<{naam}>{inhoud}</{naam}>"
    return f"(?:{element})?" if optioneel else element


def _bron_re(groep: bool) -> str:
    return (
        f"{_W}<Bron>"
        + _blad_re("CdKolomSuwi", f"{_TEKEN}*", groep, optioneel=False)  # _cd_kolom decides
        + _blad_re("CdPartijSuwi", "[0-9]{4}", groep, optioneel=False)
        + _blad_re("CdVestigingSuwi", "[0-9]{4}", groep)
        + f"{_W}</Bron>"
    )


def _voorziening_re(groep: bool) -> str:
    """Groups: RegistratienrRvGsd, DatBRv, DatERv, CdTypeRvGsd, OmsRv, '<Loonkostensubsidie>', sign, percentage."""
    lks = "(<Loonkostensubsidie>)" if groep else "<Loonkostensubsidie>"
    return (
        f"{_W}<ReIntegratievoorziening>"
        + _blad_re("RegistratienrRvGsd", f"{_TEKEN}{{0,15}}", groep)
        + _blad_re("DatBRv", "[0-9]{8}", groep, optioneel=False)
        + _blad_re("DatERv", "[0-9]{8}", groep)
        + _blad_re("CdTypeRvGsd", f"{_TEKEN}{{2}}", groep)
        + _blad_re("OmsRv", f"{_TEKEN}{{0,100}}", groep)
        + f"(?:{_W}{lks}{_W}(?:<PercLoonwaardeTovWml/>|<PercLoonwaardeTovWml>"
        + _blad_re("CdPositiefNegatief", "[+-]", groep)
        + _blad_re("Percentage", "[0-9]{5}", groep)
        + f"{_W}</PercLoonwaardeTovWml>){_W}</Loonkostensubsidie>)?"
        + f"{_W}</ReIntegratievoorziening>"
    )


def _relatie_re(groep: bool, voorzieningen: str) -> str:
    """Groups: CdArbeidsvermogen, CdDoelRv, those in ``voorzieningen``, then the three of Bron."""
    return (
        f"{_W}<AtlRelatie>"
        + f"(?:{_W}<Arbeidsvermogen>{_blad_re('CdArbeidsvermogen', f'{_TEKEN}{{2}}', groep, optioneel=False)}"
        + f"{_W}</Arbeidsvermogen>)?"
        + f"(?:{_W}<DoelReintegratievoorziening>{_blad_re('CdDoelRv', _TEKEN, groep, optioneel=False)}"
        + f"{_W}</DoelReintegratievoorziening>)?"
        + voorzieningen
        + _bron_re(groep)
        + f"{_W}</AtlRelatie>"
    )


_VOORZIENINGEN: Final = f"(?:{_voorziening_re(False)})*"
_SNEL_VOORZIENING: Final = re.compile(_voorziening_re(True))
_SNEL_RELATIE: Final = re.compile(_relatie_re(True, f"({_VOORZIENINGEN})"))
# Most persons have one AtlRelatie with one ReIntegratievoorziening: those are read in the
# same pass, and only further ones are matched again (by _SNEL_RELATIE, _SNEL_VOORZIENING).
# Groups: the seven simple elements, the three of Bron; of the first AtlRelatie its two
# codes, the eight of its first ReIntegratievoorziening, its other ReIntegratievoorzieningen
# and the three of its Bron; the other AtlRelaties.
_SNEL_CLIENT: Final = re.compile(
    _CLIENT_OPEN
    + _blad_re("Burgerservicenr", "[0-9]{9}", True, optioneel=False)
    + _blad_re("Voornamen", f"{_NAAM}{{0,200}}", True)
    + _blad_re("Voorletters", r"[A-Z]{1,6}|\.", True)
    + _blad_re("Voorvoegsel", f"{_NAAM}{{0,10}}", True)
    + _blad_re("SignificantDeelVanDeAchternaam", f"{_NAAM}{{0,200}}", True)
    + _blad_re("Geslacht", "[0-9]", True)
    + _blad_re("Geboortedat", _DATUM.pattern, True)
    + f"(?:{_bron_re(True)})?"
    + f"(?:{_relatie_re(True, f'(?:{_voorziening_re(True)})?({_VOORZIENINGEN})')})?"
    + f"((?:{_relatie_re(False, _VOORZIENINGEN)})*)"
    + f"{_W}{_CLIENT_SLUIT}"
)


def _snel(tekst: str, positie: int) -> Persoon | None:
    """The Persoon of the record text ``tekst`` if it is plain and valid; None when the precise walk must decide."""
    gevonden = _SNEL_CLIENT.fullmatch(tekst)
    return None if gevonden is None else _snelle_persoon(gevonden, positie)


def _snelle_persoon(gevonden: re.Match[str], positie: int) -> Persoon | None:
    """The Persoon of a record the fast expression accepted; None when a rule beyond the expression fails."""
    (
        bsn,
        voornamen,
        voorletters,
        voorvoegsel,
        achternaam,
        geslacht,
        geboortedat,
        kolom,
        partij,
        vestiging,
        cd_arbeidsvermogen,
        cd_doel,
        *eerste_voorziening,
        andere_voorzieningen,
        relatie_kolom,
        relatie_partij,
        relatie_vestiging,
        andere_relaties,
    ) = gevonden.groups()
    if not is_valid_bsn(bsn):
        return None
    bron = None
    if kolom is not None:
        bron = _snelle_bron(kolom, partij, vestiging)
        if bron is None:
            return None
    if relatie_partij is None:  # no AtlRelatie
        return Persoon(positie, bsn, voornamen, voorletters, voorvoegsel, achternaam, geslacht, geboortedat, bron)
    relatie = _snelle_relatie(relatie_kolom, relatie_partij, relatie_vestiging, cd_arbeidsvermogen, cd_doel)
    if relatie is None:
        return None
    relaties = [relatie]
    voorzieningen: list[Voorziening] = []
    if eerste_voorziening[1] is not None:  # its DatBRv
        voorziening = _snelle_voorziening(eerste_voorziening, 0)
        if voorziening is None:
            return None
        voorzieningen.append(voorziening)
    if andere_voorzieningen and not _snelle_voorzieningen(andere_voorzieningen, 0, voorzieningen):
        return None
    if andere_relaties:
        for gevonden in _SNEL_RELATIE.finditer(andere_relaties):
            cd_arbeidsvermogen, cd_doel, alle, relatie_kolom, relatie_partij, relatie_vestiging = gevonden.groups()
            relatie = _snelle_relatie(relatie_kolom, relatie_partij, relatie_vestiging, cd_arbeidsvermogen, cd_doel)
            if relatie is None or (alle and not _snelle_voorzieningen(alle, len(relaties), voorzieningen)):
                return None
            relaties.append(relatie)
    if len(voorzieningen) > 1:
        try:
            _controleer_lks_overlap(voorzieningen)
        except _Afgekeurd:
            return None
    return Persoon(
        positie,
        bsn,
        voornamen,
        voorletters,
        voorvoegsel,
        achternaam,
        geslacht,
        geboortedat,
        bron,
        tuple(relaties),
        tuple(voorzieningen),
    )


def _snelle_voorzieningen(tekst: str, relatie: int, voorzieningen: list[Voorziening]) -> bool:
    """Append the ReIntegratievoorzieningen in ``tekst``; False when one breaks a rule."""
    for gevonden in _SNEL_VOORZIENING.finditer(tekst):
        voorziening = _snelle_voorziening(gevonden.groups(), relatie)
        if voorziening is None:
            return False
        voorzieningen.append(voorziening)
    return True


_snelle_relaties: dict[tuple[str, str, str | None, str | None, str | None], Relatie] = {}


def _snelle_relatie(
    kolom: str, partij: str, vestiging: str | None, cd_arbeidsvermogen: str | None, cd_doel: str | None
) -> Relatie | None:
    """The shared Relatie for these texts as found; None when CdKolomSuwi is not valid."""
    sleutel = (kolom, partij, vestiging, cd_arbeidsvermogen, cd_doel)
    relatie = _snelle_relaties.get(sleutel)
    if relatie is None:
        bron = _snelle_bron(kolom, partij, vestiging)
        if bron is None:
            return None
        relatie = _gedeelde_relatie(bron, cd_arbeidsvermogen, cd_doel)
        if len(_snelle_relaties) < _CACHE_GROOTTE:
            _snelle_relaties[sleutel] = relatie
    return relatie


def _snelle_bron(kolom: str, partij: str, vestiging: str | None) -> Bron | None:
    sleutel = (kolom, partij, vestiging)
    bron = _bron_cache.get(sleutel)
    if bron is not None:
        return bron
    waarde = _cd_kolom(kolom)
    if waarde is None:
        return None
    bron = Bron(waarde, partij, vestiging)
    if len(_bron_cache) < _CACHE_GROOTTE:
        _bron_cache[sleutel] = bron
    return bron


def _snelle_voorziening(delen: Sequence[str | None], relatie: int) -> Voorziening | None:
    registratienr, begin_tekst, einde_tekst, cd_type, omschrijving, lks, teken, percentage = delen
    assert begin_tekst is not None  # DatBRv is required by the expression
    try:
        begin = _bestaande(begin_tekst, "DatBRv")
        einde = None if einde_tekst is None else _bestaande(einde_tekst, "DatERv")
    except _Afgekeurd:
        return None
    if einde is not None and einde < begin:
        return None
    perc = None if lks is None else (teken or "") + (percentage or "")
    return Voorziening(relatie, begin, einde, registratienr, cd_type, omschrijving, perc, lks is not None)
