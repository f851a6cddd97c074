"""The verzamelbestand v1: reader, writer, the XSD, and that the reader and the XSD agree.

The example file schemas/voorbeelden/verzamelbestand-v1-voorbeeld.xml is written by the
writer from VOORBEELD_PERSONEN below; after changing either, write it again with
    .venv/bin/python tests/domain/test_verzamelbestand.py
"""

import hashlib
import io
import re
import resource
import time
import tracemalloc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from vangnet.domain.bsn import is_valid_bsn, synthetic_bsn, synthetic_bsn_capacity, synthetic_bsns
from vangnet.domain.errors import DomainError
from vangnet.domain.verzamelbestand import (
    BERICHTVERSIE,
    CLUSTER,
    HASH_VENSTER,
    MAX_ELEMENT_BYTES,
    NAMESPACE,
    Afkeuring,
    BestandFout,
    Bron,
    Kop,
    Persoon,
    Relatie,
    Sluitstuk,
    VerzamelbestandLezer,
    Voorziening,
    schrijf_client_suwi,
    schrijf_verzamelbestand,
)
from vangnet.domain.verzamelbestand.controle import _Afgekeurd
from vangnet.domain.verzamelbestand.controle import _client as precies
from vangnet.domain.verzamelbestand.snel import _snel as snel

REPO = Path(__file__).resolve().parents[2]
SCHEMA_PATH = REPO / "schemas" / "verzamelbestand-v1.xsd"
VOORBEELD_PATH = REPO / "schemas" / "voorbeelden" / "verzamelbestand-v1-voorbeeld.xml"
DOCS_PATH = REPO / "docs" / "verzamelbestand.md"
SCHEMA = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))

KOP = Kop("GM0344", date(2026, 11, 22), 17, BERICHTVERSIE, CLUSTER)
UTRECHT = Bron(3, "0344")

KOP_XML = (
    "<Kop><Gemeentecode>GM0344</Gemeentecode><Aanmaakdatum>20261122</Aanmaakdatum>"
    "<Volgnummer>17</Volgnummer><Berichtversie>GSDDossierReintegratie-v0200</Berichtversie>"
    "<Cluster>Reintegratie</Cluster></Kop>"
)
BRON_XML = "<Bron><CdKolomSuwi>3</CdKolomSuwi><CdPartijSuwi>0344</CdPartijSuwi></Bron>"
VOORZIENING_XML = (
    "<ReIntegratievoorziening><RegistratienrRvGsd>RV2024000123</RegistratienrRvGsd>"
    "<DatBRv>20240101</DatBRv><DatERv>20241231</DatERv><CdTypeRvGsd>05</CdTypeRvGsd>"
    "<OmsRv>Loonkostensubsidie proefplaatsing</OmsRv><Loonkostensubsidie><PercLoonwaardeTovWml>"
    "<CdPositiefNegatief>+</CdPositiefNegatief><Percentage>06000</Percentage>"
    "</PercLoonwaardeTovWml></Loonkostensubsidie></ReIntegratievoorziening>"
)
# The ClientSuwi of suwiml.md §5.2, with Utrecht as the source: the base of the mutation tables.
GELDIG = (
    "<ClientSuwi><Burgerservicenr>999990019</Burgerservicenr><Voornamen>Jan Pieter</Voornamen>"
    "<Voorletters>JP</Voorletters><Voorvoegsel>van</Voorvoegsel>"
    "<SignificantDeelVanDeAchternaam>Testpersoon</SignificantDeelVanDeAchternaam><Geslacht>1</Geslacht>"
    f"<Geboortedat>19850312</Geboortedat>{BRON_XML}<AtlRelatie><Arbeidsvermogen>"
    "<CdArbeidsvermogen>01</CdArbeidsvermogen></Arbeidsvermogen><DoelReintegratievoorziening>"
    f"<CdDoelRv>1</CdDoelRv></DoelReintegratievoorziening>{VOORZIENING_XML}{BRON_XML}</AtlRelatie></ClientSuwi>"
)
GELDIG_PERSOON = Persoon(
    positie=1,
    bsn="999990019",
    voornamen="Jan Pieter",
    voorletters="JP",
    voorvoegsel="van",
    achternaam="Testpersoon",
    geslacht="1",
    geboortedat="19850312",
    bron=UTRECHT,
    relaties=(Relatie(UTRECHT, "01", "1"),),
    voorzieningen=(
        Voorziening(
            relatie=0,
            begin=date(2024, 1, 1),
            einde=date(2024, 12, 31),
            registratienr="RV2024000123",
            cd_type="05",
            omschrijving="Loonkostensubsidie proefplaatsing",
            perc_loonwaarde="+06000",
            is_lks=True,
        ),
    ),
)
ANDERE = GELDIG.replace("999990019", "999990020")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def bestand(
    records: Iterable[str] = (),
    *,
    kop: str = KOP_XML,
    root_open: str = f'<vzb:Verzamelbestand xmlns:vzb="{NAMESPACE}">',
    root_sluit: str = "</vzb:Verzamelbestand>",
    proloog: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
    aantal: int | None = None,
    sha256: str | None = None,
    na_sluitstuk: str = "",
) -> bytes:
    """A file around the given record texts, with a correct trailer unless told otherwise."""
    records = list(records)
    voor = (proloog + root_open + "\n" + kop + "\n" + "".join(r + "\n" for r in records)).encode()
    sha = sha256 if sha256 is not None else hashlib.sha256(voor).hexdigest()
    n = len(records) if aantal is None else aantal
    slot = f"<Sluitstuk><AantalPersonen>{n}</AantalPersonen><Sha256>{sha}</Sha256></Sluitstuk>{na_sluitstuk}\n"
    return voor + (slot + root_sluit + "\n").encode()


def lees(data: bytes, **opties: int) -> tuple[Kop, list[Persoon | Afkeuring], Sluitstuk]:
    lezer = VerzamelbestandLezer(io.BytesIO(data), **opties)  # type: ignore[arg-type]
    kop = lezer.kop()
    records = list(lezer.records())
    return kop, records, lezer.sluitstuk()


def fout(data: bytes, **opties: int) -> BestandFout:
    with pytest.raises(BestandFout) as raised:
        lees(data, **opties)
    return raised.value


def xsd_geldig(data: bytes) -> bool:
    return bool(SCHEMA.validate(etree.fromstring(data)))


def schrijf(personen: Iterable[Persoon], kop: Kop = KOP, inspringen: str | None = None) -> tuple[bytes, Sluitstuk]:
    doel = io.BytesIO()
    sluitstuk = schrijf_verzamelbestand(doel, kop, personen, inspringen=inspringen)
    return doel.getvalue(), sluitstuk


# ---------------------------------------------------------------------------
# The example file
# ---------------------------------------------------------------------------

AMERSFOORT = Bron(3, "0307", "0001")
VOORBEELD_PERSONEN = (
    # Two LKS periods one after the other, the second still running.
    Persoon(
        positie=1,
        bsn="999990019",
        voornamen="Jan Pieter",
        voorletters="JP",
        voorvoegsel="van",
        achternaam="Testpersoon",
        geslacht="1",
        geboortedat="19850312",
        bron=UTRECHT,
        relaties=(Relatie(UTRECHT, "01", "1"),),
        voorzieningen=(
            Voorziening(
                0, date(2023, 1, 1), date(2023, 12, 31), "RV2023000077", "05", "Loonkostensubsidie", "+05500", True
            ),
            Voorziening(0, date(2024, 1, 1), None, "RV2024000123", "05", "Loonkostensubsidie", "+06000", True),
        ),
    ),
    # Only a BSN and one provision without loonkostensubsidie.
    Persoon(
        positie=2,
        bsn="999990020",
        relaties=(Relatie(UTRECHT, cd_doel_rv="2"),),
        voorzieningen=(
            Voorziening(0, date(2024, 3, 1), date(2025, 2, 28), "RV2024000456", "12", "Participatietraject"),
        ),
    ),
    # Names, a birth date with an unknown day, a source with a vestiging.
    Persoon(
        positie=3,
        bsn="999990032",
        voornamen="Anna",
        voorletters="A",
        voorvoegsel="de",
        achternaam="Vries-Öztürk",
        geslacht="2",
        geboortedat="19850300",
        bron=AMERSFOORT,
        relaties=(Relatie(AMERSFOORT, "02"),),
        voorzieningen=(Voorziening(0, date(2025, 6, 1), date(2026, 5, 31), perc_loonwaarde="+04500", is_lks=True),),
    ),
)


def schrijf_voorbeeld() -> bytes:
    data, _ = schrijf(VOORBEELD_PERSONEN, inspringen="  ")
    return data


def test_the_example_bsns_pass_the_elfproef() -> None:
    assert all(is_valid_bsn(persoon.bsn) for persoon in VOORBEELD_PERSONEN)


def test_the_example_file_is_what_the_writer_writes() -> None:
    assert VOORBEELD_PATH.read_bytes() == schrijf_voorbeeld(), "write it again: see the docstring of this module"


