"""The tolerant signaalrapport reader: what real files look like, and exactly what is wrong with a bad line."""

import codecs
import csv
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vangnet.domain.bsn import synthetic_bsn
from vangnet.domain.errors import DomainError
from vangnet.domain.signaalimport import (
    EINDE_UITKERING,
    ZIEK_UIT_DIENST,
    Regelfout,
    SignaalbestandFout,
    lees_signaalrapport,
    parse_datum,
)
from vangnet.domain.signaalrapport import HEADER, Signaalregel, csv_inhoud

BSN_1 = synthetic_bsn(1)
BSN_2 = synthetic_bsn(2)
HUB_KOP = "BSN;Datum einde uitkeringsverhouding;Datum einde arbeidsverhouding;Datum eerste AO-dag"
SEED_KOP = "BSN;Datum einde uitkeringsverhouding;Datum  einde arbeidsverhouding;Datum eerste AO-dag"


def lees(tekst: str, codering: str = "utf-8") -> tuple[list[tuple], list[Regelfout]]:
    bestand = lees_signaalrapport(tekst.encode(codering))
    regels = [
        (
            r.regel,
            r.bsn,
            r.datum_einde_uitkeringsverhouding,
            r.datum_einde_arbeidsverhouding,
            r.datum_eerste_ao_dag,
            r.soort,
        )
        for r in bestand.regels
    ]
    return regels, list(bestand.fouten)


def fouten_van(tekst: str) -> list[tuple[int, str | None, str]]:
    return [(f.regel, f.kolom, f.reden) for f in lees(tekst)[1]]


# --- what is accepted -------------------------------------------------------------------------


def test_the_hubs_own_file_reads_back():
    inhoud = csv_inhoud(
        [
            Signaalregel(BSN_1, None, date(2026, 3, 10), date(2026, 3, 2)),
            Signaalregel(BSN_2, date(2026, 5, 31), date(2026, 1, 15), date(2026, 1, 5)),
        ]
    )
    bestand = lees_signaalrapport(inhoud)
    assert bestand.fouten == ()
    assert (bestand.scheidingsteken, bestand.codering, bestand.aantal_regels) == (";", "utf-8", 2)
    eerste, tweede = bestand.regels
    assert (eerste.regel, eerste.bsn, eerste.soort) == (2, BSN_1, ZIEK_UIT_DIENST)
    assert (eerste.datum_einde_arbeidsverhouding, eerste.datum_eerste_ao_dag) == (date(2026, 3, 10), date(2026, 3, 2))
    assert eerste.datum_einde_uitkeringsverhouding is None
    assert (tweede.regel, tweede.soort, tweede.datum_einde_uitkeringsverhouding) == (
        3,
        EINDE_UITKERING,
        date(2026, 5, 31),
    )


def test_a_spreadsheet_file_with_commas_bom_iso_dates_and_the_seeds_double_space():
    tekst = (
        "\ufeffbsn , DATUM  EINDE ARBEIDSVERHOUDING,Datum eerste AO-dag,Datum einde uitkeringsverhouding\r\n"
        f"{BSN_1},2026-03-10,2-3-2026,\r\n"
    )
    bestand = lees_signaalrapport(tekst.encode("utf-8"))
    assert bestand.fouten == ()
    assert (bestand.scheidingsteken, bestand.codering) == (",", "utf-8-sig")
    (regel,) = bestand.regels
    assert (regel.datum_einde_arbeidsverhouding, regel.datum_eerste_ao_dag) == (date(2026, 3, 10), date(2026, 3, 2))


def test_the_seeds_header_with_two_spaces_matches():
    regels, fouten = lees(f"{SEED_KOP}\n{BSN_1};;10-03-2026;02-03-2026\n")
    assert fouten == []
    assert regels == [(2, BSN_1, None, date(2026, 3, 10), date(2026, 3, 2), ZIEK_UIT_DIENST)]


def test_windows_1252_is_the_fallback_when_the_file_is_not_utf8():
    tekst = f"{HUB_KOP};Opmerking\r\n{BSN_1};;10-03-2026;02-03-2026;café overgenomen\r\n"
    bestand = lees_signaalrapport(tekst.encode("cp1252"))
    assert bestand.codering == "cp1252"
    assert [r.bsn for r in bestand.regels] == [BSN_1]


def test_utf16_with_a_bom_is_read():
    tekst = f"{HUB_KOP.replace(';', chr(9))}\r\n{BSN_1}\t\t10-03-2026\t02-03-2026\r\n"
    bestand = lees_signaalrapport(codecs.BOM_UTF16_LE + tekst.encode("utf-16-le"))
    assert (bestand.codering, bestand.scheidingsteken) == ("utf-16", "\t")
    assert [r.bsn for r in bestand.regels] == [BSN_1]


