"""Where a scenario default comes from, in words a planner can follow in both languages.

The scenario schema names each default's source in English and points to the project's
digest of the report (``FACTS.md``), a file the dashboard's readers cannot open. Here a
source becomes a citation of the report itself (NIBR-rapport 2016:23, with its chapter or
section), and in bokmål the whole line is translated. A source this module does not know
keeps its wording, with the citation rewritten.
"""

from __future__ import annotations

import re

REPORT_NB = "NIBR-rapport 2016:23"
REPORT_EN = "NIBR report 2016:23"

_R = REPORT_NB + ", "

#: the schema's sources of the levers on the Scenario page, in bokmål
NB: dict[str, str] = {
    "FACTS.md 5.7 (the users need 'a shared house with close follow-up'; none today)": _R
    + "avsnitt 5.7 (brukerne trenger «et bofellesskap med tett oppfølging»; finnes ikke i dag)",
    "assumption: staffed housing with day-time staff, about NOK 1,250 a place per day": (
        "antakelse: bofellesskap med bemanning på dagtid, om lag 1 250 kr per plass per døgn"
    ),
    "FACTS.md 5.7 (the prison service rarely tells the home municipality)": _R
    + "avsnitt 5.7 (kriminalomsorgen varsler sjelden hjemkommunen)",
    "FACTS.md 5.7 (proposals of regional cooperation not taken up; none today)": _R
    + "avsnitt 5.7 (forslag om regionalt samarbeid er ikke fulgt opp; finnes ikke i dag)",
    "assumption: cheaper than a hospits bed all year (NOK 700 x 365 = NOK 255,500), with follow-up": (
        "antakelse: billigere enn en hospitsplass hele året (700 kr × 365 = 255 500 kr), med oppfølging"
    ),
    "FACTS.md 5.7 (today: nothing more; the levers are the report's proposals)": _R
    + "avsnitt 5.7 (i dag: ikke noe mer; virkemidlene er rapportens forslag)",
    (
        "FACTS.md 7.6.2 (the dwelling is bought for a household with ownership potential; "
        "the report's 'dynamic ownership potential')"
    ): _R + "avsnitt 7.6.2 (boligen kjøpes for en husstand med eierpotensial; "
    "rapportens «dynamiske eierpotensial»)",
    "lever": "virkemiddel",
    "assumption": "antakelse",
    "assumption: FACTS.md 7.6.2 recommends more": "antakelse; rapporten anbefaler mer (avsnitt 7.6.2)",
    "assumption: calibrated to hospits nights and users (FACTS.md 5.7)": "antakelse, kalibrert mot "
    "hospitsdøgn og brukere (avsnitt 5.7)",
    "assumption: low throughput in the stock (FACTS.md summary)": "antakelse: lav gjennomstrømning i "
    "boligmassen (rapportens sammendrag)",
    "assumption: rejection rate rose after 2013 (FACTS.md 3.3.2)": "antakelse: andelen avslag økte "
    "etter 2013 (avsnitt 3.3.2)",
    "assumption: the report gives no application counts; calibrated": "antakelse: rapporten oppgir "
    "ikke antall søknader; kalibrert",
    "DESIGN.md (every 2 weeks); FACTS.md ch.4-5 process": "modellens utgangspunkt (hver 2. uke); "
    + _R
    + "saksgangen i kap. 4–5",
    "FACTS.md (report year)": "NIBR-rapport 2016:23 (rapportens år)",
    "FACTS.md 5.7 (at least NOK 700 per night)": _R + "avsnitt 5.7 (minst 700 kr per døgn)",
    "FACTS.md 5.7 (yellow light: nobody more than 3 months)": _R + "avsnitt 5.7 (gult lys: ingen mer enn "
    "3 måneder)",
    "FACTS.md 6.1-6.2 (3 months)": _R + "avsnitt 6.1–6.2 (3 måneder)",
    "FACTS.md 6.1-6.2 (30 years usual, 50 allowed since 2014)": _R + "avsnitt 6.1–6.2 (30 år er vanlig, "
    "50 tillatt fra 2014)",
    "FACTS.md 6.1-6.2 (floating + 1 pp = 3 %; Husbanken recommends 6.25 %; fixed rarely)": _R + "avsnitt "
    "6.1–6.2 (flytende rente + 1 prosentpoeng = 3 %; Husbanken anbefaler 6,25 %; fast rente sjelden)",
    "FACTS.md 6.1-6.2 (settlement grant as last resort); amount is an assumption": _R + "avsnitt 6.1–6.2 "
    "(etableringstilskudd som siste utvei); beløpet er en antakelse",
    "FACTS.md 6.1-6.2 (tenants with long tenure are not offered loans if they can rent privately)": (
        _R + "avsnitt 6.1–6.2 (leietakere med lang botid får ikke tilbud om lån hvis de kan leie privat)"
    ),
    "FACTS.md 6.1-6.2 / 7.6.2 (no systematic survey is done today)": _R + "avsnitt 6.1–6.2 og 7.6.2 (ingen "
    "systematisk kartlegging i dag)",
    "FACTS.md 6.1-6.2: 0.7 loans per 1000 in 2015 -> about 12 loans of about NOK 2.2 million": _R + "avsnitt "
    "6.1–6.2: 0,7 lån per 1000 innbyggere i 2015, det vil si omtrent 12 lån på omtrent 2,2 mill. kr",
    "FACTS.md 6.3 (2.1-2.8 guarantees per 1000 inhabitants 2011-2015)": _R + "avsnitt 6.3 (2,1–2,8 garantier "
    "per 1000 innbyggere 2011–2015)",
    "FACTS.md 6.3 (no deposit loans)": _R + "avsnitt 6.3 (ingen depositumslån)",
    "FACTS.md 6.3 (one housing adviser, judged very effective); number is an assumption": _R + "avsnitt 6.3 "
    "(én boveileder, vurdert som svært effektiv); antallet er en antakelse",
    "FACTS.md 7.6.2 (year 5, or 3)": _R + "avsnitt 7.6.2 (år 5, eller 3)",
    "FACTS.md 7.6.2; rule is a lever": _R + "avsnitt 7.6.2; regelen er et virkemiddel",
    "FACTS.md ch.4-5 (council decision: 6 months)": _R + "kap. 4–5 (kommunestyrets vedtak: 6 måneder)",
    "FACTS.md ch.4-5 (most pressing need; children's situation weighs most)": _R + "kap. 4–5 (størst behov "
    "først; barnas situasjon veier tyngst)",
    "FACTS.md ch.4-5 (refusal voids the tilsagn); probability is an assumption": _R + "kap. 4–5 (å takke nei "
    "gjør at tilsagnet faller bort); sannsynligheten er en antakelse",
    "FACTS.md ch.4-5 (standard lease 3 years)": _R + "kap. 4–5 (standardkontrakt 3 år)",
    "SSB projection horizon (Tabell 3.2)": "horisonten for SSBs framskriving "
    "(NIBR-rapport 2016:23, tabell 3.2)",
    "validation and what-if studies": "for kontroll og hva-om-analyser",
    "the municipality's own (the council sets it; none unless the scenario gives it). `boligflyt init` "
    "sets it from start loans per 1000 inhabitants (KOSTRA) times the price of a small dwelling": (
        "kommunens eget (kommunestyret bestemmer det; ingen uten at scenarioet oppgir det). En ny "
        "kommunefil får det fra startlån per 1000 innbyggere (KOSTRA) ganger prisen på en liten bolig"
    ),
    "FACTS.md 6.1-6.2 (settlement grant as last resort); the amount is the municipality's own (none "
    "unless the scenario gives it; `boligflyt init` scales it by population)": _R
    + "avsnitt 6.1–6.2 (etableringstilskudd som siste utvei); beløpet er kommunens eget (ingen uten at "
    "scenarioet oppgir det; en ny kommunefil skalerer det med folketallet)",
    "the municipality's own (none unless the scenario gives it); `boligflyt init` sets it from "
    "guarantees per 1000 inhabitants (KOSTRA)": (
        "kommunens eget (ingen uten at scenarioet oppgir det); en ny kommunefil får det fra garantier "
        "per 1000 innbyggere (KOSTRA)"
    ),
    "the municipality's own (none unless the scenario gives it; FACTS.md 6.3 describes one housing "
    "adviser); `boligflyt init` scales it by population": (
        "kommunens eget (ingen uten at scenarioet oppgir det; " + _R + "avsnitt 6.3, beskriver én "
        "boveileder); en ny kommunefil skalerer det med folketallet"
    ),
    "the municipality's own (none unless the scenario gives it; FACTS.md 7.6.2 recommends more); "
    "`boligflyt init` scales it by population": (
        "kommunens eget (ingen uten at scenarioet oppgir det; " + _R + "avsnitt 7.6.2, anbefaler "
        "mer); en ny kommunefil skalerer det med folketallet"
    ),
}