def test_the_example_file_reads_without_afkeuring() -> None:
    kop, records, sluitstuk = lees(VOORBEELD_PATH.read_bytes())
    assert kop == KOP
    assert records == list(VOORBEELD_PERSONEN)
    assert sluitstuk.aantal_personen == 3
    assert records[0].lks_perioden == ((date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), None))  # type: ignore[union-attr]
    assert records[1].lks_perioden == ()  # type: ignore[union-attr]


def test_the_example_file_is_valid_against_the_xsd() -> None:
    SCHEMA.assertValid(etree.parse(str(VOORBEELD_PATH)))


def test_the_example_file_is_readable_by_people() -> None:
    tekst = VOORBEELD_PATH.read_text(encoding="utf-8")
    assert "\n    <ClientSuwi>\n" not in tekst
    assert "\n  <ClientSuwi>\n    <Burgerservicenr>999990019</Burgerservicenr>\n" in tekst
    assert tekst.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<vzb:Verzamelbestand')


def test_the_hash_is_over_the_bytes_before_the_trailer() -> None:
    data = VOORBEELD_PATH.read_bytes()
    voor = data[: data.rindex(b"<Sluitstuk")]
    _, _, sluitstuk = lees(data)
    assert sluitstuk.sha256 == hashlib.sha256(voor).hexdigest()
    assert voor.endswith(b"</ClientSuwi>\n  ")  # the indentation before the trailer is hashed too


def test_the_docs_give_the_hash_of_the_example_file() -> None:
    _, _, sluitstuk = lees(VOORBEELD_PATH.read_bytes())
    assert sluitstuk.sha256 in DOCS_PATH.read_text(encoding="utf-8")


def test_the_invalid_example_in_the_docs_gives_the_documented_terugmelding() -> None:
    doc = DOCS_PATH.read_text(encoding="utf-8")
    (voorbeeld,) = [blok for blok in re.findall(r"```xml\n(.*?)```", doc, re.S) if "<Sha256>" in blok]
    rijen = re.findall(r"^\| (\d+) \| (\d{9}) \| `([^`]+)` \| (.+) \|$", doc, re.M)
    _, records, _ = lees(voorbeeld.encode())
    assert records == [Afkeuring(int(positie), bsn, veld, reden) for positie, bsn, veld, reden in rijen]
    assert len(records) == 5
    raised = fout(voorbeeld.replace("<AantalPersonen>5<", "<AantalPersonen>4<").encode())
    assert raised.code == "aantal_klopt_niet"
    assert " ".join(str(raised).split()) in " ".join(doc.split())


# ---------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------

XML_TEKENS = st.characters(
    exclude_categories=("Cs", "Cc", "Cn", "Co"), exclude_characters="\ufffe\uffff"
) | st.sampled_from(" \t\n\r&<>\"'")
GEEN_CIJFERS = XML_TEKENS.filter(lambda teken: not teken.isdecimal())
DATUMS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def tekst(minimum: int, maximum: int, tekens: st.SearchStrategy[str] = XML_TEKENS) -> st.SearchStrategy[str]:
    return st.text(tekens, min_size=minimum, max_size=maximum)


def vier_cijfers() -> st.SearchStrategy[str]:
    return st.from_regex(r"[0-9]{4}", fullmatch=True)


bronnen = st.builds(Bron, st.integers(0, 99), vier_cijfers(), st.none() | vier_cijfers())
relaties = st.builds(Relatie, bronnen, st.none() | tekst(2, 2), st.none() | tekst(1, 1))


@st.composite
def personen(draw: st.DrawFn, positie: int = 1) -> Persoon:
    relatie_lijst = draw(st.lists(relaties, max_size=3))
    voorzieningen: list[Voorziening] = []
    if relatie_lijst:
        # LKS periods one after the other (so they never overlap), each in some relation.
        grenzen = sorted(draw(st.sets(DATUMS, max_size=6)))
        lks = [(grenzen[i], grenzen[i + 1]) for i in range(0, len(grenzen) - 1, 2)]
        perioden: list[tuple[date, date | None, bool]] = [(b, e, True) for b, e in lks]
        if lks and draw(st.booleans()):
            laatste_begin, _ = lks[-1]
            perioden[-1] = (laatste_begin, None, True)
        for _ in range(draw(st.integers(0, 2))):  # other provisions may overlap anything
            begin = draw(DATUMS)
            einde = draw(st.none() | st.dates(min_value=begin, max_value=date(2100, 12, 31)))
            perioden.append((begin, einde, False))
        for begin, einde, is_lks in perioden:
            voorzieningen.append(
                Voorziening(
                    relatie=draw(st.integers(0, len(relatie_lijst) - 1)),
                    begin=begin,
                    einde=einde,
                    registratienr=draw(st.none() | tekst(0, 15)),
                    cd_type=draw(st.none() | tekst(2, 2)),
                    omschrijving=draw(st.none() | tekst(0, 100)),
                    perc_loonwaarde=draw(st.from_regex(r"[+-]?([0-9]{5})?", fullmatch=True)) if is_lks else None,
                    is_lks=is_lks,
                )
            )
        voorzieningen.sort(key=lambda v: v.relatie)
    return Persoon(
        positie=positie,
        bsn=synthetic_bsn(draw(st.integers(0, synthetic_bsn_capacity() - 1))),
        voornamen=draw(st.none() | tekst(0, 200, GEEN_CIJFERS)),
        voorletters=draw(st.none() | st.from_regex(r"[A-Z]{1,6}|\.", fullmatch=True)),
        voorvoegsel=draw(st.none() | tekst(0, 10, GEEN_CIJFERS)),
        achternaam=draw(st.none() | tekst(0, 200, GEEN_CIJFERS)),
        geslacht=draw(st.none() | st.sampled_from("0129")),
        geboortedat=draw(
            st.none()
            | st.from_regex(
                r"00000000|0000(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])|(19|20)[0-9]{2}(0[0-9]|1[0-2])([0-2][0-9]|3[01])",
                fullmatch=True,
            )
        ),
        bron=draw(st.none() | bronnen),
        relaties=tuple(relatie_lijst),
        voorzieningen=tuple(voorzieningen),
    )


@st.composite
def bestanden(draw: st.DrawFn) -> list[Persoon]:
    aantal = draw(st.integers(0, 4))
    return [draw(personen(positie=i + 1)) for i in range(aantal)]


@settings(max_examples=50, deadline=None)
@given(bestanden(), st.sampled_from([None, "  ", "\t"]), st.sampled_from([1 << 20, 1, 7, 4096]))
def test_what_the_writer_writes_the_reader_reads_back(
    geschreven: list[Persoon], inspringen: str | None, chunk_size: int
) -> None:
    data, sluitstuk = schrijf(geschreven, inspringen=inspringen)
    kop, gelezen, gelezen_sluitstuk = lees(data, chunk_size=chunk_size)
    assert kop == KOP
    assert gelezen == geschreven
    assert (
        gelezen_sluitstuk
        == sluitstuk
        == Sluitstuk(len(geschreven), hashlib.sha256(data[: data.rindex(b"<Sluitstuk")]).hexdigest())
    )
    SCHEMA.assertValid(etree.fromstring(data))


def test_a_file_without_persons_is_valid() -> None:
    data, sluitstuk = schrijf([])
    assert lees(data) == (KOP, [], sluitstuk)
    assert sluitstuk.aantal_personen == 0
    assert xsd_geldig(data)


def test_the_writer_escapes_markup_in_values() -> None:
    persoon = replace(
        GELDIG_PERSOON,
        voornamen="Jan & <Piet>",
        voorzieningen=(replace(GELDIG_PERSOON.voorzieningen[0], omschrijving="a\r\nb ]]> c"),),
    )
    data, _ = schrijf([persoon])
    assert b"Jan &amp; &lt;Piet&gt;" in data
    assert lees(data)[1] == [persoon]


def test_schrijf_client_suwi_gives_the_element_alone() -> None:
    assert schrijf_client_suwi(GELDIG_PERSOON) == GELDIG
    ingesprongen = schrijf_client_suwi(GELDIG_PERSOON, inspringen="  ")
    assert ingesprongen.startswith("<ClientSuwi>\n  <Burgerservicenr>999990019</Burgerservicenr>\n")
    assert ingesprongen.endswith("\n    </Bron>\n  </AtlRelatie>\n</ClientSuwi>")


@pytest.mark.parametrize(
    ("persoon", "melding"),
    [
        (replace(GELDIG_PERSOON, relaties=()), "Voorziening verwijst naar relatie 0, maar de persoon heeft er 0."),
        (
            replace(
                GELDIG_PERSOON,
                relaties=(Relatie(UTRECHT), Relatie(UTRECHT)),
                voorzieningen=(replace(GELDIG_PERSOON.voorzieningen[0], relatie=1), GELDIG_PERSOON.voorzieningen[0]),
            ),
            "De voorzieningen moeten op volgorde van hun relatie staan, zoals in het bestand.",
        ),
        (
            replace(GELDIG_PERSOON, voorzieningen=(replace(GELDIG_PERSOON.voorzieningen[0], is_lks=False),)),
            "Een voorziening met perc_loonwaarde moet is_lks hebben (Loonkostensubsidie).",
        ),
        (replace(GELDIG_PERSOON, voornamen="Jan\x00"), "Het teken U+0000 kan niet in een XML-bestand staan."),
    ],
)
def test_the_writer_refuses_what_it_cannot_write_faithfully(persoon: Persoon, melding: str) -> None:
    with pytest.raises(DomainError) as raised:
        schrijf([persoon])
    assert str(raised.value) == melding


