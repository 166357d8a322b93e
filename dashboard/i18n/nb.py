"""Tekster på bokmål (samme nøkler som :mod:`dashboard.i18n.en`).

``kpidoc.*`` og ``leverhelp.*`` finnes bare her: på engelsk kommer de fra
``sim.METRIC_DOCS`` og fra scenarioskjemaet.
"""

TEXT: dict[str, str] = {
    # app og navigasjon
    "app.title": "Boligflyt",
    "app.sidebar_note": "Simulering av boligsosialt arbeid i Rælingen 2016–2040. "
    "Resultatene er anslag med usikkerhet, ikke prognoser.",
    "lang.label": "Språk",
    "nav.overview": "Oversikt",
    "nav.scenario": "Scenario",
    "nav.compare": "Sammenlign",
    "nav.budget": "Startlånsbudsjett",
    "nav.stock": "Boligmasse mot 2040",
    "nav.tilvisning": "Tilvisningsverksted",
    # oversikt
    "overview.title": "Boligflyt – dagens politikk",
    "overview.no_baseline": "Fant ikke basisscenarioet (baseline.yaml i {folder}).",
    "overview.baseline_invalid": "Filen med basisscenarioet har feil:",
    "overview.kpis": "Nøkkeltall {start}–{end}",
    "overview.to_compare": "Sammenlign tiltak side om side",
    "overview.to_scenario": "Åpne og endre et scenario",
    # nøkkeltall
    "kpi.ci": "95 % intervall: {ci}",
    "kpi.population": "Innbyggere (siste år)",
    "kpi.municipal_dwellings": "Kommunale boliger (siste år)",
    "kpi.dwellings_per_1000": "Kommunale boliger per 1000 innbyggere (siste år)",
    "kpi.arrivals": "Søknader",
    "kpi.approvals": "Tilsagn",
    "kpi.rejections": "Avslag",
    "kpi.allocations": "Husstander som fikk bolig",
    "kpi.waiting_list_mean": "Husstander på ventelisten (snitt)",
    "kpi.waiting_list_end": "Ventelisten ved periodens slutt",
    "kpi.homeless_mean": "Bostedsløse personer (snitt)",
    "kpi.homeless_households_mean": "Bostedsløse husstander (snitt)",
    "kpi.temp_persons_mean": "Personer på hospits (snitt)",
    "kpi.temp_nights": "Hospitsdøgn",
    "kpi.temp_nights_families_youth": "Hospitsdøgn, barnefamilier og unge",
    "kpi.temp_stays_over_3_months": "Hospitsopphold over 3 måneder",
    "kpi.temp_cost_nok": "Utgifter til hospits",
    "kpi.evictions": "Utkastelser",
    "kpi.reapplications": "Nye søknader etter utkastelse",
    "kpi.move_outs": "Avsluttede leieforhold",
    "kpi.renewals": "Fornyede leiekontrakter",
    "kpi.exits_total": "Ut av systemet (alle veier)",
    "kpi.exits_lease_end": "Ut ved kontraktsslutt",
    "kpi.exits_moved": "Ut: flyttet i kontraktstiden",
    "kpi.exits_death_or_institution": "Ut: død eller institusjon",
    "kpi.exits_rejected": "Ut: fikk avslag",
    "kpi.exits_refused_offer": "Ut: takket nei til tilbud",
    "kpi.exits_withdrawn": "Ut: trakk seg fra ventelisten",
    "kpi.exits_own_solution": "Ut: fant egen løsning (bostedsløs)",
    "kpi.occupancy_rate": "Utleiegrad",
    "kpi.mean_wait_days": "Ventetid fra tilsagn til innflytting (dager, snitt)",
    "kpi.p_wait_over_6_months": "Andel som venter mer enn 6 måneder",
    "kpi.temp_persons_distinct": "Personer som har bodd på hospits",
    "kpi.mean_days_waited_end": "Dager ventet for dem som fortsatt venter ved slutten",
    "kpi.still_waiting_over_6_months_end": "Venter fortsatt > 6 måneder ved slutten",
    # beskrivelser av nøkkeltall
    "kpidoc.population": "Innbyggere (årssnitt av befolkningsbanen; nøkkeltall: siste år).",
    "kpidoc.municipal_dwellings": "Kommunale boliger i boligmassen (årssnitt; "
    "nøkkeltall: siste år).",
    "kpidoc.dwellings_per_1000": "Kommunale boliger per 1000 innbyggere "
    "(sammenlignbart med KOSTRA).",
    "kpidoc.arrivals": "Husstander som søker kommunal bolig.",
    "kpidoc.approvals": "Søknader som vedtaksteamet gir tilsagn.",
    "kpidoc.rejections": "Søknader som får avslag.",
    "kpidoc.allocations": "Husstander som flytter inn i en kommunal bolig.",
    "kpidoc.waiting_list_mean": "Husstander på ventelisten, tidsveid snitt.",
    "kpidoc.waiting_list_end": "Husstander på ventelisten ved årets slutt "
    "(nøkkeltall: ved periodens slutt).",
    "kpidoc.mean_wait_days": "Snitt antall dager fra tilsagn til innflytting for dem "
    "som fikk bolig.",
    "kpidoc.p_wait_over_6_months": "Av husstandene der 6-månedersløftet forfalt (fikk bolig eller "
    "venter fortsatt), andelen som fortsatt ventet ved fristen.",
    "kpidoc.homeless_mean": "Bostedsløse personer (på hospits eller uten fast sted), "
    "tidsveid snitt.",
    "kpidoc.homeless_households_mean": "Bostedsløse husstander, tidsveid snitt.",
    "kpidoc.temp_persons_mean": "Personer i midlertidig botilbud (hospits), tidsveid snitt.",
    "kpidoc.temp_persons_distinct": "Ulike personer som har tilbrakt minst ett døgn på hospits.",
    "kpidoc.temp_nights": "Persondøgn på hospits.",
    "kpidoc.temp_nights_families_youth": "Persondøgn på hospits for husstander med barn eller "
    "unge (rødt lys: målet er null).",
    "kpidoc.temp_stays_over_3_months": "Hospitsopphold som passerer 3 måneder (telles det året "
    "de passerer).",
    "kpidoc.temp_cost_nok": "Utgifter til hospitsdøgn (kroner, nominelt).",
    "kpidoc.evictions": "Utkastelser fra kommunale boliger.",
    "kpidoc.reapplications": "Utkastede husstander som søker på nytt («runddansen»).",
    "kpidoc.move_outs": "Avsluttede leieforhold (alle veier, utkastelser medregnet).",
    "kpidoc.renewals": "Leiekontrakter som fornyes ved utløp.",
    "kpidoc.exits_total": "Husstander som går ut av systemet (alle veier).",
    "kpidoc.exits_lease_end": "Husstander som flytter ut når kontrakten utløper uten fornyelse.",
    "kpidoc.exits_moved": "Husstander som flytter ut i kontraktstiden.",
    "kpidoc.exits_death_or_institution": "Leietakere som dør eller flytter til institusjon.",
    "kpidoc.exits_rejected": "Søkere som får avslag.",
    "kpidoc.exits_refused_offer": "Husstander som takker nei til et tilbud "
    "(tilsagnet faller bort).",
    "kpidoc.exits_withdrawn": "Husstander som finner en annen løsning mens de står på ventelisten.",
    "kpidoc.exits_own_solution": "Bostedsløse husstander som finner en egen løsning.",
    "kpidoc.occupancy_rate": "Bebodde boliger delt på boliger i boligmassen, tidsveid snitt.",
    "kpidoc.mean_days_waited_end": "Snitt dager allerede ventet for husstander som fortsatt står "
    "på listen ved periodens slutt (de telles med: en uferdig ventetid er ikke null).",
    "kpidoc.still_waiting_over_6_months_end": "Husstander som fortsatt står på listen ved "
    "periodens slutt og har passert 6-månedersløftet.",
    # tabeller og bildetekster
    "table.kpi": "Nøkkeltall",
    "table.diff_col": "{name}: forskjell",
    "unit.pp": "p.p.",
    "caption.run": "Scenarioer: {names} · frø {seed} · {reps} replikasjoner · "
    "gjennomsnitt med 95 % intervall",
    # kjøringer
    "run.starting": "Starter simuleringen …",
    "run.progress": "Simulerer: {done} av {total} replikasjoner",
    "run.cancel": "Avbryt",
    "run.cancel_hint": "Stopper kjøringen; ingenting tas vare på fra et uferdig scenario.",
    # kommer senere
    "coming.banner": "Tilgjengelig når analysen er på plass.",
    "coming.budget": "Her skal ledelsen kunne variere det årlige **startlånsbudsjettet** og se "
    "hva det gir: ventetid, hospitsdøgn, utflytting med startlån, låneporteføljen og "
    "forventede tap, med usikkerhetsbånd, og det billigste budsjettet som når et valgt mål. "
    "Kommer med startlånsvirkemidlene og analysesaken.",
    "coming.stock": "Her skal planleggere se **dimensjoneringen av boligmassen**: den minste "
    "planen år for år, per boligtype, som holder 6-månedersløftet og barnefamilier ute av "
    "hospits fram til 2040, hva den koster, og dagens politikk til sammenligning.",
    "coming.tilvisning": "Her skal et verksted kunne legge til, endre og fjerne "
    "**tilvisningsavtaler** (antall boliger, kommunens andel, startår, varighet) som kort, og "
    "se virkningen på venting, hospits og kostnad ved siden av referansen.",
    # diagrammer
    "chart.waiting_list.title": "Husstander på ventelisten",
    "chart.waiting_list.y": "husstander (månedssnitt)",
    "chart.p_wait.title": "Andel som venter mer enn 6 måneder etter tilsagn, per år",
    "chart.p_wait.y": "andel av husstandene med frist det året",
    "chart.temp_by_group.title": "Hospitsdøgn per målgruppe, 2016–2040 (★ = barnefamilier og unge)",
    "chart.temp_by_group.y": "persondøgn, hele perioden",
    "chart.red_light.title": "Hospitsdøgn for barnefamilier og unge (målet er null)",
    "chart.red_light.y": "persondøgn per år",
    "chart.homeless.title": "Bostedsløse personer (hospits eller uten fast sted)",
    "chart.homeless.y": "personer (årssnitt)",
    "chart.per_1000.title": "Kommunale boliger per 1000 innbyggere",
    "chart.per_1000.y": "boliger per 1000",
    "chart.ref.akershus": "Akershus {value}",
    "chart.ref.norway": "Landet {value}",
    "chart.exits.title": "Husstander som går ut av systemet, per vei og år",
    "chart.exits.y": "husstander per år",
    "chart.temp_cost.title": "Utgifter til hospitsdøgn",
    "chart.temp_cost.y": "kroner per år (nominelt)",
    "chart.careers.title": "Boligkarrierer: fra søknad til utflytting (snitt per replikasjon)",
    # sammenlign
    "compare.title": "Sammenlign tiltak",
    "compare.draft": "endret",
    "compare.file_invalid": "Scenariofilen {name}.yaml har feil og er utelatt:",
    "compare.none": "Ingen gyldige scenarioer i {folder}.",
    "compare.scenarios": "Scenarioer (opptil fire)",
    "compare.scenarios_help": "Scenariofiler i scenarios/, og scenarioet du endrer på "
    "Scenario-siden (merket ✎).",
    "compare.only_one": "Foreløpig finnes bare ett scenario: endre eller last opp et på "
    "Scenario-siden for å sammenligne tiltak.",
    "compare.pick_one": "Velg minst ett scenario.",
    "compare.reference": "Referanse",
    "compare.reference_help": "Forskjeller vises i forhold til dette scenarioet.",
    "compare.replications": "Replikasjoner",
    "compare.replications_help": "Uavhengige kjøringer per scenario; flere gir smalere "
    "intervaller. 30 er et godt utgangspunkt.",
    "compare.seed": "Frø (seed)",
    "compare.seed_help": "Startpunktet for tilfeldige tall. Samme frø gir de samme "
    "husstandene i alle scenarioer (felles tilfeldige tall) og samme resultat på alle maskiner.",
    "compare.run": "Kjør sammenligning",
    "compare.run_cached": "Resultatene er oppdatert",
    "compare.press_run": "Trykk «Kjør sammenligning» ({n} scenario(er) er ikke simulert med "
    "disse innstillingene ennå).",
    "compare.cached_note": "Resultatene tas vare på for disse scenarioene, frøet og "
    "replikasjonene: uten endringer kjøres ingenting på nytt.",
    "compare.last_run": "Siste kjøring tok {s} s.",
    "compare.kpis": "Nøkkeltall 2016–2040",
    "compare.all_kpis": "Vis alle nøkkeltall",
    "compare.kpi_legend": "Gjennomsnitt (95 % intervall). Forskjell = scenario minus referanse "
    "for de samme husstandene (parvis); ▲/▼ og skyggelegging: intervallet utelukker null.",
    "compare.charts": "Diagrammer",
    "compare.homeless": "Bostedsløshet og midlertidig botilbud",
    "compare.stock": "Kommunal boligmasse",
    "compare.start_loans_placeholder": "Startlån per 1000 innbyggere mot KOSTRA-serien "
    "2010–2015: tilgjengelig når startlånsvirkemidlene er på plass.",
    "compare.exits": "Utflytting",
    "compare.costs": "Kostnader",
    "compare.costs_placeholder": "Kostnader per år fordelt på poster (kjøp, innleie, drift, "
    "husleieinntekter, startlånsportefølje) og nåverdi: tilgjengelig når kostnadsmodellen er "
    "på plass. I dag modelleres bare utgifter til hospits.",
    "compare.careers": "Boligkarrierer",
    "compare.career_scenario": "Scenario",
    "compare.careers_note": "Bygget av hendelsestellinger i modellen; beholdningen ved start og "
    "slutt balanserer hvert trinn. {temp} husstander per kjøring tilbringer minst ett døgn på "
    "hospits underveis.",
    "compare.export": "Last ned",
    # eksport
    "export.kpi_csv": "Nøkkeltall (CSV)",
    "export.yearly_csv": "Årsserier (CSV)",
    "export.excel": "Alle tabeller (Excel)",
    "export.html": "Sammendrag til saksframlegg (HTML)",
    "export.html_title": "Boligflyt – sammenligning av boligpolitiske tiltak",
    "export.meta_scenarios": "Scenarioer",
    "export.meta_reference": "Referanse",
    "export.meta_seed": "Frø",
    "export.meta_reps": "Replikasjoner",
    "export.meta_version": "Boligflyt-versjon",
    "export.png_hint": "Hvert diagram kan lastes ned som PNG fra kameraikonet i verktøylinjen.",
    # målgrupper, boligtyper, veier ut, karrieretrinn
    "group.families_with_children": "Barnefamilier",
    "group.refugees": "Flyktninger",
    "group.youth": "Unge",
    "group.rop": "ROP (rus og psykisk lidelse)",
    "group.disabled_elderly": "Funksjonshemmede og eldre",
    "group.other_low_income": "Andre med lav inntekt",
    "group.acute_homeless": "Akutt bostedsløse",
    "dwelling.small_ordinary": "Liten (1–2 personer)",
    "dwelling.medium_ordinary": "Middels (3–4 personer)",
    "dwelling.large_ordinary": "Stor (5+ personer)",
    "dwelling.care": "Omsorgsbolig (med tjenester)",
    "route.lease_end": "Kontrakt utløpt",
    "route.moved": "Flyttet",
    "route.death_or_institution": "Død eller institusjon",
    "route.rejected": "Avslag",
    "route.refused_offer": "Takket nei",
    "route.withdrawn": "Trakk seg",
    "route.own_solution": "Egen løsning",
    "route.start_loan": "Startlån",
    "route.private_rental": "Privat leie",
    "route.rent_to_own": "Leie til eie",
    "route.eviction": "Utkastelse",
    "node.new_applications": "Nye søknader",
    "node.reapplications": "Søknader på nytt",
    "node.decision": "Vedtaksteam",
    "node.rejected": "Avslag",
    "node.pending_end": "Ikke avgjort ved slutten",
    "node.list_at_start": "På listen i 2016",
    "node.waiting_list": "Venteliste",
    "node.withdrawn": "Trakk seg",
    "node.refused_offer": "Takket nei",
    "node.own_solution": "Egen løsning",
    "node.waiting_end": "Venter fortsatt ved slutten",
    "node.tenants_at_start": "Leietakere i 2016",
    "node.tenancy": "Kommunalt leieforhold",
    "node.lease_end": "Kontrakt utløpt",
    "node.moved": "Flyttet",
    "node.death_or_institution": "Død eller institusjon",
    "node.eviction": "Kastet ut",
    "node.tenant_end": "Fortsatt leietaker ved slutten",
    "node.evicted_reapplies": "Søker på nytt",
    "node.evicted_gone": "Søker ikke på nytt",
    # scenario
    "scenario.title": "Scenario",
    "scenario.pick_file": "Åpne en scenariofil",
    "scenario.pick_file_help": "Filer i scenarios/. Å åpne en fil forkaster endringer som "
    "ikke er lagret.",
    "scenario.pick_placeholder": "Velg en fil",
    "scenario.upload": "… eller last opp en YAML-fil",
    "scenario.upload_help": "En scenariofil som dem i scenarios/; den kan begynne med "
    "`extends: baseline.yaml`. Den leses i minnet og lagres bare hvis du lagrer den.",
    "scenario.editing": "Du endrer **{origin}** · {n} endring(er)",
    "scenario.reset": "Angre endringer",
    "scenario.valid": "Scenarioet «{name}» er gyldig. Det er klart på Sammenlign-siden (merket ✎).",
    "scenario.invalid": "Scenarioet har {n} feil; de vises ved feltene. Rett dem for å laste "
    "ned, lagre eller sammenligne.",
    "scenario.export": "Last ned eller lagre",
    "scenario.download": "Last ned som YAML",
    "scenario.download_help": "Det endrede scenarioet som en fil du kan ta vare på, dele eller "
    "kjøre fra kommandolinjen.",
    "scenario.to_compare": "Sammenlign med dagens politikk",
    "scenario.save_name": "Lagre som (nytt navn)",
    "scenario.save_help": "Bokstavene a–z, sifre og _; andre tegn blir _ (æ, ø, å skrives ae, "
    "o, a). Lagres i scenarios/; en fil som finnes fra før, blir aldri overskrevet.",
    "scenario.save": "Lagre",
    "save.ok": "Lagret som scenarios/{file}.",
    "save.err_name": "Gi et navn med minst én bokstav.",
    "save.err_exists": "scenarios/{name}.yaml finnes allerede; velg et annet navn.",
    "save.err_io": "Kunne ikke lagre: {error}",
    "upload.not_utf8": "filen er ikke UTF-8-tekst",
    "upload.loaded": "Lastet inn {name}.",
    "upload.invalid": "Den opplastede filen har {n} feil og ble ikke lastet inn "
    "(fil:linje: felt: feil):",
    "problem.got": "fikk",
    "lever.source": "Kilde",
    # grupper av virkemidler
    "levergroup.general": "Generelt",
    "levergroup.general.intro": "Navn, beskrivelse og periode som simuleres.",
    "levergroup.demand": "Etterspørsel",
    "levergroup.demand.intro": "Hvem som søker kommunal bolig, og hvor mange som får tilsagn.",
    "levergroup.stock": "Boligmasse",
    "levergroup.stock.intro": "De kommunale boligene og hvor raskt de leies ut igjen.",
    "levergroup.temporary": "Midlertidig botilbud",
    "levergroup.temporary.intro": "Hospits: pris, 3-månedersmålet og hvem som plasseres der.",
    "levergroup.allocation": "Tildeling",
    "levergroup.allocation.intro": "Vedtaksteamet, rekkefølgen på ventelisten og 6-månedersløftet.",
    "levergroup.tenancies": "Leieforhold",
    "levergroup.tenancies.intro": "Kontrakter, fornyelse, utkastelser og flytting.",
    "levergroup.start_loans": "Startlån",
    "levergroup.start_loans.intro": "Budsjett, hvem som kan få, og vilkår for startlån.",
    "levergroup.private_rental": "Privat leie",
    "levergroup.private_rental.intro": "NAV-garantier og kapasiteten til utleiemegleren.",
    "levergroup.tilvisning": "Tilvisning",
    "levergroup.tilvisning.intro": "Tilvisningsavtaler med private utbyggere.",
    "levergroup.rent_to_own": "Leie til eie",
    "levergroup.rent_to_own.intro": "Boliger kjøpt for en husstand, med rett til å kjøpe.",
    "levergroup.follow_up": "Oppfølging",
    "levergroup.follow_up.intro": "Bo-oppfølging som senker risikoen for utkastelse.",
    "levergroup.coming": "Disse virkemidlene kommer i en senere versjon av modellen.",
    # virkemidler
    "lever.name": "Navn",
    "lever.description": "Beskrivelse",
    "lever.start_date": "Startdato",
    "lever.end_date": "Sluttdato (horisont)",
    "lever.groups.{group}.arrival_rate_per_1000_per_year": "Søknader per 1000 innbyggere per år",
    "lever.groups.{group}.approval_probability": "Sannsynlighet for tilsagn",
    "lever.groups.{group}.acute_share": "Andel bostedsløse ved søknad",
    "lever.dwelling_types.{dwelling}.count": "Boliger ved start",
    "lever.tenancy.vacancy_turnaround.mean_days": "Dager før en ledig bolig leies ut igjen (snitt)",
    "lever.initial_state.tenancies.occupancy_share": "Andel bebodd ved start",
    "lever.temporary_accommodation.hospits_price_nok_per_night": "Hospitspris per person per døgn "
    "(kr)",
    "lever.temporary_accommodation.long_stay_days": "Grense for langt opphold (dager)",
    "lever.groups.{group}.homelessness.hospits_share": "Andel bostedsløse som plasseres på hospits",
    "lever.allocation.meeting_interval_days": "Dager mellom møter i vedtaksteamet",
    "lever.allocation.priority_rule": "Rekkefølge på ventelisten",
    "lever.allocation.allow_larger_dwelling": "Tilby større bolig enn behovet",
    "lever.allocation.promise_days": "Løfte: bolig innen (dager)",
    "lever.groups.{group}.offer_refusal_probability": "Sannsynlighet for å takke nei til tilbud",
    "lever.tenancy.lease.value_days": "Kontraktslengde (dager)",
    "lever.groups.{group}.renewal_probability": "Sannsynlighet for fornyet kontrakt",
    "lever.groups.{group}.eviction_rate_per_year": "Utkastelsesrate per år",
    "lever.groups.{group}.move_out_rate_per_year": "Flytterate per år",
    "choice.priority": "Prioritet (haster, så barn, så dato)",
    "choice.fifo": "Først til mølla",
    "choice.children_first": "Barn først",
    # hjelpetekster for virkemidler (engelsk kommer fra skjemaet)
    "leverhelp.name": "Kort navn som vises i tabeller og diagrammer.",
    "leverhelp.description": "Hva scenarioet beskriver.",
    "leverhelp.start_date": "Første dag som simuleres.",
    "leverhelp.end_date": "Siste dag som simuleres.",
    "leverhelp.groups.{group}.arrival_rate_per_1000_per_year": "Søknader per år per 1000 "
    "innbyggere (skaleres med befolkningsbanen).",
    "leverhelp.groups.{group}.approval_probability": "Sannsynligheten for at vedtaksteamet gir "
    "tilsagn.",
    "leverhelp.groups.{group}.acute_share": "Andelen som er bostedsløse når de søker (akutt behov, "
    "løslatelse fra fengsel eller utskriving fra institusjon); de regnes alltid som hastesaker.",
    "leverhelp.dwelling_types.{dwelling}.count": "Antall boliger ved start.",
    "leverhelp.tenancy.vacancy_turnaround.mean_days": "Tid fra utflytting til boligen kan leies "
    "ut igjen (vask, reparasjoner).",
    "leverhelp.initial_state.tenancies.occupancy_share": "Andel av hver boligtype som er bebodd "
    "ved start.",
    "leverhelp.temporary_accommodation.hospits_price_nok_per_night": "Pris per person per døgn "
    "på hospits.",
    "leverhelp.temporary_accommodation.long_stay_days": "Et hospitsopphold lenger enn dette "
    "teller mot målet om at ingen skal bo der mer enn 3 måneder.",
    "leverhelp.groups.{group}.homelessness.hospits_share": "Andelen som NAV plasserer på hospits "
    "når de blir bostedsløse; resten bor hos venner eller familie eller sover ute.",
    "leverhelp.allocation.meeting_interval_days": "Dager mellom møtene i vedtaksteamet; 0 betyr "
    "løpende behandling og tildeling (for kontroll mot køteori).",
    "leverhelp.allocation.priority_rule": "Rekkefølgen på ventelisten: prioritet (haster, så barn, "
    "så tilsagnsdato), først til mølla (tilsagnsdato) eller barn først.",
    "leverhelp.allocation.allow_larger_dwelling": "En husstand kan få tilbud om en større bolig "
    "enn den trenger.",
    "leverhelp.allocation.promise_days": "Løftet: en husstand med tilsagn får bolig innen så "
    "mange dager.",
    "leverhelp.groups.{group}.offer_refusal_probability": "Sannsynligheten for at et tilbud "
    "avslås; da faller tilsagnet bort.",
    "leverhelp.tenancy.lease.value_days": "Lengden på en leiekontrakt (standard 3 år).",
    "leverhelp.groups.{group}.renewal_probability": "Sannsynligheten for at kontrakten fornyes "
    "ved utløp (ny vurdering).",
    "leverhelp.groups.{group}.eviction_rate_per_year": "Risiko for utkastelse per år for en "
    "leietaker i gruppen.",
    "leverhelp.groups.{group}.move_out_rate_per_year": "Risiko for å flytte ut i kontraktstiden "
    "per år (andre flyttinger).",
}
