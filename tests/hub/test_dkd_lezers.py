"""A small file is read in the process itself, a large one in a forked reader: both give the same rows."""

import io
from dataclasses import astuple

import pytest
from tests.hub.factories import personen, verzamelbestand

from vangnet.domain.verzamelbestand import BestandFout
from vangnet.hub.dkd.ingest import _rijen
from vangnet.hub.dkd.pipeline import ParallelLezer, SequentieleLezer

VAST = (1, "Reintegratie", 7)


def lees(soort: type[ParallelLezer] | type[SequentieleLezer], inhoud: bytes, copy_text: bool) -> tuple:
    with soort(io.BytesIO(inhoud), None, _rijen) as lezer:  # type: ignore[arg-type]
        kop = lezer.kop()
        batches = [astuple(batch) for batch in lezer.records(VAST, copy_text)]
        return kop, batches, lezer.sluitstuk()


@pytest.mark.parametrize("copy_text", [False, True])
def test_both_readers_give_the_same_kop_rows_and_sluitstuk(copy_text):
    inhoud = verzamelbestand("GM0344", 3, personen(2_500))  # more than one batch
    assert lees(SequentieleLezer, inhoud, copy_text) == lees(ParallelLezer, inhoud, copy_text)


@pytest.mark.parametrize("soort", [SequentieleLezer, ParallelLezer])
def test_both_readers_refuse_what_is_not_xml(soort):
    with pytest.raises(BestandFout) as fout:
        lees(soort, b"<kapot", copy_text=False)
    assert fout.value.code == "geen_xml"