# ---------------------------------------------------------------------------
# Records: what the XSD rejects, the reader rejects too
# ---------------------------------------------------------------------------

LANG = "x" * 201


def zonder(tekst: str) -> tuple[str, str]:
    return (tekst, "")


# (id, text in GELDIG, its replacement, veld, reden); bsn is what the Afkeuring shows.
XSD_EN_LEZER_WEIGEREN = [
    (
        "bsn te kort",
        "<Burgerservicenr>999990019<",
        "<Burgerservicenr>99999001<",
        "Burgerservicenr",
        "Burgerservicenr moet 9 cijfers hebben, maar heeft er 8.",
    ),
    (
        "bsn te lang",
        "<Burgerservicenr>999990019<",
        "<Burgerservicenr>0999990019<",
        "Burgerservicenr",
        "Burgerservicenr moet 9 cijfers hebben, maar heeft er 10.",
    ),
    (
        "bsn met letter",
        "<Burgerservicenr>999990019<",
        "<Burgerservicenr>99999001X<",
        "Burgerservicenr",
        "Burgerservicenr mag alleen cijfers bevatten.",
    ),
    (
        "bsn met spatie",
        "<Burgerservicenr>999990019<",
        "<Burgerservicenr> 99999001<",
        "Burgerservicenr",
        "Burgerservicenr mag alleen cijfers bevatten.",
    ),
    (
        "bsn leeg",
        "<Burgerservicenr>999990019</Burgerservicenr>",
        "<Burgerservicenr/>",
        "Burgerservicenr",
        "Burgerservicenr moet 9 cijfers hebben, maar heeft er 0.",
    ),
    (
        "bsn ontbreekt",
        "<Burgerservicenr>999990019</Burgerservicenr>",
        "",
        "ClientSuwi",
        "Verplicht element 'Burgerservicenr' ontbreekt.",
    ),
    (
        "DatBRv ontbreekt",
        "<DatBRv>20240101</DatBRv>",
        "",
        "AtlRelatie[1]/ReIntegratievoorziening[1]",
        "Verplicht element 'DatBRv' ontbreekt.",
    ),
    (
        "DatBRv met streepjes",
        "<DatBRv>20240101<",
        "<DatBRv>2024-01-01<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatBRv",
        "DatBRv '2024-01-01' is geen datum in de vorm JJJJMMDD (met 00 voor een onbekende maand of dag).",
    ),
    (
        "DatERv maand 13",
        "<DatERv>20241231<",
        "<DatERv>20241301<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatERv",
        "DatERv '20241301' is geen datum in de vorm JJJJMMDD (met 00 voor een onbekende maand of dag).",
    ),
    (
        "Geboortedat 7 cijfers",
        "<Geboortedat>19850312<",
        "<Geboortedat>1985312<",
        "Geboortedat",
        "Geboortedat '1985312' is geen datum in de vorm JJJJMMDD (met 00 voor een onbekende maand of dag).",
    ),
    (
        "Geboortedat jaar 0000 met maand 00",
        "<Geboortedat>19850312<",
        "<Geboortedat>00000012<",
        "Geboortedat",
        "Geboortedat '00000012' is geen datum in de vorm JJJJMMDD (met 00 voor een onbekende maand of dag).",
    ),
    (
        "onbekend element",
        "<Geslacht>1</Geslacht>",
        "<Geslacht>1</Geslacht><Foo>x</Foo>",
        "ClientSuwi",
        "Onbekend element 'Foo'.",
    ),
    (
        "ClientSuwi in ClientSuwi",
        "<Geslacht>",
        "<ClientSuwi><Burgerservicenr>999990020</Burgerservicenr></ClientSuwi><Geslacht>",
        "ClientSuwi",
        "Onbekend element 'ClientSuwi'.",
    ),
    (
        "onbekend element in voorziening",
        "<CdTypeRvGsd>",
        "<Foo/><CdTypeRvGsd>",
        "AtlRelatie[1]/ReIntegratievoorziening[1]",
        "Onbekend element 'Foo'.",
    ),
    (
        "element met namespace",
        "<Voornamen>Jan Pieter</Voornamen>",
        '<x:Voornamen xmlns:x="urn:x">Jan Pieter</x:Voornamen>',
        "ClientSuwi",
        "Element 'Voornamen' hoort geen namespace te hebben, maar staat in namespace 'urn:x'.",
    ),
    (
        "verkeerde volgorde",
        "<Voornamen>Jan Pieter</Voornamen><Voorletters>JP</Voorletters>",
        "<Voorletters>JP</Voorletters><Voornamen>Jan Pieter</Voornamen>",
        "ClientSuwi",
        "Element 'Voornamen' staat na 'Voorletters', maar hoort ervoor.",
    ),
    (
        "DatERv voor DatBRv",
        "<DatBRv>20240101</DatBRv><DatERv>20241231</DatERv>",
        "<DatERv>20241231</DatERv><DatBRv>20240101</DatBRv>",
        "AtlRelatie[1]/ReIntegratievoorziening[1]",
        "Element 'DatERv' staat vóór 'DatBRv', maar hoort erna.",
    ),
    (
        "bsn niet eerst",
        "<Burgerservicenr>999990019</Burgerservicenr><Voornamen>Jan Pieter</Voornamen>",
        "<Voornamen>Jan Pieter</Voornamen><Burgerservicenr>999990019</Burgerservicenr>",
        "ClientSuwi",
        "Element 'Voornamen' staat vóór 'Burgerservicenr', maar hoort erna.",
    ),
    (
        "twee keer Voornamen",
        "<Voornamen>Jan Pieter</Voornamen>",
        "<Voornamen>Jan</Voornamen><Voornamen>Pieter</Voornamen>",
        "ClientSuwi",
        "Element 'Voornamen' mag maar één keer voorkomen.",
    ),
    (
        "Bron van de relatie ontbreekt",
        f"{BRON_XML}</AtlRelatie>",
        "</AtlRelatie>",
        "AtlRelatie[1]",
        "Verplicht element 'Bron' ontbreekt.",
    ),
    (
        "Loonkostensubsidie leeg",
        "<Loonkostensubsidie><PercLoonwaardeTovWml><CdPositiefNegatief>+</CdPositiefNegatief><Percentage>06000</Percentage></PercLoonwaardeTovWml></Loonkostensubsidie>",
        "<Loonkostensubsidie/>",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie",
        "Verplicht element 'PercLoonwaardeTovWml' ontbreekt.",
    ),
    (
        "Voorletters met punten",
        "<Voorletters>JP<",
        "<Voorletters>J.P.<",
        "Voorletters",
        "Voorletters 'J.P.' moet bestaan uit 1 tot 6 hoofdletters zonder punten "
        "(zoals 'JP'), of uit één punt als de voorletters onbekend zijn.",
    ),
    (
        "Voorletters klein",
        "<Voorletters>JP<",
        "<Voorletters>jp<",
        "Voorletters",
        "Voorletters 'jp' moet bestaan uit 1 tot 6 hoofdletters zonder punten "
        "(zoals 'JP'), of uit één punt als de voorletters onbekend zijn.",
    ),
    (
        "Voorletters zeven",
        "<Voorletters>JP<",
        "<Voorletters>ABCDEFG<",
        "Voorletters",
        "Voorletters 'ABCDEFG' moet bestaan uit 1 tot 6 hoofdletters zonder "
        "punten (zoals 'JP'), of uit één punt als de voorletters onbekend zijn.",
    ),
    (
        "Percentage van 4 cijfers",
        "<Percentage>06000<",
        "<Percentage>6000<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie/PercLoonwaardeTovWml/Percentage",
        "Percentage '6000' moet uit precies 5 cijfers bestaan (twee decimalen: 06000 is 60,00%).",
    ),
    (
        "Percentage met komma",
        "<Percentage>06000<",
        "<Percentage>60,00<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie/PercLoonwaardeTovWml/Percentage",
        "Percentage '60,00' moet uit precies 5 cijfers bestaan (twee decimalen: 06000 is 60,00%).",
    ),
    (
        "teken onbekend",
        "<CdPositiefNegatief>+<",
        "<CdPositiefNegatief>P<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie/PercLoonwaardeTovWml/CdPositiefNegatief",
        "CdPositiefNegatief 'P' moet '+' of '-' zijn.",
    ),
    (
        "teken na percentage",
        "<CdPositiefNegatief>+</CdPositiefNegatief><Percentage>06000</Percentage>",
        "<Percentage>06000</Percentage><CdPositiefNegatief>+</CdPositiefNegatief>",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie/PercLoonwaardeTovWml",
        "Element 'CdPositiefNegatief' staat na 'Percentage', maar hoort ervoor.",
    ),
    (
        "cijfer in naam",
        "<Voornamen>Jan Pieter<",
        "<Voornamen>Jan Pieter 2<",
        "Voornamen",
        "Voornamen mag geen cijfers bevatten: 'Jan Pieter 2'.",
    ),
    (
        "naam te lang",
        "<SignificantDeelVanDeAchternaam>Testpersoon<",
        f"<SignificantDeelVanDeAchternaam>{LANG}<",
        "SignificantDeelVanDeAchternaam",
        "SignificantDeelVanDeAchternaam mag hoogstens 200 tekens hebben, maar heeft er 201.",
    ),
    (
        "voorvoegsel te lang",
        "<Voorvoegsel>van<",
        "<Voorvoegsel>van der den<",
        "Voorvoegsel",
        "Voorvoegsel mag hoogstens 10 tekens hebben, maar heeft er 11.",
    ),
    (
        "geslacht letter",
        "<Geslacht>1<",
        "<Geslacht>M<",
        "Geslacht",
        "Geslacht 'M' moet één cijfer zijn (0 onbekend, 1 man, 2 vrouw).",
    ),
    (
        "CdKolomSuwi 100",
        "<Bron><CdKolomSuwi>3<",
        "<Bron><CdKolomSuwi>100<",
        "Bron/CdKolomSuwi",
        "CdKolomSuwi '100' moet een geheel getal van 0 tot en met 99 zijn.",
    ),
    (
        "CdKolomSuwi negatief",
        "<Bron><CdKolomSuwi>3<",
        "<Bron><CdKolomSuwi>-3<",
        "Bron/CdKolomSuwi",
        "CdKolomSuwi '-3' moet een geheel getal van 0 tot en met 99 zijn.",
    ),
    (
        "CdPartijSuwi 3 cijfers",
        f"{BRON_XML}</AtlRelatie>",
        "<Bron><CdKolomSuwi>3</CdKolomSuwi><CdPartijSuwi>344</CdPartijSuwi></Bron></AtlRelatie>",
        "AtlRelatie[1]/Bron/CdPartijSuwi",
        "CdPartijSuwi '344' moet uit precies 4 cijfers bestaan.",
    ),
    (
        "CdVestigingSuwi letters",
        f"{BRON_XML}</AtlRelatie>",
        "<Bron><CdKolomSuwi>3</CdKolomSuwi><CdPartijSuwi>0344</CdPartijSuwi><CdVestigingSuwi>abcd</CdVestigingSuwi></Bron></AtlRelatie>",
        "AtlRelatie[1]/Bron/CdVestigingSuwi",
        "CdVestigingSuwi 'abcd' moet uit precies 4 cijfers bestaan.",
    ),
    (
        "CdArbeidsvermogen 1 teken",
        "<CdArbeidsvermogen>01<",
        "<CdArbeidsvermogen>1<",
        "AtlRelatie[1]/Arbeidsvermogen/CdArbeidsvermogen",
        "CdArbeidsvermogen '1' moet precies 2 tekens hebben, maar heeft er 1.",
    ),
    (
        "CdDoelRv 2 tekens",
        "<CdDoelRv>1<",
        "<CdDoelRv>12<",
        "AtlRelatie[1]/DoelReintegratievoorziening/CdDoelRv",
        "CdDoelRv '12' moet precies 1 teken hebben, maar heeft er 2.",
    ),
    (
        "CdTypeRvGsd 1 teken",
        "<CdTypeRvGsd>05<",
        "<CdTypeRvGsd>5<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/CdTypeRvGsd",
        "CdTypeRvGsd '5' moet precies 2 tekens hebben, maar heeft er 1.",
    ),
    (
        "OmsRv te lang",
        "<OmsRv>Loonkostensubsidie proefplaatsing<",
        f"<OmsRv>{'o' * 101}<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/OmsRv",
        "OmsRv mag hoogstens 100 tekens hebben, maar heeft er 101.",
    ),
    (
        "RegistratienrRvGsd te lang",
        "<RegistratienrRvGsd>RV2024000123<",
        "<RegistratienrRvGsd>RV20240001234567<",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/RegistratienrRvGsd",
        "RegistratienrRvGsd mag hoogstens 15 tekens hebben, maar heeft er 16.",
    ),
    (
        "losse tekst",
        "<ClientSuwi><Burgerservicenr>",
        "<ClientSuwi>hallo<Burgerservicenr>",
        "ClientSuwi",
        "Losse tekst 'hallo' is hier niet toegestaan.",
    ),
    (
        "losse tekst in Bron",
        "<CdKolomSuwi>3</CdKolomSuwi><CdPartijSuwi>0344</CdPartijSuwi></Bron></AtlRelatie>",
        "<CdKolomSuwi>3</CdKolomSuwi>x<CdPartijSuwi>0344</CdPartijSuwi></Bron></AtlRelatie>",
        "AtlRelatie[1]/Bron",
        "Losse tekst 'x' na 'CdKolomSuwi' is hier niet toegestaan.",
    ),
    (
        "tekst in StandaardPerc",
        "<PercLoonwaardeTovWml><CdPositiefNegatief>+</CdPositiefNegatief><Percentage>06000</Percentage></PercLoonwaardeTovWml>",
        "<PercLoonwaardeTovWml>60</PercLoonwaardeTovWml>",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/Loonkostensubsidie/PercLoonwaardeTovWml",
        "Losse tekst '60' is hier niet toegestaan.",
    ),
    (
        "element in een naam",
        "<Voornamen>Jan Pieter</Voornamen>",
        "<Voornamen>Jan <b>Pieter</b></Voornamen>",
        "Voornamen",
        "Element 'Voornamen' mag alleen tekst bevatten, geen elementen.",
    ),
    ("attribuut", "<Voornamen>", '<Voornamen soort="roep">', "Voornamen", "Attribuut 'soort' is niet toegestaan."),
    (
        "attribuut diep",
        "<DatERv>",
        '<DatERv id="1">',
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatERv",
        "Attribuut 'id' is niet toegestaan.",
    ),
]


