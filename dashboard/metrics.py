"""Every metric the dashboard shows, in one registry: its name on screen in both languages,
its unit, which direction is better, and what part it plays among the costs.

Pages, tables, charts and exports take labels, units and periods from here and nowhere
else, so a metric the model adds later needs one :class:`Metric` line (a test lists the
model's metrics that have none). The numbers themselves come from ``sim``; this module
only describes them.

Roles among the costs:

- ``cost_line``: one line of the municipality's budget; lines add up to the budget cost,
  so they are the only thing a cost chart stacks (income lines are negative);
- ``cost_total``: a sum (the budget cost; the present values of the economic view);
- ``cost_other``: a cost or value beside the budget (the state's cost, investment, the
  residual value), never added to the lines;
- ``ratio``: a cost divided by something (per household housed), never stacked.

A new cost line or view is new lines with their role; :func:`cost_lines` picks the lines
to stack from whatever the run reports, and a test checks them against
``sim.catalog.BUDGET_LINES``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sim
from dashboard.i18n import fmt_value, is_nb

Role = Literal["", "cost_line", "cost_total", "cost_other", "ratio"]
#: how a value over the whole horizon is formed (``sim.KPI_RULES`` plus the special cases)
Period = Literal["sum", "time_mean", "mean", "end", "housed", "horizon", "npv"]
#: how one year's value is formed, for axis titles
Yearly = Literal["per_year", "year_mean", "year_end", "that_year", "housed_that_year"]


@dataclass(frozen=True)
class Unit:
    """A unit in both languages and the number format it takes (:func:`fmt_value` kinds)."""

    nb: str
    en: str
    kind: str = "count"
    #: bokmål and English unit of an axis (``mill. kr`` where values are drawn in millions)
    axis_nb: str = ""
    axis_en: str = ""
    #: what chart values are divided by (kroner are drawn in millions)
    scale: float = 1.0

    def text(self, lang: str) -> str:
        """The unit in ``lang``."""
        return self.nb if is_nb(lang) else self.en

    def axis(self, lang: str) -> str:
        """The unit on a chart axis in ``lang``."""
        return (self.axis_nb or self.nb) if is_nb(lang) else (self.axis_en or self.en)

    @property
    def on_value(self) -> bool:
        """Whether a value needs the unit written after it (kroner and per cent carry theirs;
        a rate's label says per 1000)."""
        return self.kind in ("count", "days", "int")


HOUSEHOLDS = Unit("husstander", "households")
PERSONS = Unit("personer", "persons")
PERSON_NIGHTS = Unit("persondøgn", "person-nights")
HOUSEHOLD_DAYS = Unit("husstandsdøgn", "household-days")
DAYS = Unit("dager", "days", "days")
DWELLINGS = Unit("boliger", "dwellings")
INHABITANTS = Unit("innbyggere", "inhabitants", "int")
APPLICATIONS = Unit("søknader", "applications")
DECISIONS = Unit("vedtak", "decisions")
TENANCIES = Unit("leieforhold", "tenancies")
LEASES = Unit("kontrakter", "leases")
LOANS = Unit("lån", "loans")
GRANTS = Unit("tilskudd", "grants")
GUARANTEES = Unit("garantier", "guarantees")
STAYS = Unit("opphold", "stays")
NOK = Unit("kr", "NOK", "nok", "mill. kr", "NOK million", 1e6)
SHARE = Unit("prosent", "per cent", "share", "%", "%")
PER_1000 = Unit("per 1000 innbyggere", "per 1000 inhabitants", "rate")


@dataclass(frozen=True)
class Metric:
    """One metric as the dashboard shows it.

    Parameters
    ----------
    name:
        The model's name (``sim.YEARLY_METRICS`` or a KPI of ``Aggregate.kpi_summary``).
    nb, en:
        The label; ``short_nb``/``short_en`` a shorter one for legends (defaults to the label).
    unit:
        The unit and its number format.
    better:
        ``-1`` lower is better, ``+1`` higher is better, ``0`` neither (a volume or a mix).
    role:
        Its part among the costs (see the module docstring).
    period:
        How the value over the horizon is formed, when ``sim.KPI_RULES`` says ``special``
        or does not know the KPI.
    yearly:
        How one year's value is formed, when the rule does not say it.
    doc_nb, doc_en:
        The definition (the help text); English falls back to ``sim.METRIC_DOCS``.
    """

    name: str
    nb: str
    en: str
    unit: Unit
    better: int = 0
    role: Role = ""
    period: Period | None = None
    yearly: Yearly | None = None
    doc_nb: str = ""
    doc_en: str = ""
    short_nb: str = ""
    short_en: str = ""


def _cost(line: str, nb: str, en: str, doc_nb: str, doc_en: str) -> Metric:
    return Metric(
        f"cost_{line}_nok",
        f"Kostnad: {nb.lower()}",
        f"Cost: {en.lower()}",
        NOK,
        role="cost_line",
        doc_nb=doc_nb + " Kroner, nominelt; inntekter er negative.",
        doc_en=doc_en + " NOK, nominal; income is negative.",
        short_nb=nb,
        short_en=en,
    )


_ALL: tuple[Metric, ...] = (
    # the population and the stock
    Metric(
        "population",
        "Innbyggere",
        "Inhabitants",
        INHABITANTS,
        yearly="year_mean",
        doc_nb="Innbyggere (årssnitt av befolkningsbanen; for hele perioden: siste år).",
    ),
    Metric(
        "municipal_dwellings",
        "Kommunale boliger",
        "Municipal dwellings",
        DWELLINGS,
        yearly="year_mean",
        doc_nb="Kommunale boliger i boligmassen (årssnitt; for hele perioden: siste år).",
    ),
    Metric(
        "dwellings_per_1000",
        "Kommunale boliger per 1000 innbyggere",
        "Municipal dwellings per 1000 inhabitants",
        PER_1000,
        yearly="year_mean",
        doc_nb="Kommunale boliger per 1000 innbyggere (sammenlignbart med KOSTRA).",
    ),
    Metric(
        "occupancy_rate",
        "Utleiegrad",
        "Occupancy rate",
        SHARE,
        better=1,
        doc_nb="Bebodde boliger delt på boliger i boligmassen, tidsveid snitt.",
    ),
    Metric(
        "dwellings_owned",
        "Eide kommunale boliger",
        "Municipally owned dwellings",
        DWELLINGS,
        yearly="year_mean",
        doc_nb="Boliger kommunen eier (årssnitt; for hele perioden: siste år).",
    ),
    Metric(
        "dwellings_leased",
        "Innleide boliger",
        "Leased dwellings",
        DWELLINGS,
        yearly="year_mean",
        doc_nb="Boliger kommunen leier av private (årssnitt; for hele perioden: siste år).",
    ),
    Metric(
        "dwellings_tilvisning",
        "Boliger kommunen kan tildele via tilvisning",
        "Dwellings the municipality nominates to (tilvisning)",
        DWELLINGS,
        yearly="year_mean",
        doc_nb="Boliger i tilvisningsavtaler som kommunen kan tildele leietakere til.",
        short_nb="Tilvisningsboliger",
        short_en="Tilvisning dwellings",
    ),
    Metric(
        "dwellings_rent_to_own",
        "Leie-til-eie-boliger",
        "Rent-to-own dwellings",
        DWELLINGS,
        yearly="year_mean",
        doc_nb="Boliger som leies ut med rett til å kjøpe.",
    ),
    Metric(
        "purchases",
        "Boliger kjøpt",
        "Dwellings bought",
        DWELLINGS,
        doc_nb="Boliger kommunen kjøper i bruktmarkedet.",
    ),
    Metric("sales", "Boliger solgt", "Dwellings sold", DWELLINGS, doc_nb="Boliger kommunen selger."),
    Metric(
        "care_builds",
        "Omsorgsboliger bygget",
        "Care dwellings built",
        DWELLINGS,
        doc_nb="Omsorgsboliger kommunen vedtar å bygge.",
    ),
    Metric(
        "leases_started",
        "Nye innleieavtaler",
        "Private leases started",
        DWELLINGS,
        doc_nb="Private boliger kommunen begynner å leie.",
    ),
    Metric(
        "rent_to_own_options_exercised",
        "Leie til eie: kjøpt av husstanden",
        "Rent-to-own: bought by the household",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander i leie til eie som kjøper boligen i opsjonsåret (boligen går ut av boligmassen).",
    ),
    Metric(
        "rent_to_own_dwellings_added",
        "Leie til eie: boliger lagt til",
        "Rent-to-own: dwellings added",
        DWELLINGS,
        doc_nb="Leie-til-eie-boliger boligmassen får: kjøpt, fratrukket dem leietakerne kjøpte.",
    ),
    Metric(
        "rent_to_own_purchases",
        "Boliger kjøpt for leie til eie",
        "Dwellings bought for rent-to-own",
        DWELLINGS,
        doc_nb="Boliger kjøpt for en bestemt husstand i leie til eie.",
    ),
    # demand and decisions
    Metric(
        "arrivals", "Søknader", "Applications", APPLICATIONS, doc_nb="Husstander som søker kommunal bolig."
    ),
    Metric(
        "approvals",
        "Tilsagn",
        "Approvals (tilsagn)",
        DECISIONS,
        doc_nb="Søknader som vedtaksteamet gir tilsagn.",
    ),
    Metric("rejections", "Avslag", "Rejections", DECISIONS, doc_nb="Søknader som får avslag."),
    Metric(
        "allocations",
        "Husstander som fikk bolig",
        "Households housed",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander som flytter inn i en kommunal bolig.",
    ),
    Metric(
        "allocations_tilvisning",
        "Bosatt via tilvisning",
        "Housed through tilvisning",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander som flytter inn i en tilvisningsbolig.",
    ),
    # the waiting list
    Metric(
        "waiting_list_mean",
        "På ventelisten",
        "On the waiting list",
        HOUSEHOLDS,
        better=-1,
        doc_nb="Husstander på ventelisten, tidsveid snitt.",
    ),
    Metric(
        "waiting_list_end",
        "På ventelisten ved årets slutt",
        "On the waiting list at year end",
        HOUSEHOLDS,
        better=-1,
        doc_nb="Husstander på ventelisten ved årets slutt (for hele perioden: ved periodens slutt).",
    ),
    Metric(
        "mean_wait_days",
        "Ventetid fra tilsagn til bolig",
        "Wait from approval to a dwelling",
        DAYS,
        better=-1,
        period="housed",
        yearly="housed_that_year",
        doc_nb="Snitt antall dager fra tilsagn til innflytting for dem som fikk bolig.",
    ),
    Metric(
        "p_wait_over_6_months",
        "Andel som venter over 6 måneder",
        "Share waiting over 6 months",
        SHARE,
        better=-1,
        period="horizon",
        yearly="that_year",
        doc_nb="Av husstandene der 6-månedersløftet forfalt (fikk bolig eller venter fortsatt), "
        "andelen som fortsatt ventet ved fristen.",
    ),
    Metric(
        "mean_days_waited_end",
        "Dager ventet så langt, de som fortsatt venter",
        "Days waited so far by those still waiting",
        DAYS,
        better=-1,
        period="end",
        doc_nb="Snitt dager allerede ventet for husstander som fortsatt står på listen ved "
        "periodens slutt (de telles med: en uferdig ventetid er ikke null).",
        doc_en="Mean days already waited by households still on the list at the horizon "
        "(they count: an unfinished wait is not zero).",
    ),
    Metric(
        "still_waiting_over_6_months_end",
        "Venter fortsatt etter 6 måneder",
        "Still waiting after 6 months",
        HOUSEHOLDS,
        better=-1,
        period="end",
        doc_nb="Husstander som står på listen ved periodens slutt og har passert 6-månedersløftet.",
        doc_en="Households on the list at the horizon that have passed the 6-month promise.",
    ),
    # homelessness and temporary accommodation
    Metric(
        "homeless_mean",
        "Bostedsløse personer",
        "Homeless persons",
        PERSONS,
        better=-1,
        doc_nb="Bostedsløse personer (på hospits eller uten fast sted), tidsveid snitt.",
    ),
    Metric(
        "homeless_households_mean",
        "Bostedsløse husstander",
        "Homeless households",
        HOUSEHOLDS,
        better=-1,
        doc_nb="Bostedsløse husstander, tidsveid snitt.",
    ),
    Metric(
        "temp_persons_mean",
        "Personer på hospits",
        "Persons in hospits",
        PERSONS,
        better=-1,
        doc_nb="Personer i midlertidig botilbud (hospits), tidsveid snitt.",
    ),
    Metric(
        "temp_households_mean",
        "Husstander på hospits",
        "Households in hospits",
        HOUSEHOLDS,
        better=-1,
        period="time_mean",
        doc_nb="Husstander i midlertidig botilbud, tidsveid snitt.",
        doc_en="Households in temporary accommodation, time-averaged.",
    ),
    Metric(
        "temp_persons_distinct",
        "Ulike personer på hospits",
        "Different persons in hospits",
        PERSONS,
        better=-1,
        period="horizon",
        doc_nb="Ulike personer som har tilbrakt minst ett døgn på hospits.",
    ),
    Metric(
        "temp_nights",
        "Hospitsdøgn",
        "Hospits nights",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn på hospits.",
    ),
    Metric(
        "temp_nights_families_youth",
        "Hospitsdøgn for barnefamilier og unge",
        "Hospits nights of families and youth",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn på hospits for husstander med barn eller unge (rødt lys: målet er null).",
    ),
    Metric(
        "hospits_nights",
        "Kjøpte hospitsdøgn",
        "Purchased hospits nights",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn på kjøpt hospits (midlertidig botilbud utenom kommunens egne enheter).",
    ),
    Metric(
        "temp_stays",
        "Hospitsopphold",
        "Hospits stays",
        STAYS,
        better=-1,
        period="sum",
        doc_nb="Opphold i midlertidig botilbud som begynner i perioden.",
        doc_en="Stays in temporary accommodation starting in the period.",
    ),
    Metric(
        "temp_stay_days",
        "Husstandsdøgn på hospits",
        "Household-days in hospits",
        HOUSEHOLD_DAYS,
        better=-1,
        period="sum",
        doc_nb="Døgn husstander har tilbrakt på hospits i perioden.",
        doc_en="Days households spent in temporary accommodation within the horizon.",
    ),
    Metric(
        "temp_stays_over_3_months",
        "Hospitsopphold over 3 måneder",
        "Hospits stays over 3 months",
        STAYS,
        better=-1,
        doc_nb="Hospitsopphold som passerer 3 måneder (telles det året de passerer).",
    ),
    Metric(
        "temp_cost_nok",
        "Utgifter til hospits",
        "Spending on hospits",
        NOK,
        better=-1,
        doc_nb="Utgifter til hospitsdøgn (kroner, nominelt).",
    ),
    # tenancies and exits
    Metric(
        "evictions",
        "Utkastelser",
        "Evictions",
        HOUSEHOLDS,
        better=-1,
        doc_nb="Utkastelser fra kommunale boliger.",
    ),
    Metric(
        "reapplications",
        "Søker på nytt etter utkastelse",
        "Reapplying after eviction",
        HOUSEHOLDS,
        better=-1,
        doc_nb="Utkastede husstander som søker på nytt («runddansen»).",
    ),
    Metric(
        "move_outs",
        "Avsluttede leieforhold",
        "Tenancies ended",
        TENANCIES,
        doc_nb="Avsluttede leieforhold (alle veier, utkastelser medregnet).",
    ),
    Metric(
        "renewals",
        "Fornyede kontrakter",
        "Leases renewed",
        LEASES,
        doc_nb="Leiekontrakter som fornyes ved utløp.",
    ),
    Metric(
        "exits_total",
        "Ut av systemet, alle veier",
        "Left the system, all routes",
        HOUSEHOLDS,
        doc_nb="Husstander som går ut av systemet (alle veier).",
    ),
    Metric(
        "exits_start_loan",
        "Ut med startlån",
        "Left with a start loan",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander som kjøper egen bolig med startlån.",
        short_nb="Startlån",
        short_en="Start loan",
    ),
    Metric(
        "exits_private_rental",
        "Ut til privat leie",
        "Left for private rental",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander som flytter til en privat leid bolig.",
        short_nb="Privat leie",
        short_en="Private rental",
    ),
    Metric(
        "exits_rent_to_own",
        "Ut gjennom leie til eie",
        "Left through rent-to-own",
        HOUSEHOLDS,
        better=1,
        doc_nb="Husstander som kjøper boligen de leier i leie til eie.",
        short_nb="Leie til eie",
        short_en="Rent-to-own",
    ),
    Metric(
        "exits_lease_end",
        "Ut ved kontraktsslutt",
        "Left at lease end",
        HOUSEHOLDS,
        doc_nb="Husstander som flytter ut når kontrakten utløper uten fornyelse.",
        short_nb="Kontrakt utløpt",
        short_en="Lease ended",
    ),
    Metric(
        "exits_moved",
        "Flyttet i kontraktstiden",
        "Moved during the lease",
        HOUSEHOLDS,
        doc_nb="Husstander som flytter ut i kontraktstiden.",
        short_nb="Flyttet",
        short_en="Moved",
    ),
    Metric(
        "exits_death_or_institution",
        "Død eller institusjon",
        "Death or institution",
        HOUSEHOLDS,
        doc_nb="Leietakere som dør eller flytter til institusjon.",
    ),
    Metric(
        "exits_rejected",
        "Fikk avslag",
        "Rejected",
        HOUSEHOLDS,
        doc_nb="Søkere som får avslag.",
        short_nb="Avslag",
        short_en="Rejected",
    ),
    Metric(
        "exits_refused_offer",
        "Takket nei til tilbud",
        "Refused an offer",
        HOUSEHOLDS,
        doc_nb="Husstander som takker nei til et tilbud (tilsagnet faller bort).",
        short_nb="Takket nei",
        short_en="Refused",
    ),
    Metric(
        "exits_withdrawn",
        "Trakk seg fra ventelisten",
        "Withdrew from the list",
        HOUSEHOLDS,
        doc_nb="Husstander som finner en annen løsning mens de står på ventelisten.",
        short_nb="Trakk seg",
        short_en="Withdrew",
    ),
    Metric(
        "exits_own_solution",
        "Bostedsløse som fant egen løsning",
        "Homeless who found a solution",
        HOUSEHOLDS,
        doc_nb="Bostedsløse husstander som finner en egen løsning.",
        short_nb="Egen løsning",
        short_en="Own solution",
    ),
    # start loans and private rental
    Metric(
        "start_loans",
        "Startlån utbetalt",
        "Start loans paid out",
        LOANS,
        doc_nb="Startlån utbetalt (kjøp gjennomført), i og utenfor boligkøen (KOSTRA).",
    ),
    Metric(
        "start_loans_per_1000",
        "Startlån per 1000 innbyggere",
        "Start loans per 1000 inhabitants",
        PER_1000,
        yearly="per_year",
        doc_nb="Startlån per 1000 innbyggere (KOSTRA; for hele perioden: årssnitt).",
    ),
    Metric(
        "start_loan_nok",
        "Startlån utbetalt, beløp",
        "Start-loan amount paid out",
        NOK,
        doc_nb="Startlånsbeløp utbetalt (kroner).",
    ),
    Metric(
        "start_loan_portfolio_nok",
        "Startlånsportefølje",
        "Start-loan portfolio",
        NOK,
        doc_nb="Utestående startlån ved årets slutt (kroner).",
    ),
    Metric(
        "start_loan_losses_nok",
        "Tap på startlån",
        "Start-loan losses",
        NOK,
        better=-1,
        doc_nb="Tap på mislighold av startlån (kroner; staten dekker en del).",
    ),
    Metric(
        "start_loan_approvals",
        "Startlån innvilget",
        "Start loans approved",
        LOANS,
        doc_nb="Startlån innvilget av vedtaksteamet.",
    ),
    Metric(
        "start_loans_direct",
        "Startlån til andre førstegangskjøpere",
        "Start loans to other first-time buyers",
        LOANS,
        doc_nb="Startlån til førstegangskjøpere utenfor boligkøen.",
    ),
    Metric(
        "settlement_grants",
        "Etableringstilskudd",
        "Settlement grants",
        GRANTS,
        doc_nb="Etableringstilskudd gitt sammen med et startlån.",
    ),
    Metric(
        "guarantees",
        "NAV-garantier for husleie",
        "NAV rent guarantees",
        GUARANTEES,
        doc_nb="NAV-garantier for husleie (også til andre enn dem på ventelisten).",
    ),
    Metric(
        "guarantees_per_1000",
        "NAV-garantier per 1000 innbyggere",
        "NAV rent guarantees per 1000 inhabitants",
        PER_1000,
        yearly="per_year",
        doc_nb="NAV-garantier per 1000 innbyggere (KOSTRA; for hele perioden: årssnitt).",
    ),
    Metric(
        "deposit_loans",
        "Depositumslån",
        "Deposit loans",
        LOANS,
        doc_nb="Depositumslån brukt til et privat leieforhold.",
    ),
    Metric(
        "broker_placements",
        "Formidlet til privat leie",
        "Placed in private rental by the broker",
        HOUSEHOLDS,
        better=1,
        doc_nb="Private leieforhold formidlet av utleiemegleren (boveilederen).",
    ),
    Metric(
        "follow_up_households_mean",
        "Husstander med bo-oppfølging",
        "Households with housing support",
        HOUSEHOLDS,
        doc_nb="Leietakere som får bo-oppfølging, tidsveid snitt.",
    ),
    Metric(
        "temp_nights_awaiting_decision",
        "Hospitsdøgn, venter på vedtak",
        "Hospits nights, awaiting a decision",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn i midlertidig botilbud for husstander som venter på vedtak.",
        short_nb="Venter på vedtak",
        short_en="Awaiting a decision",
    ),
    Metric(
        "homeless_mean_awaiting_decision",
        "Bostedsløse, venter på vedtak",
        "Homeless, awaiting a decision",
        PERSONS,
        better=-1,
        doc_nb="Bostedsløse personer som venter på vedtak, tidsveid snitt.",
    ),
    Metric(
        "temp_nights_on_list",
        "Hospitsdøgn, på ventelisten",
        "Hospits nights, on the waiting list",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn i midlertidig botilbud for husstander med tilsagn som venter på bolig.",
        short_nb="På ventelisten",
        short_en="On the waiting list",
    ),
    Metric(
        "homeless_mean_on_list",
        "Bostedsløse, på ventelisten",
        "Homeless, on the waiting list",
        PERSONS,
        better=-1,
        doc_nb="Bostedsløse personer med tilsagn som venter på bolig, tidsveid snitt.",
    ),
    Metric(
        "temp_nights_not_approved",
        "Hospitsdøgn, uten tilsagn",
        "Hospits nights, not approved",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn i midlertidig botilbud for husstander som ikke har fått tilsagn (avslag, "
        "eller tilsagnet falt bort) og ikke søker på nytt.",
        short_nb="Ikke godkjent",
        short_en="Not approved",
    ),
    Metric(
        "homeless_mean_not_approved",
        "Bostedsløse, uten tilsagn",
        "Homeless, not approved",
        PERSONS,
        better=-1,
        doc_nb="Bostedsløse personer som ikke har fått tilsagn (avslag, eller tilsagnet falt bort) og "
        "ikke søker på nytt, tidsveid snitt.",
    ),
    Metric(
        "temp_nights_after_eviction",
        "Hospitsdøgn, etter utkastelse",
        "Hospits nights, after eviction",
        PERSON_NIGHTS,
        better=-1,
        doc_nb="Persondøgn i midlertidig botilbud for husstander som er kastet ut og ikke har søkt på nytt.",
        short_nb="Etter utkastelse",
        short_en="After eviction",
    ),
    Metric(
        "homeless_mean_after_eviction",
        "Bostedsløse, etter utkastelse",
        "Homeless, after eviction",
        PERSONS,
        better=-1,
        doc_nb="Bostedsløse personer som er kastet ut og ikke har søkt på nytt, tidsveid snitt.",
    ),
    Metric(
        "temp_stay_days_mean",
        "Lengde på hospitsopphold",
        "Length of hospits stays",
        DAYS,
        better=-1,
        period="horizon",
        yearly="that_year",
        doc_nb="Snitt lengde i dager på hospitsopphold som ble avsluttet (det året; for hele perioden: "
        "over perioden).",
    ),
    Metric(
        "temp_nights_per_person",
        "Hospitsdøgn per person",
        "Hospits nights per person",
        PERSON_NIGHTS,
        better=-1,
        period="horizon",
        yearly="that_year",
        doc_nb="Persondøgn i midlertidig botilbud per person som har vært der (rapporten, avsnitt "
        "5.7: omtrent 83 i 2012).",
    ),
    Metric(
        "regional_offer_nights",
        "Døgn i det regionale lavterskeltilbudet",
        "Nights in the regional low-threshold offer",
        PERSON_NIGHTS,
        doc_nb="Persondøgn i plasser i det regionale lavterskeltilbudet.",
    ),
    Metric(
        "staffed_households_mean",
        "Husstander i bemannet bolig",
        "Households in staffed housing",
        HOUSEHOLDS,
        doc_nb="Husstander i bemannet bofellesskap med tett oppfølging, tidsveid snitt.",
    ),
    Metric(
        "staffed_admissions",
        "Innflyttinger i bemannet bolig",
        "Placed in staffed housing",
        HOUSEHOLDS,
        doc_nb="Husstander som får plass i bemannet bofellesskap.",
    ),
    Metric(
        "releases",
        "Løslatt eller utskrevet",
        "Released from prison or treatment",
        HOUSEHOLDS,
        doc_nb="Akutte søkere som løslates fra fengsel eller skrives ut fra behandling.",
    ),
    Metric(
        "releases_assessed_ahead",
        "Vurdert før løslatelse",
        "Assessed before release",
        HOUSEHOLDS,
        better=1,
        doc_nb="Løslatelser vedtaksteamet vurderte før de kom (varsel i forkant).",
    ),
    Metric(
        "releases_housed_on_arrival",
        "Bosatt samme dag som løslatelsen",
        "Housed the day of release",
        HOUSEHOLDS,
        better=1,
        doc_nb="Løslatte som fikk bolig den dagen de kom (en bolig holdt av til dem).",
    ),
    # costs, budget view: the municipality's budget lines (they add up to its budget cost)
    _cost("hospits", "Hospits", "Hospits", "Kjøpte hospitsdøgn.", "Purchased hospits nights."),
    _cost(
        "temp_units",
        "Midlertidige boliger",
        "Temporary units",
        "Kommunens egne midlertidige boliger.",
        "The municipality's own temporary units.",
    ),
    _cost(
        "regional_offer",
        "Regionalt lavterskeltilbud",
        "Regional low-threshold offer",
        "Kommunens andel av et regionalt lavterskeltilbud (per plass i året).",
        "The municipality's share of a regional low-threshold offer (per place a year).",
    ),
    _cost(
        "staffed_housing",
        "Bemannet bolig",
        "Staffed housing",
        "Bemannet bofellesskap med tett oppfølging (per plass i året, brukt eller ikke).",
        "Staffed shared housing with close follow-up (per place a year, used or not).",
    ),
    _cost(
        "capital_existing",
        "Kapital, eksisterende boliger",
        "Capital, existing dwellings",
        "Renter og avdrag på lånene til boligene kommunen eide ved start, så lenge den eier dem.",
        "Interest and instalments on the loans of the dwellings owned at the start, while owned.",
    ),
    _cost(
        "capital_new",
        "Kapital, nye boliger",
        "Capital, new dwellings",
        "Renter og avdrag på lånene til boliger kjøpt eller bygget i perioden (kjøp, omsorgsboliger, "
        "leie til eie), så lenge kommunen eier dem.",
        "Interest and instalments on the loans of dwellings bought or built in the period, while owned.",
    ),
    _cost(
        "leasing",
        "Innleie",
        "Leasing",
        "Husleie til private eiere for innleide boliger.",
        "Rent paid to owners.",
    ),
    _cost(
        "operation",
        "Drift og vedlikehold",
        "Operation and maintenance",
        "Drift, vedlikehold og felleskostnader for eide boliger og leie-til-eie-boliger.",
        "Operating and maintaining owned and rent-to-own dwellings.",
    ),
    _cost(
        "renovation",
        "Oppussing etter hard bruk",
        "Renovation after hard use",
        "Oppussing etter hard bruk (hver utkastelse, noen andre utflyttinger).",
        "Renovations after hard use (every eviction, some other move-outs).",
    ),
    _cost(
        "rent_income",
        "Husleieinntekter",
        "Rent income",
        "Husleie fra leietakerne, fratrukket tap (inntekt).",
        "Rent from tenants less losses (income).",
    ),
    _cost(
        "tilvisning",
        "Tilvisning",
        "Tilvisning",
        "Kommunens betaling for tilvisningsavtaler (per bolig den tildeler til).",
        "The municipality's payments under tilvisning agreements.",
    ),
    _cost(
        "follow_up",
        "Bo-oppfølging",
        "Housing support",
        "Årsverk til bo-oppfølging.",
        "Housing support staff.",
    ),
    _cost(
        "start_loan_net",
        "Startlån, netto",
        "Start loans, net",
        "Kommunens tap på startlån fratrukket rentemarginen.",
        "Start-loan losses carried by the municipality less its interest margin.",
    ),
    # costs: totals, the economic view, the state's share and ratios (never stacked with
    # the lines)
    Metric(
        "cost_municipal_budget_nok",
        "Kommunens budsjettkostnad",
        "Municipal budget cost",
        NOK,
        better=-1,
        role="cost_total",
        doc_nb="Summen av kommunens budsjettposter (kroner, nominelt; for hele perioden: summen).",
    ),
    Metric(
        "cost_municipal_npv_nok",
        "Kommunens kostnad, nåverdi",
        "Municipal cost, present value",
        NOK,
        better=-1,
        role="cost_total",
        period="npv",
        doc_nb="Økonomisk syn: nåverdien av kommunens kostnader i faste kroner fra første år "
        "(investeringer når de betales, drift og inntekter, salg; lån er finansiering, ikke "
        "kostnad), fratrukket restverdien.",
    ),
    Metric(
        "cost_total_npv_nok",
        "Kommune og stat, nåverdi",
        "Municipality and state, present value",
        NOK,
        better=-1,
        role="cost_total",
        period="npv",
        doc_nb="Økonomisk syn: kommunen og staten sammen, faste kroner fra første år.",
    ),
    Metric(
        "cost_state_nok",
        "Kostnad for staten",
        "Cost to the state",
        NOK,
        better=-1,
        role="cost_other",
        doc_nb="Statens kostnader: tilskudd fra Husbanken, dens del av tap på startlån og "
        "tilvisning (kroner, nominelt).",
    ),
    Metric(
        "cost_state_npv_nok",
        "Statens kostnad, nåverdi",
        "Cost to the state, present value",
        NOK,
        better=-1,
        role="cost_other",
        period="npv",
        doc_nb="Økonomisk syn: nåverdien av statens kostnader (tilskudd, dekkede tap, tilvisning).",
    ),
    Metric(
        "residual_value_npv_nok",
        "Restverdi ved periodens slutt, nåverdi",
        "Residual value at the horizon, present value",
        NOK,
        role="cost_other",
        period="npv",
        doc_nb="Økonomisk syn: nåverdien av boligene som er lagt til og fortsatt eies ved "
        "periodens slutt (bygningen avskrevet), fratrukket boliger solgt; allerede trukket fra "
        "i kommunens nåverdi.",
    ),
    Metric(
        "investment_nok",
        "Investering i boliger",
        "Investment in dwellings",
        NOK,
        role="cost_other",
        doc_nb="Investering i boliger kjøpt eller bygget, gebyrer medregnet (finansiert med "
        "tilskudd og lån).",
    ),
    Metric(
        "sale_surplus_nok",
        "Overskudd ved salg",
        "Surplus from sales",
        NOK,
        role="cost_other",
        doc_nb="Kapitalinntekt fra salg (salgssum fratrukket lånene som innfris; investeringsregnskapet, "
        "ikke i budsjettkostnaden).",
    ),
    Metric(
        "cost_per_household_housed_nok",
        "Budsjettkostnad per husstand som fikk bolig",
        "Budget cost per household housed",
        NOK,
        better=-1,
        role="ratio",
        period="horizon",
        yearly="per_year",
        doc_nb="Kommunens budsjettkostnad delt på husstander som fikk bolig.",
    ),
)

REGISTRY: dict[str, Metric] = {m.name: m for m in _ALL}

_PERIOD_TEXT: dict[str, tuple[str, str]] = {
    "sum": ("sum {a}–{b}", "total {a}–{b}"),
    "time_mean": ("snitt {a}–{b}", "average {a}–{b}"),
    "mean": ("årssnitt {a}–{b}", "yearly average {a}–{b}"),
    "end": ("ved utgangen av {b}", "at the end of {b}"),
    "housed": ("snitt for dem som fikk bolig {a}–{b}", "average of those housed {a}–{b}"),
    "horizon": ("{a}–{b}", "{a}–{b}"),
    "npv": ("nåverdi {a}–{b}, faste {a}-kroner", "present value {a}–{b}, real {a} NOK"),
}
_YEARLY_TEXT: dict[str, tuple[str, str]] = {
    "per_year": ("per år", "per year"),
    "year_mean": ("årssnitt", "yearly average"),
    "year_end": ("ved årets slutt", "at year end"),
    "that_year": ("det året", "that year"),
    "housed_that_year": ("for dem som fikk bolig det året", "of those housed that year"),
}


def get(name: str) -> Metric | None:
    """The metric called ``name`` (a ``metric|group`` name: its metric), or None."""
    return REGISTRY.get(name.split("|", 1)[0])


def known(name: str) -> bool:
    """Whether the registry describes ``name``."""
    return get(name) is not None


def _pick(nb: str, en: str, lang: str) -> str:
    return nb if is_nb(lang) else en


def label(name: str, lang: str) -> str:
    """The metric's name on screen. An unknown metric gets a plain placeholder, never the
    identifier (a test keeps the registry complete)."""
    m = get(name)
    if m is None:
        return _pick("Nøkkeltall uten navn", "Unnamed indicator", lang)
    return _pick(m.nb, m.en, lang)


def short(name: str, lang: str) -> str:
    """The metric's short name (legends): the short label, or the label."""
    m = get(name)
    if m is None:
        return label(name, lang)
    return _pick(m.short_nb or m.nb, m.short_en or m.en, lang)


def unit(name: str) -> Unit:
    """The metric's unit (a plain count for an unknown metric)."""
    m = get(name)
    return m.unit if m is not None else Unit("", "")


def kind(name: str) -> str:
    """The number format of the metric (:func:`dashboard.i18n.fmt_value` kinds)."""
    return unit(name).kind


def better(name: str) -> int:
    """``-1`` lower is better, ``+1`` higher is better, ``0`` neither."""
    m = get(name)
    return m.better if m is not None else 0


def role(name: str) -> Role:
    """The metric's part among the costs (empty for a non-cost metric)."""
    m = get(name)
    return m.role if m is not None else ""


def doc(name: str, lang: str) -> str:
    """The definition (help text) in ``lang``."""
    m = get(name)
    if m is None:
        return ""
    if is_nb(lang):
        return m.doc_nb
    return m.doc_en or sim.METRIC_DOCS.get(m.name, "")


def period_rule(name: str) -> str:
    """How the value over the horizon is formed (``sum``, ``time_mean``, ``mean``, ``end``,
    ``housed`` or ``horizon``)."""
    m = get(name)
    if m is not None and m.period is not None:
        return m.period
    rule = sim.KPI_RULES.get(name, "horizon")
    return rule if rule in _PERIOD_TEXT else "horizon"


def period(name: str, lang: str, start: int, end: int) -> str:
    """The period a value over the horizon covers (``sum 2016–2040``)."""
    nb, en = _PERIOD_TEXT[period_rule(name)]
    return _pick(nb, en, lang).format(a=start, b=end)


def yearly_note(name: str, lang: str) -> str:
    """How one year's value is formed (``per år``, ``årssnitt``, ``ved årets slutt`` ...)."""
    m = get(name)
    note = m.yearly if m is not None and m.yearly is not None else None
    if note is None:
        note = {"sum": "per_year", "time_mean": "year_mean", "mean": "per_year", "end": "year_end"}.get(
            sim.KPI_RULES.get(name, ""), "that_year"
        )
    return _pick(*_YEARLY_TEXT[note], lang)


def axis_title(name: str, lang: str, *, monthly: bool = False) -> str:
    """An axis title with the unit and what one point is: ``persondøgn per år``.

    Monthly series of levels are monthly means.
    """
    u = unit(name).axis(lang)
    if monthly:
        return f"{u} ({_pick('månedssnitt', 'monthly average', lang)})"
    note = yearly_note(name, lang)
    if kind(name) == "share":
        return f"{_pick('prosent', 'per cent', lang)} {note}"
    return f"{u} {note}" if note.startswith(("per ", "for ", "det ", "that ", "of ")) else f"{u} ({note})"


def horizon_title(name: str, lang: str, start: int, end: int) -> str:
    """An axis title for values over the horizon: ``persondøgn, sum 2016–2040``."""
    u = unit(name).axis(lang) if kind(name) != "share" else _pick("prosent", "per cent", lang)
    return f"{u}, {period(name, lang, start, end)}"


def describe(name: str, lang: str, start: int, end: int) -> str:
    """Unit (where the value does not carry it) and period: ``persondøgn, sum 2016–2040``."""
    u = unit(name)
    p = period(name, lang, start, end)
    return f"{u.text(lang)}, {p}" if u.on_value else p


def value(x: float | None, name: str, lang: str, *, sign: bool = False, with_unit: bool = False) -> str:
    """A value of the metric, formatted (``with_unit``: a count followed by its unit)."""
    k = kind(name)
    text = fmt_value(x, k, lang, sign=sign)
    u = unit(name)
    if with_unit and u.on_value and text != "–" and u.text(lang):
        text = f"{text}\u00a0{u.text(lang)}"
    return text


#: hospits nights by where the household stands; the four add up to ``temp_nights``
PATHWAY_NIGHTS: tuple[str, ...] = tuple(f"temp_nights_{p}" for p in sim.catalog.PATHS)


def cost_lines(names: Iterable[str]) -> list[str]:
    """The cost lines among ``names``, in their order: what a cost chart stacks."""
    return [n for n in dict.fromkeys(names) if role(n) == "cost_line"]


def missing(names: Iterable[str]) -> list[str]:
    """Metric names the registry does not describe (``metric|group`` by its metric)."""
    return sorted({n.split("|", 1)[0] for n in names if not known(n)})