def test_empty_lines_and_lines_of_empty_cells_are_skipped_but_counted_in_line_numbers():
    tekst = f"\n{HUB_KOP}\n\n{BSN_1};;10-03-2026;02-03-2026\n;;;\n  \n{BSN_2};;11-03-2026;03-03-2026\n\n"
    bestand = lees_signaalrapport(tekst.encode())
    assert [r.regel for r in bestand.regels] == [4, 7]
    assert bestand.aantal_regels == 2


def test_quoted_cells_trailing_separators_and_extra_columns():
    tekst = (
        '"BSN";"Datum einde uitkeringsverhouding";"Datum einde arbeidsverhouding";"Datum eerste AO-dag";"Extra";\n'
        f'"{BSN_1}";"";"10-03-2026";"02-03-2026";"x";\n'
        f"{BSN_2};;10-03-2026;02-03-2026;;;;\n"
    )
    regels, fouten = lees(tekst)
    assert fouten == []
    assert [r[1] for r in regels] == [BSN_1, BSN_2]


def test_an_eight_digit_bsn_that_lost_its_leading_zero_in_a_spreadsheet_is_accepted():
    regels, fouten = lees(f"{HUB_KOP}\n12345672;;10-03-2026;02-03-2026\n")
    assert fouten == []
    assert regels[0][1] == "012345672"


def test_an_einde_uitkering_row_may_carry_the_dates_of_its_melding_or_not():
    regels, fouten = lees(f"{HUB_KOP}\n{BSN_1};31-05-2026;10-03-2026;02-03-2026\n{BSN_2};31-05-2026;;\n")
    assert fouten == []
    assert [r[5] for r in regels] == [EINDE_UITKERING, EINDE_UITKERING]
    assert regels[1][3:5] == (None, None)