@pytest.mark.parametrize(
    ("oud", "nieuw", "veld", "reden"),
    [pytest.param(oud, nieuw, veld, reden, id=naam) for naam, oud, nieuw, veld, reden in XSD_EN_LEZER_WEIGEREN],
)
def test_the_xsd_and_the_reader_reject_the_same_record(oud: str, nieuw: str, veld: str, reden: str) -> None:
    assert GELDIG.count(oud) >= 1
    record = GELDIG.replace(oud, nieuw, 1)
    data = bestand([ANDERE, record, ANDERE])
    assert not xsd_geldig(data)
    _, records, sluitstuk = lees(data)
    bsn = etree.fromstring(record).findtext("Burgerservicenr") or ""
    assert records == [
        replace(GELDIG_PERSOON, bsn="999990020", positie=1),
        Afkeuring(positie=2, bsn=bsn, veld=veld, reden=reden),
        replace(GELDIG_PERSOON, bsn="999990020", positie=3),
    ]
    assert sluitstuk.aantal_personen == 3


def test_an_unknown_element_in_place_of_a_clientsuwi_is_a_rejected_record() -> None:
    record = GELDIG.replace("ClientSuwi>", "Client>")
    data = bestand([ANDERE, record, ANDERE])
    assert not xsd_geldig(data)
    _, records, _ = lees(data)
    assert records[1] == Afkeuring(
        2,
        "999990019",
        "ClientSuwi",
        "Onbekend element 'Client'. Na de Kop volgen alleen ClientSuwi-elementen en het Sluitstuk.",
    )
    assert [type(r) for r in records] == [Persoon, Afkeuring, Persoon]


def test_a_second_kop_is_a_rejected_record() -> None:
    data = bestand([ANDERE, KOP_XML])
    assert not xsd_geldig(data)
    _, records, _ = lees(data)
    assert records[1] == Afkeuring(
        2,
        "",
        "ClientSuwi",
        "Element 'Kop' hoort hier niet: na de Kop volgen alleen ClientSuwi-elementen en het Sluitstuk.",
    )


# ---------------------------------------------------------------------------
# Records: rules beyond the XSD
# ---------------------------------------------------------------------------

TWEEDE_LKS = VOORZIENING_XML.replace("RV2024000123", "RV2024000999")


def met_voorzieningen(*voorzieningen: str) -> str:
    return GELDIG.replace(VOORZIENING_XML, "".join(voorzieningen))


def lks(begin: str, einde: str | None) -> str:
    einde_xml = f"<DatERv>{einde}</DatERv>" if einde else ""
    return (
        f"<ReIntegratievoorziening><DatBRv>{begin}</DatBRv>{einde_xml}<Loonkostensubsidie><PercLoonwaardeTovWml>"
        "<Percentage>05000</Percentage></PercLoonwaardeTovWml></Loonkostensubsidie></ReIntegratievoorziening>"
    )


def niet_lks(begin: str, einde: str | None) -> str:
    return lks(begin, einde).replace(
        "<Loonkostensubsidie><PercLoonwaardeTovWml><Percentage>05000</Percentage></PercLoonwaardeTovWml></Loonkostensubsidie>",
        "",
    )