_CITE = re.compile(
    r"FACTS\.md(?:\s+(ch\.\s*\d+(?:-\d+)?|\d+(?:\.\d+)*(?:-\d+(?:\.\d+)*)?|summary|Tabell\s+\d+(?:\.\d+)*))?"
)


def _cite(m: re.Match[str], nb: bool) -> str:
    report = REPORT_NB if nb else REPORT_EN
    what = m.group(1)
    if not what:
        return report
    if what.startswith("ch."):
        return f"{report}, {'kap.' if nb else 'ch.'} {what[3:].strip().replace('-', '–')}"
    if what.startswith("Tabell"):
        return f"{report}, {'tabell' if nb else 'table'} {what.split()[-1]}"
    if what == "summary":
        return f"{report}, {'sammendraget' if nb else 'summary'}"
    return f"{report}, {'avsnitt' if nb else 'section'} {what.replace('-', '–')}"


def source_text(source: str, lang: str) -> str:
    """The source of a default in ``lang``: the report cited by name, not a project file."""
    src = " ".join(source.split())
    nb = lang == "nb"
    if nb and src in NB:
        return NB[src]
    src = _CITE.sub(lambda m: _cite(m, nb), src)
    src = src.replace("DESIGN.md", "modellens utgangspunkt" if nb else "the model's design")
    src = src.replace("`boligflyt init`", "en ny kommunefil" if nb else "a new municipality's file")
    src = src.replace(". a new", ". A new")
    if not nb:
        return src
    src = src.replace("assumption", "antakelse").replace("Tabell", "tabell")
    return _DECIMAL.sub(
        lambda m: m.group(0) if _SECTION.search(src[: m.start()]) else m.group(0).replace(".", ","), src
    )


#: a decimal number written with a point, and a section or table number just before
_DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
_SECTION = re.compile(r"(avsnitt|kap\.|tabell|section|ch\.)\s+[\d.–/ og]*$")
