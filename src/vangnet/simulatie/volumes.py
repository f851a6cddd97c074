"""The volumes of the simulation, with their sources (docs/simulation.md explains each one)."""

from typing import Final

LKS_PERSONEN_NATIONAAL: Final = 31_000
"""People with loonkostensubsidie in the Netherlands (CBS StatLine 84511NED, December 2022)."""

SIGNALEN_PER_JAAR: Final = 900
"""Vangnetters with LKS who fall ill out of service, per year, nationally. Not published: DOMAIN.md
estimates 300-1,500 a year; the simulation takes the middle of that range."""

ZW_NA_EINDE_DIENST_PER_JAAR: Final = 40_000
"""Ziektewet benefits granted after the end of employment per year (UWV annual reports 2017-2018)."""

ZONDER_LKS_STEEKPROEF: Final = 100
"""Of the people ill out of service without LKS, one in this many is simulated (400 a year): they
produce no signal, only LKS-toetsen that answer ``nee`` and the check that no dossier follows."""

LKS_DUUR_DAGEN: Final = 3 * 365
"""Assumed mean length of an LKS period (an estimate: LKS decisions usually run for years)."""

HERSTEL_DAGEN: Final = 120
"""Assumed mean time until the Ziektewet benefit ends (betermelding or werkhervatting); an estimate."""

AFWIJZING_KANS: Final = 0.05
"""Assumed share of claims UWV refuses after assessment; an estimate."""

TE_LAAT_KANS: Final = 0.1
"""Share of due deliveries a gemeente makes one to five days late (to make the monitor show it)."""

STORING_KANS: Final = 0.02
"""Chance that a gemeente cannot reach the hub when it delivers (the attempt fails; it retries the next day)."""

SLECHT_RECORD_KANS: Final = 0.25
"""Chance that a gemeente's register holds one bad record (a name with a digit, from before the register
checked names): its deliveries fail the XSD and are not sent until the gemeente repairs it, 1-3 days later."""

WEKELIJKS_KANS: Final = 0.25
"""Share of the gemeenten that deliver their verzamelbestand weekly; the others monthly (an estimate: the
seeds name both rhythms, not their shares)."""

LEVERT_NIET_KANS: Final = 0.1
"""Share of the gemeenten that do not deliver for DKD at all. The seeds (000, 001) say "een groot aantal
gemeenten levert niet aan voor DKD" without a number; a tenth is taken (rounded: none of 4). Their
vangnetters get ``nee`` from the LKS-toets and never reach them: the loss the aanlevermonitor shows."""

WEBSERVICE_AANDEEL: Final = 0.3
"""Share of the gemeenten (of those that take part in DKD) that answer through their own webservice and push
a verwijsindex monthly instead of delivering files. An estimate: the seeds show a gemeente on the webservice
for every cluster and name unreachable webservices as a common problem, without shares."""

GROOTSTE_GEMEENTEN: Final = ("GM0363", "GM0599", "GM0518", "GM0344", "GM0772", "GM0014", "GM0855", "GM0034",
                             "GM0758", "GM0268")  # fmt: skip
"""The ten largest gemeenten by population, largest first (CBS, 1 January 2024: Amsterdam, Rotterdam,
's-Gravenhage, Utrecht, Eindhoven, Groningen, Tilburg, Almere, Breda, Nijmegen). They get the largest
of the drawn register sizes, in this order; the other sizes fall to the other gemeenten at random."""

BSN_TIKFOUT_KANS: Final = 0.03
"""Chance, per delivery, that a BSN typo has reached the gemeente's register since the last one. The file
passes the XSD; the hub refuses that record (11-proef) and names it in the terugmelding, and the gemeente
corrects it 2-10 days later. A small gemeente's file then has more than 5 % refused: the monitor's
``foutief``. An estimate, to make that status occur."""

VERWIJSINDEX_VERGETEN_KANS: Final = 0.05
"""Chance that a webservice gemeente misses its monthly verwijsindex push and sends the next one only
40-70 days after the last: the monitor's ``onvolledig``. An estimate, to make that status occur."""