ALLEEN_LEZER_WEIGERT = [
    (
        "elfproef",
        GELDIG.replace("999990019", "999990018"),
        "999990018",
        "Burgerservicenr",
        "Dit BSN voldoet niet aan de elfproef.",
    ),
    (
        "alleen nullen",
        GELDIG.replace("999990019", "000000000"),
        "000000000",
        "Burgerservicenr",
        "BSN mag niet uit alleen nullen bestaan.",
    ),
    (
        "31 februari",
        GELDIG.replace("<DatBRv>20240101<", "<DatBRv>20240231<"),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatBRv",
        "20240231 is geen bestaande datum.",
    ),
    (
        "29 februari 2025",
        GELDIG.replace("<DatERv>20241231<", "<DatERv>20250229<"),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatERv",
        "20250229 is geen bestaande datum.",
    ),
    (
        "onbekende dag",
        GELDIG.replace("<DatBRv>20240101<", "<DatBRv>20240100<"),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatBRv",
        "DatBRv 20240100 heeft een onbekend deel (0000 of 00); DatBRv moet een volledige datum zijn.",
    ),
    (
        "onbekend einde",
        GELDIG.replace("<DatERv>20241231<", "<DatERv>00000000<"),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatERv",
        "DatERv 00000000 heeft een onbekend deel (0000 of 00); DatERv moet een volledige datum zijn.",
    ),
    (
        "einde voor begin",
        GELDIG.replace("<DatBRv>20240101<", "<DatBRv>20240301<").replace("<DatERv>20241231<", "<DatERv>20240101<"),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[1]/DatERv",
        "DatERv 20240101 ligt vóór DatBRv 20240301.",
    ),
    (
        "LKS overlapt",
        met_voorzieningen(lks("20240101", "20240630"), lks("20240301", "20241231")),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[2]",
        "LKS-periode 2024-01-01 t/m 2024-06-30 overlapt met LKS-periode 2024-03-01 t/m 2024-12-31.",
    ),
    (
        "LKS op dezelfde dag",
        met_voorzieningen(lks("20240101", "20240630"), lks("20240630", None)),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[2]",
        "LKS-periode 2024-01-01 t/m 2024-06-30 overlapt met LKS-periode vanaf 2024-06-30 (lopend).",
    ),
    (
        "LKS lopend overlapt later",
        met_voorzieningen(lks("20250101", "20250131"), lks("20200101", None)),
        "999990019",
        "AtlRelatie[1]/ReIntegratievoorziening[2]",
        "LKS-periode 2025-01-01 t/m 2025-01-31 overlapt met LKS-periode vanaf 2020-01-01 (lopend).",
    ),
    (
        "LKS in twee relaties",
        GELDIG.replace(
            "</AtlRelatie>", f"</AtlRelatie><AtlRelatie>{lks('20241201', '20250630')}{BRON_XML}</AtlRelatie>"
        ),
        "999990019",
        "AtlRelatie[2]/ReIntegratievoorziening[1]",
        "LKS-periode 2024-01-01 t/m 2024-12-31 overlapt met LKS-periode 2024-12-01 t/m 2025-06-30.",
    ),
]


@pytest.mark.parametrize(
    ("record", "bsn", "veld", "reden"),
    [pytest.param(record, bsn, veld, reden, id=naam) for naam, record, bsn, veld, reden in ALLEEN_LEZER_WEIGERT],
)
def test_the_reader_rejects_what_the_xsd_cannot_see(record: str, bsn: str, veld: str, reden: str) -> None:
    data = bestand([record, ANDERE])
    assert xsd_geldig(data)
    _, records, _ = lees(data)
    assert records[0] == Afkeuring(positie=1, bsn=bsn, veld=veld, reden=reden)
    assert isinstance(records[1], Persoon)


BEIDE_ACCEPTEREN = [
    ("kolom met voorloopnul", GELDIG.replace("<CdKolomSuwi>3<", "<CdKolomSuwi>03<", 1)),
    ("kolom met plus en spaties", GELDIG.replace("<CdKolomSuwi>3<", "<CdKolomSuwi> +3 <", 1)),
    ("voorletters onbekend", GELDIG.replace("<Voorletters>JP<", "<Voorletters>.<")),
    ("lege naam", GELDIG.replace("<Voornamen>Jan Pieter</Voornamen>", "<Voornamen/>")),
    ("lege loonwaarde", GELDIG.replace("<CdPositiefNegatief>+</CdPositiefNegatief><Percentage>06000</Percentage>", "")),
    ("geboortedatum onbekend", GELDIG.replace("<Geboortedat>19850312<", "<Geboortedat>00000000<")),
    ("geboortedag onbekend", GELDIG.replace("<Geboortedat>19850312<", "<Geboortedat>19850300<")),
    ("geboortejaar onbekend", GELDIG.replace("<Geboortedat>19850312<", "<Geboortedat>00000312<")),
    ("kale persoon", "<ClientSuwi><Burgerservicenr>999990019</Burgerservicenr></ClientSuwi>"),
    (
        "commentaar en CDATA",
        GELDIG.replace("<Voornamen>Jan Pieter<", "<!-- roepnaam --><Voornamen><![CDATA[Jan]]> Pieter<"),
    ),
    ("entiteit", GELDIG.replace("proefplaatsing", "&amp; proefplaatsing")),
    ("ingesprongen", GELDIG.replace("><", ">\n    <")),
    ("LKS sluit aan", met_voorzieningen(lks("20240101", "20240630"), lks("20240701", None))),
    (
        "andere voorzieningen overlappen",
        met_voorzieningen(niet_lks("20240101", None), niet_lks("20240301", "20240401"), lks("20240101", None)),
    ),
    ("geen voorzieningen", GELDIG.replace(VOORZIENING_XML, "")),
    ("groter-dan-teken", GELDIG.replace("proefplaatsing", "proef > plaatsing")),
    ("eindtag in commentaar", GELDIG.replace("<Geslacht>", "<!-- </ClientSuwi> --><Geslacht>")),
    ("eindtag in CDATA", GELDIG.replace("<Voornamen>Jan Pieter<", "<Voornamen><![CDATA[</ClientSuwi>]]><")),
    ("regeleinden in een waarde", GELDIG.replace("proefplaatsing", "proef\r\nplaatsing\r")),
]


@pytest.mark.parametrize("record", [pytest.param(record, id=naam) for naam, record in BEIDE_ACCEPTEREN])
def test_the_xsd_and_the_reader_accept_the_same_edge_cases(record: str) -> None:
    data = bestand([record])
    assert xsd_geldig(data)
    _, records, _ = lees(data)
    assert isinstance(records[0], Persoon), records[0]


def test_edge_cases_are_read_as_their_values() -> None:
    _, records, _ = lees(bestand([r for _, r in BEIDE_ACCEPTEREN[:5]]))
    eerste, _, derde, vierde, vijfde = records
    assert isinstance(eerste, Persoon) and eerste.bron == UTRECHT
    assert isinstance(derde, Persoon) and derde.voorletters == "."
    assert isinstance(vierde, Persoon) and vierde.voornamen == ""
    assert (
        isinstance(vijfde, Persoon) and vijfde.voorzieningen[0].perc_loonwaarde == "" and vijfde.voorzieningen[0].is_lks
    )


# ---------------------------------------------------------------------------
# The fast path and the precise walk read alike
# ---------------------------------------------------------------------------


ZOALS_DE_LEZER = etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False, no_network=True)


def beide_paden(record: str) -> tuple[Persoon | None, Persoon | Afkeuring]:
    element = etree.fromstring(bestand([record]), ZOALS_DE_LEZER)[1]
    try:
        langzaam: Persoon | Afkeuring = precies(element, 1)
    except _Afgekeurd as afgekeurd:
        langzaam = Afkeuring(1, "", afgekeurd.veld, afgekeurd.reden)
    return snel(record, 1), langzaam  # the fast path reads the record's text as it stands in the file


@settings(max_examples=100, deadline=None)
@given(personen(), st.sampled_from([None, "  "]))
def test_the_fast_path_reads_what_the_precise_walk_reads(persoon: Persoon, inspringen: str | None) -> None:
    snel_gelezen, precies_gelezen = beide_paden(schrijf_client_suwi(persoon, inspringen))
    assert precies_gelezen == persoon
    assert snel_gelezen is None or snel_gelezen == persoon


@pytest.mark.parametrize(
    "record", [GELDIG, *(schrijf_client_suwi(p) for p in VOORBEELD_PERSONEN), *(r for _, r in BEIDE_ACCEPTEREN[:3])]
)
def test_plain_records_take_the_fast_path(record: str) -> None:
    snel_gelezen, precies_gelezen = beide_paden(record)
    assert snel_gelezen is not None
    assert snel_gelezen == precies_gelezen


@pytest.mark.parametrize("record", [r for _, r in BEIDE_ACCEPTEREN])
def test_both_paths_agree_on_the_edge_cases(record: str) -> None:
    snel_gelezen, precies_gelezen = beide_paden(record)
    assert isinstance(precies_gelezen, Persoon)
    assert snel_gelezen is None or snel_gelezen == precies_gelezen