@pytest.mark.parametrize(
    ("tekst", "verwacht"),
    [
        ("02-03-2026", date(2026, 3, 2)),
        ("2-3-2026", date(2026, 3, 2)),
        ("02-3-2026", date(2026, 3, 2)),
        ("2026-03-02", date(2026, 3, 2)),
        ("2/3/2026", date(2026, 3, 2)),
        ("2.3.2026", date(2026, 3, 2)),
        (" 29-02-2024 ", date(2024, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_date_styles(tekst, verwacht):
    assert parse_datum(tekst) == verwacht


@pytest.mark.parametrize(
    ("tekst", "reden"),
    [
        ("31-02-2026", "De datum 31-02-2026 bestaat niet."),
        ("29-02-2025", "De datum 29-02-2025 bestaat niet."),
        ("2026-02-30", "De datum 2026-02-30 bestaat niet."),
        ("13-13-2026", "De datum 13-13-2026 bestaat niet."),
        ("02-03-26", "Geen datum: verwacht DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD."),
        ("2-3/2026", "Geen datum: verwacht DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD."),
        ("20260302", "Geen datum: verwacht DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD."),
        ("morgen", "Geen datum: verwacht DD-MM-JJJJ, D-M-JJJJ of JJJJ-MM-DD."),
        ("01-01-0026", "De datum 01-01-0026 ligt niet tussen 1900 en 2199."),
    ],
)
def test_bad_dates_have_a_dutch_reason(tekst, reden):
    with pytest.raises(DomainError) as fout:
        parse_datum(tekst)
    assert str(fout.value) == reden


# --- row errors: line, column, reason --------------------------------------------------------


def test_an_invalid_bsn_is_reported_by_the_11_proef_without_repeating_it():
    assert fouten_van(f"{HUB_KOP}\n999990018;;10-03-2026;02-03-2026\n") == [
        (2, "BSN", "Dit BSN voldoet niet aan de elfproef.")
    ]


def test_a_date_that_does_not_exist():
    assert fouten_van(f"{HUB_KOP}\n{BSN_1};;31-02-2026;02-02-2026\n") == [
        (2, "Datum einde arbeidsverhouding", "De datum 31-02-2026 bestaat niet.")
    ]


def test_eerste_ao_dag_after_einde_arbeidsverhouding_is_no_error():
    # ill shortly after leaving, or a relapse after betermelding: the vangnet covers both
    assert fouten_van(f"{HUB_KOP}\n{BSN_1};;01-03-2026;02-03-2026\n") == []


def test_einde_uitkering_before_the_eerste_ao_dag():
    (fout,) = fouten_van(f"{HUB_KOP}\n{BSN_1};01-03-2026;10-03-2026;02-03-2026\n")
    assert fout[:2] == (2, "Datum einde uitkeringsverhouding")


def test_a_row_without_either_kinds_dates():
    assert fouten_van(f"{HUB_KOP}\n{BSN_1};;;\n") == [
        (
            2,
            None,
            "De regel heeft geen datums: een einde-uitkeringsregel heeft een datum einde uitkeringsverhouding, "
            "een ziek-uit-dienstregel een datum einde arbeidsverhouding en een datum eerste AO-dag.",
        )
    ]


@pytest.mark.parametrize(
    ("cellen", "kolom"),
    [(f"{BSN_1};;10-03-2026;", "Datum eerste AO-dag"), (f"{BSN_1};;;02-03-2026", "Datum einde arbeidsverhouding")],
)
def test_a_ziek_uit_dienst_row_missing_one_date(cellen, kolom):
    ((regel, gemeld, reden),) = fouten_van(f"{HUB_KOP}\n{cellen}\n")
    assert (regel, gemeld) == (2, kolom)
    assert reden.startswith("Deze datum ontbreekt")


@pytest.mark.parametrize(
    ("regel", "reden"),
    [
        (f"{BSN_1};;10-03-2026", "De regel heeft 3 cellen, de kopregel 4 kolommen."),
        (f"{BSN_1};;10-03-2026;02-03-2026;extra", "De regel heeft 5 cellen, de kopregel 4 kolommen."),
        (f"{BSN_1}", "De regel heeft 1 cel, de kopregel 4 kolommen."),
    ],
)
def test_wrong_number_of_cells(regel, reden):
    assert fouten_van(f"{HUB_KOP}\n{regel}\n") == [(2, None, reden)]


def test_every_error_of_a_line_is_reported_and_good_lines_still_count():
    tekst = f"{HUB_KOP}\n{BSN_1};;10-03-2026;02-03-2026\n999990018;;31-02-2026;morgen\n{BSN_2};;11-03-2026;03-03-2026\n"
    bestand = lees_signaalrapport(tekst.encode())
    assert [r.regel for r in bestand.regels] == [2, 4]
    assert [(f.regel, f.kolom) for f in bestand.fouten] == [
        (3, "BSN"),
        (3, "Datum einde arbeidsverhouding"),
        (3, "Datum eerste AO-dag"),
    ]
    assert (bestand.aantal_regels, bestand.regels_met_fout) == (3, 1)


def test_a_bsn_in_a_date_column_is_not_echoed():
    ((_, kolom, reden),) = fouten_van(f"{HUB_KOP}\n{BSN_1};;{BSN_2};02-03-2026\n")
    assert kolom == "Datum einde arbeidsverhouding"
    assert BSN_2 not in reden


def test_json_of_an_error():
    assert Regelfout(3, "BSN", "reden").as_json() == {"regel": 3, "kolom": "BSN", "reden": "reden"}


# --- file-level errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inhoud", "melding"),
    [
        (b"", "Het bestand is leeg"),
        (b"\r\n\r\n  \n", "Het bestand is leeg"),
        (b"BSN\n999990019\n", "In de kopregel staat geen scheidingsteken"),
        (
            b"BSN;Datum einde arbeidsverhouding;Datum eerste AO-dag\n",
            "De kolom 'Datum einde uitkeringsverhouding' ontbreekt in de kopregel",
        ),
        (b"BSN;Naam;Adres\n", "De kolommen 'Datum einde uitkeringsverhouding', 'Datum einde arbeidsverhouding', "),
        (
            (HUB_KOP + ";bsn\n").encode(),
            "De kolom 'BSN' staat twee keer in de kopregel.",
        ),
        (codecs.BOM_UTF8 + b"\xff\xfe", "Het bestand begint als UTF-8 maar is geen geldige UTF-8."),
        (b"\x81\x8d\x8f;\x90", "Het bestand is geen tekst in UTF-8 of Windows-1252."),
    ],
)
def test_file_level_errors(inhoud, melding):
    with pytest.raises(SignaalbestandFout) as fout:
        lees_signaalrapport(inhoud)
    assert str(fout.value).startswith(melding)


def test_the_first_data_line_is_never_taken_for_the_header():
    with pytest.raises(SignaalbestandFout, match="ontbreken in de kopregel"):
        lees_signaalrapport(f"{BSN_1};;10-03-2026;02-03-2026\n".encode())


# --- properties ---------------------------------------------------------------------------------

datums = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@st.composite
def signaalregels(draw):
    bsn = synthetic_bsn(draw(st.integers(0, 90_000)))
    eerste_ao_dag = draw(datums)
    einde_arbeid = draw(st.dates(min_value=eerste_ao_dag, max_value=date(2100, 12, 31)))
    if draw(st.booleans()):
        return Signaalregel(bsn, None, einde_arbeid, eerste_ao_dag)
    einde_uitkering = draw(st.dates(min_value=eerste_ao_dag, max_value=date(2100, 12, 31)))
    if draw(st.booleans()):
        return Signaalregel(bsn, einde_uitkering, None, None)
    return Signaalregel(bsn, einde_uitkering, einde_arbeid, eerste_ao_dag)


def schrijf_datum(datum: date | None, stijl: str) -> str:
    if datum is None:
        return ""
    if stijl == "iso":
        return datum.isoformat()
    if stijl == "kort":
        return f"{datum.day}-{datum.month}-{datum.year}"
    return f"{datum.day:02d}-{datum.month:02d}-{datum.year}"


@st.composite
def bestanden(draw):
    """A file as a spreadsheet might have saved it, with the rows it should read as."""
    regels = draw(st.lists(signaalregels(), max_size=8))
    scheidingsteken = draw(st.sampled_from([";", ","]))
    volgorde = draw(st.permutations(range(4)))
    kopnamen = [
        draw(st.sampled_from([naam, naam.upper(), naam.lower(), naam.replace(" ", "  "), f"  {naam} "]))
        for naam in HEADER
    ]
    regeleinde = draw(st.sampled_from(["\r\n", "\n"]))
    lijnen = [scheidingsteken.join(kopnamen[i] for i in volgorde)]
    for regel in regels:
        stijl = draw(st.sampled_from(["dmj", "kort", "iso"]))
        cellen = [
            regel.bsn,
            schrijf_datum(regel.datum_einde_uitkeringsverhouding, stijl),
            schrijf_datum(regel.datum_einde_arbeidsverhouding, stijl),
            schrijf_datum(regel.datum_eerste_ao_dag, stijl),
        ]
        lijnen.append(scheidingsteken.join(cellen[i] for i in volgorde))
        if draw(st.booleans()):
            lijnen.append("")
    inhoud = regeleinde.join(lijnen).encode()
    if draw(st.booleans()):
        inhoud = codecs.BOM_UTF8 + inhoud
    return inhoud, regels


@settings(max_examples=200)
@given(bestanden())
def test_property_any_saved_variant_reads_as_the_same_rows(geval):
    inhoud, regels = geval
    bestand = lees_signaalrapport(inhoud)
    assert bestand.fouten == ()
    gelezen = [
        Signaalregel(r.bsn, r.datum_einde_uitkeringsverhouding, r.datum_einde_arbeidsverhouding, r.datum_eerste_ao_dag)
        for r in bestand.regels
    ]
    assert gelezen == regels
    for regel in bestand.regels:
        verwacht = EINDE_UITKERING if regel.datum_einde_uitkeringsverhouding else ZIEK_UIT_DIENST
        assert regel.soort == verwacht


@given(st.lists(signaalregels(), max_size=8))
def test_property_the_hubs_writer_and_this_reader_agree(regels):
    bestand = lees_signaalrapport(csv_inhoud(regels))
    assert [
        Signaalregel(r.bsn, r.datum_einde_uitkeringsverhouding, r.datum_einde_arbeidsverhouding, r.datum_eerste_ao_dag)
        for r in bestand.regels
    ] == regels


@given(st.binary(max_size=300))
def test_property_any_bytes_give_rows_errors_or_a_file_error_and_nothing_else(inhoud):
    try:
        bestand = lees_signaalrapport(inhoud)
    except SignaalbestandFout:
        return
    regels_met_iets = {r.regel for r in bestand.regels} | {f.regel for f in bestand.fouten}
    assert len(regels_met_iets) == bestand.aantal_regels
    assert not {r.regel for r in bestand.regels} & {f.regel for f in bestand.fouten}


def is_leeg(lijn: str) -> bool:
    return not any(cel.strip() for cel in next(csv.reader([lijn], delimiter=";", skipinitialspace=True), []))


@given(st.lists(st.text(alphabet=st.sampled_from("0123456789-/;,. abc\t\"'"), max_size=40), min_size=1, max_size=6))
def test_property_each_line_that_is_not_empty_is_a_row_or_has_an_error(lijnen):
    bestand = lees_signaalrapport("\n".join([HUB_KOP, *lijnen]).encode())
    verwerkt = sorted({r.regel for r in bestand.regels} | {f.regel for f in bestand.fouten})
    assert verwerkt == [nummer for nummer, lijn in enumerate(lijnen, start=2) if not is_leeg(lijn)]
    assert len(verwerkt) == bestand.aantal_regels