@pytest.mark.parametrize(
    "record",
    [GELDIG.replace(oud, nieuw, 1) for _, oud, nieuw, _, _ in XSD_EN_LEZER_WEIGEREN]
    + [r for _, r, _, _, _ in ALLEEN_LEZER_WEIGERT],
)
def test_the_fast_path_accepts_no_invalid_record(record: str) -> None:
    assert beide_paden(record)[0] is None


@pytest.mark.parametrize(
    ("waarde", "gelezen"),
    [
        ("Jan &amp; Piet", "Jan & Piet"),
        ("Jan &#80;iet", "Jan Piet"),
        ("<![CDATA[Jan]]> Piet", "Jan Piet"),
        ("Jan\r\nPiet", "Jan\nPiet"),
        ("Jan\rPiet", "Jan\nPiet"),
        ("Jan > Piet", "Jan > Piet"),
    ],
)
def test_the_fast_path_leaves_references_cdata_and_line_ends_to_lxml(waarde: str, gelezen: str) -> None:
    record = GELDIG.replace(">Jan Pieter<", f">{waarde}<")
    snel_gelezen, precies_gelezen = beide_paden(record)
    assert snel_gelezen is None
    assert precies_gelezen == replace(GELDIG_PERSOON, voornamen=gelezen)
    assert lees(bestand([record]))[1] == [precies_gelezen]


# ---------------------------------------------------------------------------
# File-level faults: the whole file is refused
# ---------------------------------------------------------------------------

BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode() for i in range(1, 10)
    )
    + f']>\n<vzb:Verzamelbestand xmlns:vzb="{NAMESPACE}">{KOP_XML}'.encode()
    + b"<ClientSuwi><Burgerservicenr>&lol9;</Burgerservicenr></ClientSuwi></vzb:Verzamelbestand>"
)


def test_a_billion_laughs_doctype_is_refused_before_anything_is_parsed() -> None:
    begin = time.perf_counter()
    raised = fout(BILLION_LAUGHS)
    assert raised.code == "dtd_niet_toegestaan"
    assert (
        str(raised)
        == "Het bestand bevat een DOCTYPE (regel 2); een verzamelbestand mag geen DTD en geen entiteiten bevatten."
    )
    assert time.perf_counter() - begin < 1


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd">' + bestand()[39:],
        b'<?xml version="1.0"?><!-- eerst commentaar --><!DOCTYPE x [<!ENTITY e "e">]>' + bestand()[39:],
        b"\xef\xbb\xbf<!DOCTYPE x>" + bestand()[39:],
    ],
)
def test_any_doctype_is_refused(data: bytes) -> None:
    assert fout(data).code == "dtd_niet_toegestaan"


def test_a_doctype_is_noticed_even_one_byte_at_a_time() -> None:
    raised = fout(BILLION_LAUGHS, chunk_size=1)
    assert raised.code == "dtd_niet_toegestaan"


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    raised = fout(data)
    assert raised.code == "leeg"
    assert str(raised) == "Het bestand is leeg."


def test_a_truncated_file_is_not_xml_and_says_where() -> None:
    data, _ = schrijf(VOORBEELD_PERSONEN, inspringen="  ")
    afgekapt = data[: data.index(b"</ClientSuwi>", 400)]
    raised = fout(afgekapt)
    assert raised.code == "geen_xml"
    assert str(raised).startswith("Het bestand is geen goedgevormde XML (regel ")


def test_malformed_xml_in_the_middle_gives_its_line() -> None:
    data = bestand([GELDIG, GELDIG.replace("</Voornamen>", "</Voornaam>")])
    lezer = VerzamelbestandLezer(io.BytesIO(data))
    lezer.kop()
    with pytest.raises(BestandFout) as raised:
        list(lezer.records())
    assert raised.value.code == "geen_xml"
    assert "(regel 5)" in str(raised.value)
    assert "Voornamen" in str(raised.value)


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (b"hallo", "Het bestand is geen XML: op regel 1 staat tekst vóór het eerste element."),
        (b'\n\n{"json": true}', "Het bestand is geen XML: op regel 3 staat tekst vóór het eerste element."),
        (
            "<?xml version='1.0' encoding='UTF-16'?><a/>".encode("utf-16"),
            "Het bestand is in UTF-16 opgeslagen; een verzamelbestand is UTF-8.",
        ),
        (
            b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>',
            "Het bestand heeft tekenset ISO-8859-1; een verzamelbestand is UTF-8.",
        ),
        (b"<!-- alleen commentaar -->", "Het bestand is geen XML: het hoofdelement ontbreekt of is afgebroken."),
        (b"<vzb:Verzamelbestand", "Het bestand is geen XML: het hoofdelement ontbreekt of is afgebroken."),
    ],
)
def test_what_is_not_xml_is_refused(data: bytes, melding: str) -> None:
    for chunk_size in (1, 1 << 20):
        raised = fout(data, chunk_size=chunk_size)
        assert (raised.code, str(raised)) == ("geen_xml", melding)


def test_stray_text_between_records_is_refused() -> None:
    data = bestand([GELDIG + "tekst", ANDERE])
    raised = fout(data)
    assert raised.code == "geen_xml"
    assert str(raised) == (
        "Na het element 'ClientSuwi' op regel 4 staat losse tekst 'tekst'; tussen de elementen van het "
        "Verzamelbestand mag alleen witruimte staan."
    )


def test_stray_text_is_found_between_comments_too() -> None:
    for chunk_size in (1 << 20, 3):
        raised = fout(bestand([GELDIG + "<!-- a -->te<?b c?>kst<!-- d -->", ANDERE]), chunk_size=chunk_size)
        assert (raised.code, str(raised)) == (
            "geen_xml",
            "Na het element 'ClientSuwi' op regel 4 staat losse tekst 'tekst'; tussen de elementen van het "
            "Verzamelbestand mag alleen witruimte staan.",
        )


TUSSEN_DE_ELEMENTEN = [
    ("witruimte", "\n  \t\r\n"),
    ("commentaar", "<!-- <ClientSuwi> </ClientSuwi> -->"),
    ("verwerkingsinstructie", "<?verwerk <ClientSuwi>?>"),
    ("spatie als tekenverwijzing", "&#32;"),
    ("witruimte in CDATA", "<![CDATA[ ]]>"),
    ("alles door elkaar", "\n<!-- a -->\n<?b c?>&#10;<![CDATA[\t]]>\n"),
]


@pytest.mark.parametrize("tussen", [pytest.param(tussen, id=naam) for naam, tussen in TUSSEN_DE_ELEMENTEN])
def test_white_space_comments_and_pis_may_stand_between_the_elements(tussen: str) -> None:
    data = bestand([GELDIG + tussen, tussen + ANDERE], kop=tussen + KOP_XML + tussen, na_sluitstuk=tussen)
    for chunk_size in (1 << 20, 4):
        kop, records, sluitstuk = lees(data, chunk_size=chunk_size)
        assert kop == KOP
        assert records == [GELDIG_PERSOON, replace(GELDIG_PERSOON, positie=2, bsn="999990020")]
        assert sluitstuk.aantal_personen == 2


def test_white_space_comments_and_pis_may_follow_the_root_element() -> None:
    data = bestand([GELDIG], root_sluit="</vzb:Verzamelbestand>\n<!-- einde -->\r\n<?klaar?>")
    assert lees(data)[2].aantal_personen == 1
    for na in ("x", "<a/>", "&#32;", "<![CDATA[ ]]>"):
        assert fout(bestand([GELDIG], root_sluit="</vzb:Verzamelbestand>\n" + na)).code == "geen_xml"


def test_a_file_cut_off_anywhere_is_refused() -> None:
    data, _ = schrijf(VOORBEELD_PERSONEN[:2])
    einde = data.rindex(b">") + 1  # just past </vzb:Verzamelbestand>
    for lengte in range(einde):
        for chunk_size in (1 << 20, 64) if lengte % 5 == 0 else (1 << 20,):
            raised = fout(data[:lengte], chunk_size=chunk_size)
            assert raised.code == ("leeg" if lengte == 0 else "geen_xml"), (lengte, str(raised))
            assert str(raised).startswith("Het bestand is "), (lengte, str(raised))
    assert lees(data[:einde])[2].aantal_personen == 2


def zoals_lxml(data: bytes) -> str:
    """The message for a file that is not well-formed, with what lxml says when it reads the whole file."""
    with pytest.raises(etree.XMLSyntaxError) as raised:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    return f"Het bestand is geen goedgevormde XML (regel {raised.value.lineno}): {raised.value.msg}"


def groot_bestand_met(regelnummer: int, oud: bytes, nieuw: bytes) -> bytes:
    """A file of 3,000 persons, one per line, with ``oud`` replaced by ``nieuw`` on the given line."""
    doel = io.BytesIO()
    schrijf_verzamelbestand(doel, KOP, veel_personen(3_000))
    regels = doel.getvalue().split(b"\n")
    assert oud in regels[regelnummer - 1]
    regels[regelnummer - 1] = regels[regelnummer - 1].replace(oud, nieuw, 1)
    return b"\n".join(regels)


# Each made when its test runs: the large ones take a moment.
NIET_GOEDGEVORMD: list[tuple[str, Callable[[], bytes]]] = [
    ("eindtag klopt niet, diep in het bestand", lambda: groot_bestand_met(2501, b"</DatBRv>", b"</DatBR>")),
    ("afgebroken record, diep in het bestand", lambda: groot_bestand_met(2501, b"</ClientSuwi>", b"")),
    ("geen UTF-8", lambda: bestand([GELDIG, ANDERE]).replace(b"Jan Pieter", b"Jan \xff Pieter")),
    ("geen UTF-8 aan het einde", lambda: bestand([GELDIG])[:-30] + b"\xc3"),
    (
        "onbekend voorvoegsel",
        lambda: bestand([GELDIG, GELDIG.replace("<Geslacht>1</Geslacht>", "<q:Geslacht>1</q:Geslacht>")]),
    ),
    ("onbekende entiteit", lambda: bestand([GELDIG.replace("Jan Pieter", "Jan &foo; Pieter")])),
    ("]]> in een waarde", lambda: bestand([GELDIG.replace("Jan Pieter", "Jan ]]> Pieter")])),
    ("verboden teken in een waarde", lambda: bestand([GELDIG.replace("Jan Pieter", "Jan \x01 Pieter")])),
    ("dubbel streepje in commentaar", lambda: bestand([GELDIG + "<!-- a -- b -->", ANDERE])),
    ("XML-declaratie tussen de records", lambda: bestand([GELDIG + "<?xml version='1.0'?>", ANDERE])),
    ("DOCTYPE tussen de records", lambda: bestand([GELDIG + "<!DOCTYPE x>", ANDERE])),
    ("verkeerde eindtag van het hoofdelement", lambda: bestand([GELDIG], root_sluit="</vzb:Ander>")),
    ("geen eindtag van het hoofdelement", lambda: bestand([GELDIG], root_sluit="")),
    ("tekst na het hoofdelement", lambda: bestand([GELDIG], root_sluit="</vzb:Verzamelbestand>\n\nx")),
    ("tweede hoofdelement", lambda: bestand([GELDIG], root_sluit="</vzb:Verzamelbestand><a/>")),
]


@pytest.mark.parametrize("maak", [pytest.param(maak, id=naam) for naam, maak in NIET_GOEDGEVORMD])
def test_what_is_not_well_formed_is_refused_with_the_place_lxml_gives(maak: Callable[[], bytes]) -> None:
    data = maak()
    melding = zoals_lxml(data)
    for chunk_size in (1 << 20, 4096, 7) if len(data) < 10_000 else (1 << 20, 4096):
        raised = fout(data, chunk_size=chunk_size)
        assert (raised.code, str(raised)) == ("geen_xml", melding)


def test_a_file_larger_than_max_bytes_is_refused_without_reading_on() -> None:
    data = bestand([GELDIG] * 50)
    lezer = VerzamelbestandLezer(io.BytesIO(data), max_bytes=1000, chunk_size=256)
    with pytest.raises(BestandFout) as raised:
        lezer.kop()
        list(lezer.records())
    assert raised.value.code == "te_groot"
    assert str(raised.value) == "Het bestand is groter dan de toegestane 1000 bytes."
    assert lezer.bytes_gelezen == 1001


def test_a_file_of_exactly_max_bytes_is_accepted() -> None:
    data = bestand([GELDIG])
    assert lees(data, max_bytes=len(data))[2].aantal_personen == 1


def test_one_element_larger_than_the_limit_is_refused() -> None:
    # The limit is watched per chunk read (1 MiB): an element well over it is refused on the way.
    reus = GELDIG.replace("</AtlRelatie>", "</AtlRelatie>" + "<AtlRelatie/>" * (MAX_ELEMENT_BYTES // 13 * 3 // 2))
    raised = fout(bestand([GELDIG, reus]))
    assert raised.code == "te_groot"
    assert str(raised).startswith("Het bestand bevat een element van meer dan 4 MiB (na regel 4)")


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (
            bestand(root_open='<vzb:Verzamelbestand xmlns:vzb="urn:vangnet:dkd:verzamelbestand:v2">'),
            "Het hoofdelement is 'Verzamelbestand' in namespace "
            "'urn:vangnet:dkd:verzamelbestand:v2'; een verzamelbestand "
            f"versie 1 heeft 'Verzamelbestand' in namespace '{NAMESPACE}'.",
        ),
        (
            bestand(root_open="<Verzamelbestand>", root_sluit="</Verzamelbestand>"),
            "Het hoofdelement is 'Verzamelbestand' zonder namespace; een verzamelbestand "
            f"versie 1 heeft 'Verzamelbestand' in namespace '{NAMESPACE}'.",
        ),
        (
            bestand(root_open=f'<vzb:Bestand xmlns:vzb="{NAMESPACE}">', root_sluit="</vzb:Bestand>"),
            f"Het hoofdelement is 'Bestand' in namespace '{NAMESPACE}'; een "
            f"verzamelbestand versie 1 heeft 'Verzamelbestand' in namespace '{NAMESPACE}'.",
        ),
        (
            bestand(root_open=f'<Verzamelbestand xmlns="{NAMESPACE}">', root_sluit="</Verzamelbestand>"),
            "Het hoofdelement declareert de standaard-namespace "
            f'(xmlns="{NAMESPACE}"), waardoor ook Kop, ClientSuwi en '
            "Sluitstuk in een namespace komen; die horen geen namespace "
            f'te hebben. Gebruik een voorvoegsel: xmlns:vzb="{NAMESPACE}".',
        ),
        (
            bestand(kop=KOP_XML.replace("v0200", "v0100")),
            "Berichtversie 'GSDDossierReintegratie-v0100' (regel 3) wordt niet "
            "ondersteund; de enige ondersteunde versie is GSDDossierReintegratie-v0200.",
        ),
        (
            bestand(kop=KOP_XML.replace(">Reintegratie<", ">Inkomen<")),
            "Cluster 'Inkomen' (regel 3) wordt niet ondersteund; het enige cluster is Reintegratie.",
        ),
    ],
)
def test_an_unknown_version_is_refused(data: bytes, melding: str) -> None:
    assert not xsd_geldig(data)
    raised = fout(data)
    assert (raised.code, str(raised)) == ("onbekende_versie", melding)


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (bestand(kop=""), "Het eerste element van het Verzamelbestand moet Kop zijn, maar is 'Sluitstuk' (regel 4)."),
        (
            bestand([GELDIG], kop=""),
            "Het eerste element van het Verzamelbestand moet Kop zijn, maar is 'ClientSuwi' (regel 4).",
        ),
        (
            bestand(kop="<Voorwoord/>" + KOP_XML),
            "Het eerste element van het Verzamelbestand moet Kop zijn, maar is 'Voorwoord' (regel 3).",
        ),
        (bestand(kop="welkom" + KOP_XML), "Vóór de Kop staat losse tekst: 'welkom'."),
        (
            bestand(kop=KOP_XML.replace("<Volgnummer>17</Volgnummer>", "")),
            "Kop (regel 3): Verplicht element 'Volgnummer' ontbreekt.",
        ),
        (
            bestand(kop=KOP_XML.replace("GM0344", "0344")),
            "Gemeentecode '0344' (regel 3) is ongeldig: verwacht GM en vier cijfers, zoals GM0344.",
        ),
        (
            bestand(kop=KOP_XML.replace("20261122", "20260231")),
            "Aanmaakdatum '20260231' (regel 3) is geen bestaande datum in de vorm JJJJMMDD.",
        ),
        (
            bestand(kop=KOP_XML.replace("20261122", "2026-11-22")),
            "Aanmaakdatum '2026-11-22' (regel 3) is geen bestaande datum in de vorm JJJJMMDD.",
        ),
        (
            bestand(kop=KOP_XML.replace(">17<", ">0<")),
            "Volgnummer '0' (regel 3) moet een geheel getal van 1 tot en met 999999999 zijn, zonder voorloopnullen.",
        ),
        (
            bestand(kop=KOP_XML.replace(">17<", ">017<")),
            "Volgnummer '017' (regel 3) moet een geheel getal van 1 tot en met 999999999 zijn, zonder voorloopnullen.",
        ),
        (
            bestand(kop=KOP_XML.replace("<Kop>", '<Kop versie="1">')),
            "Kop (regel 3): attribuut 'versie' op 'Kop' is niet toegestaan.",
        ),
    ],
)
def test_an_invalid_kop_is_refused(data: bytes, melding: str) -> None:
    assert not xsd_geldig(data) or "Aanmaakdatum '20260231'" in melding
    raised = fout(data)
    assert (raised.code, str(raised)) == ("ongeldige_kop", melding)


def test_a_file_without_elements_has_no_kop() -> None:
    data = f'<vzb:Verzamelbestand xmlns:vzb="{NAMESPACE}"/>'.encode()
    raised = fout(data)
    assert (raised.code, str(raised)) == (
        "ongeldige_kop",
        "De Kop ontbreekt: het Verzamelbestand bevat geen elementen.",
    )


def test_kop_reads_only_as_far_as_the_kop() -> None:
    data = bestand([GELDIG] * 200)
    lezer = VerzamelbestandLezer(io.BytesIO(data), chunk_size=512)
    assert lezer.kop() == KOP
    assert lezer.bytes_gelezen <= 1024 < len(data)


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (
            bestand([GELDIG]).replace(b"<Sluitstuk>", b"<Slot>").replace(b"</Sluitstuk>", b"</Slot>"),
            None,  # the unknown element <Slot> is a rejected record, then the trailer is missing
        ),
        (
            bestand([GELDIG]).split(b"<Sluitstuk>")[0] + b"</vzb:Verzamelbestand>",
            "Het Sluitstuk ontbreekt: het bestand eindigt zonder Sluitstuk.",
        ),
        (
            bestand([GELDIG], na_sluitstuk=ANDERE),
            "Na het Sluitstuk staat nog een element 'ClientSuwi' "
            "(regel 5); het Sluitstuk moet het laatste element zijn.",
        ),
        (
            bestand([GELDIG], na_sluitstuk="<Extra/>"),
            "Na het Sluitstuk staat nog een element 'Extra' (regel 5); het Sluitstuk moet het laatste element zijn.",
        ),
        (bestand([GELDIG], sha256="ABC"), "Sha256 in het Sluitstuk (regel 5) moet 64 kleine hexadecimale tekens zijn."),
        (bestand([GELDIG], aantal=-1), "AantalPersonen '-1' in het Sluitstuk (regel 5) is geen aantal."),
        (
            bestand([GELDIG], na_sluitstuk="<!--" + "x" * HASH_VENSTER + "-->"),
            "Het Sluitstuk begint niet in de laatste 64 KiB van het bestand; na "
            "het Sluitstuk mag alleen nog het einde van het Verzamelbestand staan.",
        ),
    ],
)
def test_a_missing_or_invalid_sluitstuk_is_refused(data: bytes, melding: str | None) -> None:
    raised = fout(data)
    assert raised.code == "geen_sluitstuk"
    if melding is not None:
        assert str(raised) == melding


def test_a_wrong_count_is_refused() -> None:
    data = bestand([GELDIG, ANDERE], aantal=3)
    assert xsd_geldig(data)
    raised = fout(data)
    assert (raised.code, str(raised)) == (
        "aantal_klopt_niet",
        "Volgens het Sluitstuk bevat het bestand 3 personen, maar er staan 2 ClientSuwi-elementen in.",
    )


def test_rejected_records_count_as_persons() -> None:
    data = bestand([GELDIG.replace("999990019", "123"), GELDIG.replace("ClientSuwi>", "Client>")], aantal=2)
    _, records, sluitstuk = lees(data)
    assert [type(r) for r in records] == [Afkeuring, Afkeuring]
    assert sluitstuk.aantal_personen == 2


def test_a_tampered_record_breaks_the_hash() -> None:
    data, sluitstuk = schrijf(VOORBEELD_PERSONEN)
    vervalst = data.replace(b"Jan Pieter", b"Jan Pietet")
    assert len(vervalst) == len(data) and vervalst != data
    raised = fout(vervalst)
    assert raised.code == "hash_klopt_niet"
    assert sluitstuk.sha256 in str(raised)


def test_the_hash_covers_the_prolog_too() -> None:
    data, _ = schrijf(VOORBEELD_PERSONEN)
    assert fout(data.replace(b'version="1.0"', b"version='1.0'")).code == "hash_klopt_niet"


def test_a_fault_is_raised_again_on_every_later_call() -> None:
    lezer = VerzamelbestandLezer(io.BytesIO(b""))
    with pytest.raises(BestandFout):
        lezer.kop()
    with pytest.raises(BestandFout):
        lezer.kop()
    with pytest.raises(BestandFout):
        list(lezer.records())
    with pytest.raises(BestandFout):
        lezer.sluitstuk()


def test_the_sluitstuk_comes_after_the_records() -> None:
    lezer = VerzamelbestandLezer(io.BytesIO(bestand([GELDIG])))
    records = lezer.records()
    with pytest.raises(RuntimeError):
        lezer.sluitstuk()
    list(records)
    assert lezer.sluitstuk().aantal_personen == 1
    with pytest.raises(RuntimeError):
        lezer.records()


def test_bytes_gelezen_counts_the_whole_file() -> None:
    data = VOORBEELD_PATH.read_bytes()
    lezer = VerzamelbestandLezer(io.BytesIO(data), chunk_size=100)
    lezer.kop()
    list(lezer.records())
    lezer.sluitstuk()
    assert lezer.bytes_gelezen == len(data)


# ---------------------------------------------------------------------------
# Memory
# ---------------------------------------------------------------------------

MAGER = Persoon(
    positie=0,
    bsn="",
    relaties=(Relatie(UTRECHT),),
    voorzieningen=(Voorziening(0, date(2024, 1, 1), date(2024, 12, 31), perc_loonwaarde="+06000", is_lks=True),),
)


def veel_personen(aantal: int) -> Iterator[Persoon]:
    bsns = cycle(list(synthetic_bsns(2_000)))
    relaties, voorzieningen = MAGER.relaties, MAGER.voorzieningen
    for positie in range(1, aantal + 1):
        yield Persoon(positie, next(bsns), relaties=relaties, voorzieningen=voorzieningen)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


AANTAL = 50_000
GETRACEERD = 10_000
RSS_GRENS = 16 * 1024 * 1024


@pytest.fixture(scope="module")
def groot_bestand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Sluitstuk]:
    """A file of AANTAL persons (about 20 MiB), written once for this module."""
    pad = tmp_path_factory.mktemp("verzamelbestand") / "groot.xml"
    with pad.open("wb") as doel:
        sluitstuk = schrijf_verzamelbestand(doel, KOP, veel_personen(AANTAL))
    return pad, sluitstuk


def test_memory_stays_bounded_for_50000_persons(groot_bestand: tuple[Path, Sluitstuk]) -> None:
    """All 50,000 records stream by in bounded memory.

    The process's resident size is sampled throughout: it sees libxml2's memory as well as
    Python's objects, and may grow by less than the file's size. tracemalloc, which sees
    only Python's, slows this loop about five times, so it watches the last 10,000
    records: what the loop keeps per record would show there as growth.
    """
    pad, geschreven = groot_bestand
    assert pad.stat().st_size > RSS_GRENS  # a reader that held the file (or its records) would not fit
    rss_voor = rss_max = rss_bytes()
    aantal = 0
    try:
        with pad.open("rb") as bron:
            lezer = VerzamelbestandLezer(bron)  # type: ignore[arg-type]
            lezer.kop()
            for record in lezer.records():
                assert type(record) is Persoon
                aantal += 1
                if aantal % 5_000 == 0:
                    rss_max = max(rss_max, rss_bytes())
                if aantal == AANTAL - GETRACEERD:
                    tracemalloc.start()
            assert lezer.sluitstuk() == geschreven
        huidig, piek = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert aantal == AANTAL
    assert piek < 12 * 1024 * 1024, f"Python-geheugen piek {piek / 1024 / 1024:.1f} MiB"
    assert huidig < 1024 * 1024, f"Python-geheugen groeide {huidig / 1024 / 1024:.1f} MiB"
    assert rss_max - rss_voor < RSS_GRENS, f"RSS groeide {(rss_max - rss_voor) / 1024 / 1024:.1f} MiB"


def test_chunk_boundaries_anywhere_give_the_same_records() -> None:
    """Chunk boundaries fall anywhere in the records, also within a UTF-8 sequence: the result is the same."""
    geschreven = [
        replace(MAGER, positie=i + 1, bsn=bsn, achternaam="Öztürk-€\U0001f600")
        for i, bsn in enumerate(synthetic_bsns(2_000))
    ]
    data, sluitstuk = schrijf(geschreven)
    for chunk_size in (1 << 20, 65_537, 4_099, 1_001):
        assert lees(data, chunk_size=chunk_size) == (KOP, geschreven, sluitstuk)


def test_dates_are_read_across_chunk_boundaries() -> None:
    data, _ = schrijf(
        [
            replace(
                MAGER,
                positie=i + 1,
                bsn=b,
                voorzieningen=(replace(MAGER.voorzieningen[0], begin=date(2024, 1, 1) + timedelta(days=i)),),
            )
            for i, b in enumerate(synthetic_bsns(40))
        ]
    )
    for chunk_size in (1, 3, 64, 1 << 20):
        _, records, sluitstuk = lees(data, chunk_size=chunk_size)
        assert [r.voorzieningen[0].begin for r in records] == [date(2024, 1, 1) + timedelta(days=i) for i in range(40)]  # type: ignore[union-attr]
        assert sluitstuk.aantal_personen == 40


if __name__ == "__main__":
    VOORBEELD_PATH.parent.mkdir(parents=True, exist_ok=True)
    VOORBEELD_PATH.write_bytes(schrijf_voorbeeld())
    print(f"{VOORBEELD_PATH} geschreven.")
