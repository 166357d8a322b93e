"""Tekster på bokmål (samme nøkler som :mod:`dashboard.i18n.en`).

``leverhelp.*`` finnes bare her: på engelsk kommer hjelpetekstene fra scenarioskjemaet.
Navn, enheter og definisjoner av nøkkeltallene står i :mod:`dashboard.metrics`.
"""

TEXT: dict[str, str] = {
    # app
    "app.title": "Boligflyt",
    "app.sidebar_note": (
        "Simulering av boligsosialt arbeid i {place} {start}–{end} ({population} innbyggere i "
        "{start}). Resultatene er anslag med usikkerhet, ikke prognoser."
    ),
    "app.sidebar_note_none": (
        "Simulering av boligsosialt arbeid i en kommune. Resultatene er anslag med usikkerhet, "
        "ikke prognoser."
    ),
    # lang
    "lang.label": "Språk",
    # nav
    "nav.overview": "Oversikt",
    "nav.scenario": "Scenario",
    "nav.compare": "Sammenlign",
    "nav.budget": "Startlånsbudsjett",
    "nav.stock": "Boligmasse mot 2040",
    "nav.tilvisning": "Tilvisningsverksted",
    "nav.calibration": "Kalibrering",
    # overview
    "overview.title": "Boligflyt – {place}",
    "overview.no_baseline": "Fant ikke basisscenarioet (baseline.yaml i {folder}).",
    "overview.baseline_invalid": "Filen med basisscenarioet har feil:",
    "overview.kpis": "Nøkkeltall {start}–{end}",
    "overview.to_compare": "Sammenlign tiltak side om side",
    "overview.to_scenario": "Åpne og endre et scenario",
    "overview.municipality": "Kommune",
    "overview.municipality_help": (
        "Scenariofilene i scenarios/ (filen for en ny kommune lages med `boligflyt init`, se "
        "docs/NEW_MUNICIPALITY.md). De andre sidene åpner med den som velges her."
    ),
    "overview.file_invalid": "{name}: filen har feil",
    "overview.cal.none": (
        "Dette scenarioet har ingen kalibreringsmål: tallene er ikke sjekket mot kommunens egne."
    ),
    "overview.cal.uncalibrated": (
        "Dette scenarioet har {n} kalibreringsmål, men er ikke kalibrert (`boligflyt calibrate FIL --write`)."
    ),
    "overview.cal.stale": (
        "Scenarioet er endret etter at det ble kalibrert {date}: kalibreringstabellen gjelder "
        "kanskje ikke lenger."
    ),
    "overview.cal.current": "Kalibrert {date}: modellen treffer {met} av de {n} tallene den er tilpasset.",
    # table
    "table.kpi": "Nøkkeltall",
    "table.diff_col": "{name}: forskjell",
    "table.better": "Bedre er",
    "table.lower": "lavere ↓",
    "table.higher": "høyere ↑",
    "table.diff_short": "endring",
    "table.verdict_better": "bedre",
    "table.verdict_worse": "verre",
    # unit
    "unit.pp": "prosentpoeng",
    # caption
    "caption.run": (
        "Scenarioer: {names} · frø {seed} · {reps} replikasjoner · gjennomsnitt med 95 % intervall"
    ),
    "caption.run_means": "Scenarioer: {names} · frø {seed} · {reps} replikasjoner · gjennomsnitt",
    # run
    "run.starting": "Starter simuleringen …",
    "run.progress": "Simulerer: {done} av {total} replikasjoner",
    "run.cancelled": "Kjøringen ble avbrutt; scenarioer som var ferdige, er tatt vare på.",
    "run.cancel": "Avbryt",
    "run.cancel_hint": "Stopper kjøringen; scenarioer som er ferdige, tas vare på.",
    "run.cancelled_analysis": (
        "Analysen ble avbrutt; ingenting ble tatt vare på. Trykk kjør for å starte på nytt."
    ),
    # chart
    "chart.waiting_list.title": "Husstander på ventelisten",
    "chart.p_wait.title": "Andel som venter mer enn 6 måneder etter tilsagn, per år",
    "chart.p_wait.y": "prosent av husstandene med frist det året",
    "chart.temp_by_group.title": ("Hospitsdøgn per målgruppe, sum {start}–{end} (★ = barnefamilier og unge)"),
    "chart.red_light.title": "Hospitsdøgn for barnefamilier og unge (målet er null)",
    "chart.pathways.title": "Hospitsdøgn etter hvor husstanden står",
    "chart.pathways.note": (
        "De fire delene summerer seg til alle hospitsdøgn. De fleste døgnene tilhører husstander som ikke "
        "står på ventelisten (ikke godkjent, eller kastet ut og ikke søkt igjen): flere boliger korter ned "
        "ventelisten, ikke disse oppholdene (rapporten, avsnitt 5.7)."
    ),
    "chart.homeless.title": "Bostedsløse personer (hospits eller uten fast sted)",
    "chart.per_1000.title": "Kommunale boliger per 1000 innbyggere",
    "chart.ref.akershus": "Akershus {value}",
    "chart.ref.norway": "Landet {value}",
    "chart.exits.title": "Husstander som går ut av systemet, per vei og år",
    "chart.temp_cost.title": "Utgifter til hospitsdøgn",
    "chart.start_loans.title": "Startlån per 1000 innbyggere",
    "chart.start_loans.kostra": "{place}, observert (KOSTRA)",
    "chart.costs.title": "Kommunens kostnader per år, fordelt på poster (nominelt; inntekter under null)",
    "chart.careers.title": (
        "Boligkarrierer {start}–{end}: fra søknad til utflytting (snitt per replikasjon)"
    ),
    "chart.costs.total_of": "{name}: nettokostnad {total}, nåverdi {pv}",
    # compare
    "compare.title": "Sammenlign tiltak",
    "compare.file_invalid": "Scenariofilen {name}.yaml har feil og er utelatt:",
    "compare.none": "Ingen gyldige scenarioer i {folder}.",
    "compare.scenarios": "Scenarioer (opptil {n})",
    "compare.scenarios_help": (
        "Scenariofiler i scenarios-mappen, scenarioet du endrer på Scenario-siden (merket ✎) og "
        "kolonner sendt fra tilvisningsverkstedet."
    ),
    "compare.only_one": (
        "Foreløpig finnes bare ett scenario: endre eller last opp et på Scenario-siden for å "
        "sammenligne tiltak."
    ),
    "compare.pick_one": "Velg minst ett scenario.",
    "compare.reference": "Referanse",
    "compare.reference_help": "Forskjeller vises i forhold til dette scenarioet.",
    "compare.replications": "Replikasjoner",
    "compare.replications_help": (
        "Uavhengige kjøringer per scenario; flere gir smalere intervaller. 30 er et godt utgangspunkt."
    ),
    "compare.seed": "Frø (startverdi)",
    "compare.seed_help": (
        "Startpunktet for tilfeldige tall. Samme frø gir de samme husstandene i alle scenarioer "
        "(felles tilfeldige tall) og samme resultat på alle maskiner."
    ),
    "compare.run": "Kjør sammenligning",
    "compare.run_cached": "Resultatene er oppdatert",
    "compare.press_run": (
        "Trykk «Kjør sammenligning» ({n} scenarioer er ikke simulert med disse innstillingene ennå)."
    ),
    "compare.cached_note": (
        "Resultatene tas vare på for disse scenarioene, frøet og replikasjonene: uten endringer "
        "kjøres ingenting på nytt."
    ),
    "compare.last_run": "Siste kjøring tok {s} s.",
    "compare.kpis": "Nøkkeltall {start}–{end}",
    "compare.all_kpis": "Vis alle nøkkeltall",
    "compare.kpi_legend": (
        "Gjennomsnitt (95 % intervall). Forskjell = scenario minus referanse for de samme "
        "husstandene (parvis). «Bedre er» sier hvilken retning som er ønsket. Blå celle: bedre, "
        "oransje celle: verre, grå celle: endret uten at en retning er bedre – i alle tre "
        "utelukker intervallet null."
    ),
    "compare.charts": "Diagrammer",
    "compare.homeless": "Bostedsløshet og midlertidig botilbud",
    "compare.stock": "Kommunal boligmasse",
    "compare.exits": "Utflytting",
    "compare.costs": "Kostnader",
    "compare.careers": "Boligkarrierer",
    "compare.career_scenario": "Scenario",
    "compare.careers_note": (
        "Bygget av hendelsestellinger i modellen; beholdningen ved start og slutt balanserer "
        "hvert trinn. {temp} husstander per kjøring tilbringer minst ett døgn på hospits "
        "underveis; av {evicted} utkastede husstander søker {again} på nytt (de kommer inn igjen "
        "som «Søknader på nytt» til venstre)."
    ),
    "compare.export": "Last ned",
    "compare.pick_placeholder": "Velg scenarioer",
    "compare.press_run_one": (
        "Trykk «Kjør sammenligning» (ett scenario er ikke simulert med disse innstillingene ennå)."
    ),
    # export
    "export.kpi_csv": "Nøkkeltall (CSV)",
    "export.yearly_csv": "Årsserier (CSV)",
    "export.excel": "Alle tabeller (Excel)",
    "export.html": "Sammendrag (HTML)",
    "export.html_title": "Boligflyt – sammenligning av boligpolitiske tiltak",
    "export.meta_scenarios": "Scenarioer",
    "export.meta_reference": "Referanse",
    "export.meta_seed": "Frø",
    "export.meta_reps": "Replikasjoner",
    "export.meta_version": "Boligflyt-versjon",
    "export.png_hint": "Hvert diagram kan lastes ned som PNG fra kameraikonet i verktøylinjen.",
    "export.sweep_csv": "Tabell over budsjettene (CSV)",
    "export.yes": "ja",
    "export.no": "nei",
    "export.sheet_info": "Om kjøringen",
    "export.sheet_kpis": "Nøkkeltall",
    "export.col.what": "Hva",
    "export.col.value": "Verdi",
    "export.col.indicator": "Nøkkeltall",
    "export.col.unit": "Enhet",
    "export.col.period": "Periode",
    "export.col.scenario": "Scenario",
    "export.col.reference": "Referanse",
    "export.col.mean": "Gjennomsnitt",
    "export.col.ci95_low": "95 % nedre",
    "export.col.ci95_high": "95 % øvre",
    "export.col.diff_mean": "Forskjell til referansen",
    "export.col.diff_ci95_low": "Forskjell, 95 % nedre",
    "export.col.diff_ci95_high": "Forskjell, 95 % øvre",
    "export.col.significant": "Intervallet utelukker null",
    "export.col.code": "kode",
    "export.col.group": "Målgruppe",
    "export.col.time": "År",
    "export.col.replications": "Replikasjoner",
    "export.meta_hash": "Innholdskode (SHA-256) for {name}",
    "export.file_seed": "frø",
    "export.file_reps": "replikasjoner",
    "export.file_kpis": "nøkkeltall",
    "export.file_yearly": "årsserier",
    "export.file_summary": "sammendrag",
    "export.file_budget": "startlånsbudsjett",
    "export.file_plan": "boligplan",
    "export.file_years": "år_for_år",
    "export.file_workshop": "tilvisningsverksted",
    # group
    "group.families_with_children": "Barnefamilier",
    "group.refugees": "Flyktninger",
    "group.youth": "Unge",
    "group.rop": "ROP (rus og psykisk lidelse)",
    "group.disabled_elderly": "Funksjonshemmede og eldre",
    "group.other_low_income": "Andre med lav inntekt",
    "group.acute_homeless": "Akutt bostedsløse",
    "group.all": "Alle",
    # dwelling
    "dwelling.small_ordinary": "Liten (1–2 personer)",
    "dwelling.medium_ordinary": "Middels (3–4 personer)",
    "dwelling.large_ordinary": "Stor (5+ personer)",
    "dwelling.care": "Omsorgsbolig (med tjenester)",
    "dwelling.tilvisning": "Tilvisningsbolig",
    # node
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
    # scenario
    "scenario.title": "Scenario",
    "scenario.pick_file": "Åpne en scenariofil",
    "scenario.pick_file_help": (
        "Filer i scenarios-mappen. Å åpne en fil forkaster endringer som ikke er lagret."
    ),
    "scenario.pick_placeholder": "Velg en fil",
    "scenario.upload": "… eller last opp en YAML-fil",
    "scenario.upload_help": (
        "En scenariofil som dem i scenarios-mappen; den kan begynne med «extends: baseline.yaml»."
        " Den leses i minnet og lagres bare hvis du lagrer den."
    ),
    "scenario.editing": "Du endrer **{origin}** · endringer: {n}",
    "scenario.reset": "Angre endringer",
    "scenario.valid": "Scenarioet er gyldig og står klart på Sammenlign-siden som «{name}».",
    "scenario.invalid": (
        "Scenarioet har feil (antall: {n}); de vises ved feltene. Rett dem for å laste ned, lagre"
        " eller sammenligne."
    ),
    "scenario.export": "Last ned eller lagre",
    "scenario.download": "Last ned som YAML",
    "scenario.download_help": (
        "Det endrede scenarioet som en fil du kan ta vare på, dele eller kjøre fra kommandolinjen."
    ),
    "scenario.to_compare": "Sammenlign med dagens politikk",
    "scenario.save_name": "Lagre som (nytt navn)",
    "scenario.save_help": (
        "Bokstavene a–z, sifre og understrek; andre tegn blir understrek (æ, ø, å skrives ae, o, "
        "a). Lagres i scenarios-mappen; en fil som finnes fra før, blir aldri overskrevet."
    ),
    "scenario.save": "Lagre",
    "scenario.title_label": "Navn på endringen (vises i tabeller og diagrammer)",
    "scenario.title_help": (
        "Et navn for sammenligningene, for eksempel «Flere store boliger». Ingen fil lagres; bruk"
        " Lagre under for det."
    ),
    "scenario.sources_title": "Om kildene",
    # save
    "save.ok": "Lagret som {file} i scenarios-mappen.",
    "save.err_name": "Gi et navn med minst én bokstav.",
    "save.err_exists": "Filen {name}.yaml finnes allerede; velg et annet navn.",
    "save.err_io": "Kunne ikke lagre: {error}",
    # upload
    "upload.not_utf8": "filen er ikke UTF-8-tekst",
    "upload.loaded": "Lastet inn {name}.",
    "upload.invalid": "Den opplastede filen har {n} feil og ble ikke lastet inn (fil:linje: felt: feil):",
    "upload.too_large": "filen er for stor (over 1 MB); et scenario er noen få kilobyte",
    # problem
    "problem.file": "(filen)",
    "problem.got": "fikk",
    # lever
    "lever.source": "Kilde",
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
    "lever.temporary_accommodation.hospits_price_nok_per_night": "Hospitspris per person per døgn (kr)",
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
    "lever.schedule": "Satt per år i scenariofilen; last den ned som YAML for å endre planen.",
    "lever.start_loans.budget_nok_per_year": "Startlånsbudsjett per år (mill. kr)",
    "lever.start_loans.settlement_grant_budget_nok_per_year": (
        "Budsjett for etableringstilskudd per år (mill. kr)"
    ),
    "lever.start_loans.rate_regime": "Rente i betjeningsevnevurderingen",
    "lever.start_loans.term_years": "Nedbetalingstid (år)",
    "lever.start_loans.consider_tenants_at_renewal": "Vurder leietakere for startlån ved fornyelse",
    "lever.start_loans.systematic_survey": "Årlig kartlegging av alle leietakere",
    "lever.start_loans.approval_valid_days": "Tilsagn om startlån gyldig (dager)",
    "lever.private_rental.guarantees_per_year": "NAV-garantier for husleie per år",
    "lever.private_rental.deposit_loans_per_year": "Depositumslån per år",
    "lever.private_rental.broker_placements_per_year": "Formidlinger fra utleiemegler per år",
    "lever.rent_to_own.option_year": "Rett til å kjøpe i år",
    "lever.rent_to_own.selection_rule": "Hvem som får tilbud om leie til eie",
    "lever.rent_to_own.from_tenants": "Kommunale leietakere kan velges",
    "lever.follow_up.staff": "Bo-oppfølgere (årsverk)",
    "lever.follow_up.households_per_staff": "Husstander per bo-oppfølger",
    "lever.follow_up.eviction_hazard_reduction": "Lavere risiko for utkastelse med oppfølging",
    # levergroup
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
    "levergroup.tilvisning.intro": (
        "Tilvisningsavtaler med private utbyggere: kommunen tildeler leietakere til en andel av "
        "boligene i avtalens løpetid."
    ),
    "levergroup.rent_to_own": "Leie til eie",
    "levergroup.rent_to_own.intro": "Boliger kjøpt for en husstand, med rett til å kjøpe.",
    "lever.staffed_housing.places": "Plasser i bofellesskap med bemanning",
    "lever.staffed_housing.from_year": "Bemannet bofellesskap åpner år",
    "lever.staffed_housing.cost_nok_per_place_per_year": (
        "Bemannet bofellesskap, kostnad per plass per år (mill. kr)"
    ),
    "lever.advance_notice.notified_share": "Andel løslatelser og utskrivninger varslet på forhånd",
    "lever.advance_notice.days_ahead": "Dager varsel før løslatelse",
    "lever.regional_offer.places": "Plasser i et regionalt lavterskeltilbud",
    "lever.regional_offer.from_year": "Regionalt tilbud fra år",
    "lever.regional_offer.cost_nok_per_place_per_year": (
        "Regionalt tilbud, kostnad per plass per år (mill. kr)"
    ),
    "lever.allocation.not_approved_homeless": "Bostedsløse husstander som ikke får tilsagn",
    "lever.rent_to_own.selection_test": "Hvem som kvalifiserer for leie til eie",
    "levergroup.homelessness": "Bostedsløshet",
    "levergroup.homelessness.intro": (
        "Rapportens forslag mot bostedsløshet (5.7): bemannet bofellesskap, varsel om løslatelser, et "
        "regionalt tilbud, og hva som skjer med bostedsløse som ikke får tilsagn. Ingen av dem brukes i dag."
    ),
    "choice.stay_homeless": "Ikke noe mer (forblir bostedsløse; i dag)",
    "choice.broker": "Hjelp til privat leie (formidling)",
    "choice.staffed_housing": "Plass i bemannet bofellesskap",
    "choice.ownership_potential": "Eierpotensial (inntekt og stabilitet)",
    "choice.min_income": "En minsteinntekt",
    "levergroup.follow_up": "Oppfølging",
    "levergroup.follow_up.intro": "Bo-oppfølging som senker risikoen for utkastelse.",
    "levergroup.tilvisning.none": "Scenarioet har ingen tilvisningsavtaler.",
    "levergroup.tilvisning.to_workshop": "Sammenlign avtalevilkår i tilvisningsverkstedet",
    # choice
    "choice.floating_with_margin": "Flytende rente + buffer",
    "choice.husbanken_recommended": "Husbankens anbefalte rente",
    "choice.fixed": "Fast rente",
    "choice.none": "Ingen",
    "choice.leaving": "De som må flytte",
    "choice.all": "Alle leietakere",
    "choice.children": "Barnefamilier først",
    "choice.income": "Høyest inntekt først",
    "choice.3": "År 3",
    "choice.5": "År 5",
    "choice.priority": "Prioritet (haster, så barn, så dato)",
    "choice.fifo": "Først til mølla",
    "choice.children_first": "Barn først",
    # leverhelp
    "leverhelp.start_loans.budget_nok_per_year": (
        "Lån som kan innvilges hvert år (kr): ett tall, eller en plan med hvert år i perioden."
    ),
    "leverhelp.start_loans.settlement_grant_budget_nok_per_year": (
        "Budsjett for etableringstilskudd, brukt som siste utvei når lån alene ikke er nok."
    ),
    "leverhelp.start_loans.rate_regime": (
        "Renten i vurderingen av betjeningsevne: flytende rente pluss buffer (kommunens praksis),"
        " Husbankens anbefalte rente, eller fast rente."
    ),
    "leverhelp.start_loans.term_years": "Nedbetalingstid.",
    "leverhelp.start_loans.consider_tenants_at_renewal": (
        "Hvilke leietakere som vurderes ved fornyelse av kontrakten: ingen, de som må flytte, eller alle."
    ),
    "leverhelp.start_loans.systematic_survey": (
        "En gang i året vurderes alle leietakere (rapportens anbefaling)."
    ),
    "leverhelp.start_loans.approval_valid_days": (
        "Tilsagnet faller bort hvis det ikke blir kjøp innen denne tiden."
    ),
    "leverhelp.private_rental.guarantees_per_year": "NAV-garantier for husleie som kan gis per år.",
    "leverhelp.private_rental.deposit_loans_per_year": "Depositumslån som kan gis per år.",
    "leverhelp.private_rental.broker_placements_per_year": (
        "Private leieforhold som utleiemegleren (boveileder) kan formidle per år."
    ),
    "leverhelp.rent_to_own.option_year": "Året da husstanden kan kjøpe boligen.",
    "leverhelp.rent_to_own.selection_rule": (
        "Hvem som velges: barnefamilier først, eller høyest inntekt først."
    ),
    "leverhelp.rent_to_own.from_tenants": "Leietakere i kommunale boliger kan også velges.",
    "leverhelp.follow_up.staff": "Årsverk til bo-oppfølging.",
    "leverhelp.follow_up.households_per_staff": "Husstander én bo-oppfølger kan følge opp.",
    "leverhelp.staffed_housing.places": (
        "Plasser i et bofellesskap med tett oppfølging for dem som ikke klarer å bo alene "
        "(rapporten, avsnitt 5.7). "
        "Beboerne er verken bostedsløse eller leietakere."
    ),
    "leverhelp.staffed_housing.from_year": "Første år plassene er i bruk.",
    "leverhelp.staffed_housing.cost_nok_per_place_per_year": "Årlig kostnad per plass, brukt eller ikke.",
    "leverhelp.advance_notice.notified_share": (
        "Andelen løslatelser fra fengsel og utskrivninger fra behandling kommunen hører om på forhånd, slik "
        "at vedtaksteamet kan vurdere og tildele før personen kommer."
    ),
    "leverhelp.advance_notice.days_ahead": "Hvor lenge før løslatelsen kommunen får vite om den.",
    "leverhelp.regional_offer.places": (
        "Plasser i et lavterskeltilbud sammen med nabokommuner, brukt før hospits."
    ),
    "leverhelp.regional_offer.from_year": "Første år tilbudet finnes.",
    "leverhelp.regional_offer.cost_nok_per_place_per_year": (
        "Kommunens andel av årskostnaden per plass, brukt eller ikke."
    ),
    "leverhelp.allocation.not_approved_homeless": (
        "Hva som skjer med bostedsløse husstander vedtaksteamet ikke godkjenner: ikke noe mer (i dag), "
        "formidling til privat leie, eller plass i bemannet bofellesskap."
    ),
    "leverhelp.rent_to_own.selection_test": (
        "Hvordan husstander velges: eierpotensial (rapportens 'dynamiske eierpotensial') eller en "
        "minsteinntekt."
    ),
    "leverhelp.follow_up.eviction_hazard_reduction": (
        "Relativ reduksjon i risikoen for utkastelse for en husstand som får oppfølging."
    ),
    "leverhelp.name": "Kort navn som vises i tabeller og diagrammer.",
    "leverhelp.description": "Hva scenarioet beskriver.",
    "leverhelp.start_date": "Første dag som simuleres.",
    "leverhelp.end_date": "Siste dag som simuleres.",
    "leverhelp.groups.{group}.arrival_rate_per_1000_per_year": (
        "Søknader per år per 1000 innbyggere (skaleres med befolkningsbanen)."
    ),
    "leverhelp.groups.{group}.approval_probability": "Sannsynligheten for at vedtaksteamet gir tilsagn.",
    "leverhelp.groups.{group}.acute_share": (
        "Andelen som er bostedsløse når de søker (akutt behov, løslatelse fra fengsel eller "
        "utskriving fra institusjon); de regnes alltid som hastesaker."
    ),
    "leverhelp.dwelling_types.{dwelling}.count": "Antall boliger ved start.",
    "leverhelp.tenancy.vacancy_turnaround.mean_days": (
        "Tid fra utflytting til boligen kan leies ut igjen (vask, reparasjoner)."
    ),
    "leverhelp.initial_state.tenancies.occupancy_share": ("Andel av hver boligtype som er bebodd ved start."),
    "leverhelp.temporary_accommodation.hospits_price_nok_per_night": ("Pris per person per døgn på hospits."),
    "leverhelp.temporary_accommodation.long_stay_days": (
        "Et hospitsopphold lenger enn dette teller mot målet om at ingen skal bo der mer enn 3 måneder."
    ),
    "leverhelp.groups.{group}.homelessness.hospits_share": (
        "Andelen som NAV plasserer på hospits når de blir bostedsløse; resten bor hos venner "
        "eller familie eller sover ute."
    ),
    "leverhelp.allocation.meeting_interval_days": (
        "Dager mellom møtene i vedtaksteamet; 0 betyr løpende behandling og tildeling (for "
        "kontroll mot køteori)."
    ),
    "leverhelp.allocation.priority_rule": (
        "Rekkefølgen på ventelisten: prioritet (haster, så barn, så tilsagnsdato), først til "
        "mølla (tilsagnsdato) eller barn først."
    ),
    "leverhelp.allocation.allow_larger_dwelling": (
        "En husstand kan få tilbud om en større bolig enn den trenger."
    ),
    "leverhelp.allocation.promise_days": "Løftet: en husstand med tilsagn får bolig innen så mange dager.",
    "leverhelp.groups.{group}.offer_refusal_probability": (
        "Sannsynligheten for at et tilbud avslås; da faller tilsagnet bort."
    ),
    "leverhelp.tenancy.lease.value_days": "Lengden på en leiekontrakt (standard 3 år).",
    "leverhelp.groups.{group}.renewal_probability": (
        "Sannsynligheten for at kontrakten fornyes ved utløp (ny vurdering)."
    ),
    "leverhelp.groups.{group}.eviction_rate_per_year": (
        "Risiko for utkastelse per år for en leietaker i gruppen."
    ),
    "leverhelp.groups.{group}.move_out_rate_per_year": (
        "Risiko for å flytte ut i kontraktstiden per år (andre flyttinger)."
    ),
    # analysis
    "analysis.failed": (
        "Analysen kunne ikke kjøres med disse innstillingene. Prøv et annet mål, flere "
        "replikasjoner eller andre virkemidler."
    ),
    # instrument
    "instrument.purchase": "Kjøp",
    "instrument.lease": "Innleie",
    "instrument.care_build": "Bygging (omsorgsboliger)",
    "instrument.tilvisning": "Tilvisningsavtale",
    # budget
    "budget.title": "Startlånsbudsjett",
    "budget.intro": (
        "Hva gir et årlig startlånsbudsjett, og med hvilken risiko i porteføljen? Hvert budsjett "
        "simuleres med **de samme husstandene** (felles slumptall), så kurvene skiller seg bare "
        "på grunn av budsjettet. Båndene er 95 % intervaller over replikasjonene."
    ),
    "budget.scenario": "Scenario",
    "budget.values": "Årlige budsjetter å prøve (mill. kr, skilt med ;)",
    "budget.values_help": (
        "Standard: 0, ½, 1, 1½, 2 og 3 ganger dagens budsjett ({today} i året). Skriv millioner "
        "(«26,5»), gjerne med enhet («26,5 mill. kr»), eller hele kroner («26 500 000»)."
    ),
    "budget.err_values": (
        "Kunne ikke lese «{bad}» som et beløp på minst 0. Skriv budsjettene i millioner kroner, "
        "skilt med semikolon, for eksempel «0; 13; 26,5»."
    ),
    "budget.reps_help": "Høyst så mange replikasjoner per budsjett: beregningen starter med 20 og "
    "legger til replikasjoner for budsjettene der andelen framtider ennå ikke er avgjort.",
    "budget.threshold_help": (
        "Målet holder i en framtid når nøkkeltallet er høyst dette i hvert år fra valgt år."
    ),
    "budget.target": "Mål",
    "budget.target_metric": "Nøkkeltall",
    "budget.threshold": "Høyst",
    "budget.from_year": "Fra år",
    "budget.from_year_help": "Målet må holde i hvert år fra dette året til periodens slutt.",
    "budget.confidence_help": "Andelen simulerte framtider der målet må holde.",
    "budget.err_from_year": "Året må ligge innenfor scenarioets periode, {first}–{last}.",
    "budget.run": "Kjør budsjettanalysen",
    "budget.press_run": "Trykk kjør for å simulere {n} budsjetter med {reps} replikasjoner hver.",
    "budget.answer": "Hvilket budsjett når målet, og hvor sikkert?",
    "budget.cheapest": (
        "**{budget} i året** er det billigste budsjettet som er prøvd og som når målet ({target})"
        " i minst {conf} av framtidene: i **{share}** av {n} simulerte framtider (95 % intervall "
        "{low} – {high})."
    ),
    "budget.not_reached": (
        "Ingen av budsjettene når målet ({target}) i {conf} av framtidene; beste andel var "
        "{best}. Prøv større budsjetter, et mildere mål eller et senere år."
    ),
    "budget.lowest_note": (
        "Det laveste budsjettet som er prøvd, når allerede målet: legg til mindre budsjetter for "
        "å finne det billigste."
    ),
    "budget.share_note": (
        "Sikkerhet = andelen replikasjoner der målet holder i hvert år fra valgt år. Et budsjett "
        "når målet bare når hele 95 %-intervallet for andelen ligger over kravet, og det kalles "
        "det billigste bare når alle mindre budsjetter som er prøvd, ligger under. Bare "
        "budsjettene som er prøvd, vurderes: legg til verdier mellom to budsjetter for å snevre inn."
    ),
    "budget.interval": "95 %-intervall for andelen: {low}–{high} ({n} framtider).",
    "budget.not_settled": "**Ikke avgjort**: andelene av framtidene ligger for nær kravet på {conf} "
    "til at det billigste budsjettet kan pekes ut. Kjør flere replikasjoner (omtrent {n} per "
    "budsjett vil avgjøre det om andelene blir der de er).",
    "budget.not_monotone": "**Ikke monotont**: et større budsjett når målet i klart færre framtider "
    "enn et mindre, så intet billigste budsjett pekes ut. Kontroller målet.",
    "budget.curves": "Nøkkeltall mot årlig budsjett",
    "budget.x": "årlig startlånsbudsjett (mill. kr)",
    "budget.mark": "billigste som når målet",
    "budget.table": "Tabell",
    "budget.share_col": "Andel framtider som når målet (95 % intervall)",
    "budget.err_empty": "Skriv minst ett budsjett.",
    "budget.press_run_one": "Trykk kjør for å simulere ett budsjett med {reps} replikasjoner.",
    "budget.target_text": "{kpi} høyst {value} i hvert år {year}–{end}",
    "budget.uncertain": (
        "Men intervallet går under kravet: med så få replikasjoner er det ikke sikkert at "
        "budsjettet holder. Kjør med flere replikasjoner før tallet siteres."
    ),
    "budget.today": "dagens budsjett ({budget})",
    "budget.today_short": "dagens",
    "budget.today_share": "Med {today} når målet i {share} av framtidene.",
    "budget.share_title": "Andel framtider som når målet: {target}",
    "budget.share_y": "prosent av framtidene (95 % intervall)",
    "budget.required": "krav {conf}",
    "budget.curve_title": "{kpi} ({period}) mot årlig startlånsbudsjett",
    "budget.col_budget": "Årlig budsjett",
    "budget.col_budget_mill": "Årlig budsjett (mill. kr)",
    "budget.table_note": "Gjennomsnitt (95 % intervall) over perioden {start}–{end}.",
    # stock
    "stock.title": "Boligmasse mot 2040",
    "stock.intro": (
        "Den **minste planen** for nye kommunale boliger som holder et tjenestemål hvert år: "
        "først å ta igjen etterslepet så fort årsgrensen tillater, deretter å holde tritt med "
        "folketallet, funnet med felles slumptall. Replikasjoner legges til til planens sum er "
        "kjent innenfor ±10 % (eller 4 boliger); søket simulerer mange kandidatplaner og tar "
        "noen minutter."
    ),
    "stock.threshold_help": (
        "Et år når målet når nøkkeltallet er høyst dette det året, i minst den krevde andelen av framtidene."
    ),
    "stock.target": "Tjenestemål",
    "stock.from_year_help": "Det første året målet må holde.",
    "stock.confidence_help": "Et år når målet når gjennomsnittet over framtidene gjør det; dette er "
    "hvor sikre planens spenn og hvert års vurdering skal være (sannsynligheten for intervallene).",
    "stock.means": "Virkemidler",
    "stock.types": "Boligtyper som kan legges til",
    "stock.types_help": "Planen fordeles på disse typene i forhold til dagens bestand.",
    "stock.instruments": "Virkemidler",
    "stock.instruments_help": (
        "Hvordan boliger legges til (i denne rekkefølgen). Omsorgsboliger bygges når «Bygging» er valgt."
    ),
    "stock.max_per_year": "Høyst nye boliger per år",
    "stock.max_per_year_help": "Det kommunen kan kjøpe eller bygge på ett år.",
    "stock.lead": "Ledetid (år)",
    "stock.lead_help": "Boliger som skal tjene et år, besluttes så mange år før.",
    "stock.reps_help": "Høyst så mange replikasjoner: de legges til til planens total er avgjort.",
    "stock.err_types": "Velg minst én boligtype.",
    "stock.err_instruments": "Velg minst ett virkemiddel.",
    "stock.err_max": "Tillat minst én ny bolig per år.",
    "stock.run": "Finn planen",
    "stock.press_run": "Trykk kjør for å søke etter den minste planen.",
    "stock.progress": "Søker: år {year}, {added} boliger så langt",
    "stock.result": "Planen",
    "stock.total_added": "Boliger lagt til",
    "stock.years_met": "Målet nås i {met} av {n} år ({start}–{end})",
    "stock.per_1000": "Kommunale boliger per 1000 innbyggere ved utgangen av {end}",
    "stock.per_1000_base": "Uten planen: {base}",
    "stock.cost_municipal": "Kommunens budsjettkostnad {start}–{end}, endring",
    "stock.cost_total": "Totalt med planen: {total}",
    "stock.not_converged": "Ikke avgjort innen {reps} replikasjoner: totalen ligger i {low}–{high}. "
    "Tillat flere replikasjoner før beslutning.",
    "stock.missed": (
        "Målet nås ikke i: {years} (flere boliger av de valgte typene hjalp ikke nok, eller "
        "rommet per år var for lite)."
    ),
    "stock.range": "Spenn {low}–{high} boliger ({cert} intervall, {reps} replikasjoner)",
    "stock.advice": "{count} flere {types}, vedtatt i {first}, ville nådd målet i {years}.",
    "stock.unreachable": (
        "Ikke mulig med de valgte typene og {max} per år: {years}. Selv med {max} boliger vedtatt "
        "hvert år fra {first}, så mange som årsgrensen tillater, nås ikke målet der (med den valgte "
        "sikkerheten), så disse årene holdes utenfor søket: tillat flere per år, andre typer eller "
        "et senere første målår for å nå dem."
    ),
    "stock.at_ramp": (
        "I {years} nås ikke målet i snitt, men det bommer heller ikke med sikkerhet: planen vedtar "
        "allerede {max} boliger, så mange som tillatt, hvert år fram til da."
    ),
    "stock.chart_plan": "Nye boliger per år, etter type",
    "stock.chart_plan_y": "boliger per år",
    "stock.nothing_helps": (
        "Ingen plan med de valgte typene og årsgrensen når målet i årene som ikke nås, så ingen "
        "plan foreslås: tillat flere per år, andre typer eller et senere første år."
    ),
    "stock.nothing_needed": "Scenarioet når allerede målet: ingenting må legges til.",
    "stock.chart_service": "Tjenestenivå per år: andel framtider som når målet ({target})",
    "stock.chart_service_y": "prosent av framtidene",
    "stock.met": "nådd",
    "stock.missed_label": "ikke nådd",
    "stock.required": "krav {conf}",
    "stock.table": "År for år",
    "stock.col_year": "År",
    "stock.col_added": "Lagt til",
    "stock.col_share": "Andel framtider som når målet",
    "stock.col_met": "Nådd",
    "stock.col_dwellings": "Kommunale boliger",
    "stock.dl_plan": "Planen (CSV)",
    "stock.dl_years": "År for år (CSV)",
    "stock.progress_check": "Sjekker planen mot scenarioet slik det er …",
    "stock.plan_suffix": "plan",
    "stock.chart_per_1000": "Kommunale boliger per 1000 innbyggere: med og uten planen",
    "stock.dwellings_unit": "boliger",
    "stock.cost_pv": "Kommunens kostnad, nåverdi i faste {start}-kroner, endring",
    "stock.cost_state": "Statens kostnad, nåverdi, endring: {change}",
    "stock.cost_explained": (
        "I budsjettet (renter og avdrag på boligene, drift og oppussing, fratrukket husleie) "
        "endrer planen kommunens kostnad med {budget}. Nåverdien endres med {pv}, fordi de {n} "
        "boligene fortsatt er verdt {residual} (nåverdi) ved utgangen av {end}, og den verdien er"
        " trukket fra. Se postene i diagrammet under."
    ),
    "stock.chart_cost_lines": "Hva planen endrer i kommunens budsjett, per post, sum {start}–{end}",
    "stock.chart_cost_lines_x": "endring i mill. kr, nominelt (95 % intervall); inntekter teller negativt",
    "stock.col_type": "Boligtype",
    "stock.col_instrument": "Virkemiddel",
    "stock.col_count": "Antall",
    # tilv
    "tilv.title": "Tilvisningsverksted",
    "tilv.intro": (
        "Hvert kort er **ett sett med avtalevilkår** og blir én kolonne: scenarioet med den "
        "avtalen alene. Kolonnene sammenlignes side om side med det samme scenarioet **uten "
        "avtale** og med å **kjøpe like mange boliger** som ett av kortene gir kommunen – med de "
        "samme husstandene i alle (felles slumptall)."
    ),
    "tilv.reps_help": "Replikasjoner for hver kolonne.",
    "tilv.cards": "Avtalekort",
    "tilv.name": "Navn",
    "tilv.units": "Boliger i prosjektet",
    "tilv.units_help": "Boliger utbyggeren bygger.",
    "tilv.share": "Kommunens andel",
    "tilv.share_help": (
        "Andelen av boligene kommunen tildeler leietakere til (Selvaag 50 %, Husbanken minst 40 %)."
    ),
    "tilv.start_year": "Startår",
    "tilv.start_year_help": "Boligene er klare fra 1. januar; innenfor {first}–{last}.",
    "tilv.duration": "Varighet (år)",
    "tilv.duration_help": "Hvor lenge kommunen kan tildele (Selvaag 30, Husbanken 20).",
    "tilv.nominated": "≈ {n} boliger til kommunen",
    "tilv.remove": "Fjern",
    "tilv.add": "Legg til en avtale",
    "tilv.no_cards": "Ingen avtaler: legg til et kort for å se virkningen.",
    "tilv.err_units": "Minst 1 bolig.",
    "tilv.err_share": "Andelen må være over 0 % og høyst 100 %.",
    "tilv.err_year": "Startåret må ligge innenfor {first}–{last}.",
    "tilv.err_duration": "Varigheten må være mer enn 0 år.",
    "tilv.invalid": "Disse avtalene gir ikke et gyldig scenario:",
    "tilv.run": "Kjør verkstedet",
    "tilv.press_run": "Trykk kjør for å simulere de {n} kolonnene med de samme husstandene.",
    "tilv.effect": "Kolonnene side om side, {start}–{end}",
    "tilv.chart_wait": "Endring i ventetid mot «{reference}»",
    "tilv.chart_wait_x": "dager, snitt for dem som fikk bolig {start}–{end} (95 % intervall)",
    "tilv.chart_nights": "Endring i hospitsdøgn mot «{reference}»",
    "tilv.chart_nights_x": "persondøgn, sum {start}–{end} (95 % intervall)",
    "tilv.chart_cost": "Endring i kostnad mot «{reference}»: kommunen og staten",
    "tilv.chart_cost_x": "mill. kr, sum {start}–{end} (95 % intervall)",
    "tilv.chart_units_years": "Boliger kommunen kan tildele via tilvisning, per år",
    "tilv.chart_wait_years": "Ventetid fra tilsagn til bolig, per år",
    "tilv.start": "Startår",
    "tilv.buy_like": "Sammenlign også med å kjøpe like mange boliger som",
    "tilv.buy_none": "(ingen kjøpskolonne)",
    "tilv.buy_help": (
        "Kommunen kjøper så mange boliger i bruktmarkedet som kortet gir den rett til å tildele, "
        "året før avtalen starter."
    ),
    "tilv.col_reference": "Uten avtale",
    "tilv.col_buy": "Kjøpe {n} boliger i {year}",
    "tilv.table_legend": (
        "Hver kolonne er ett scenario; «endring» er forskjellen til «Uten avtale» for de samme "
        "husstandene, med 95 % intervall. Blå celle: bedre, oransje celle: verre, grå celle: "
        "endret."
    ),
    "tilv.send": "Send kolonnene til Sammenlign",
    "tilv.send_limit": "Sammenlign viser opptil {n} scenarioer; de første sendes.",
    "tilv.save": "Lagre kolonnene som scenariofiler",
    "tilv.saved": "Lagret i scenarios-mappen: {files}.",
    "tilv.save_failed": "Ikke lagret (navnet finnes fra før): {names}.",
    # kpi
    "kpi.card_note": "{period} · 95 % intervall: {ci}",
    # label
    "label.other": "Annet",
    # input
    "input.bad_number": (
        "«{text}» er ikke et tall i området {lo} til {hi}. Skriv for eksempel 0,8 eller 26 000."
    ),
    # target
    "target.title": "Mål",
    "target.metric": "Nøkkeltall",
    "target.threshold": "Høyst",
    "target.from_year": "Fra år",
    "target.confidence": "Krav til sikkerhet",
    # cal
    "cal.title": "Kalibrering – {place}",
    "cal.intro": (
        "Hvor godt modellen gjenskaper tallene til {place}. Målene, kildene deres og de frie "
        "antakelsene leses fra scenariofilen (avsnittet `calibration:`); modellens gjennomsnitt "
        "er dem `boligflyt calibrate --write` registrerte, med mindre du sjekker på nytt "
        "nedenfor."
    ),
    "cal.targets": "Mål",
    "cal.free": "Antakelser som tilpasses ved kalibrering",
    "cal.no_free": "Ingen antakelse tilpasses.",
    "cal.no_targets": (
        "Dette scenarioet har ingen kalibreringsmål. Gi kommunens tall til `boligflyt init`, "
        "eller legg til et avsnitt `calibration:` (docs/SCENARIO.md)."
    ),
    "cal.recorded": (
        "Modellens gjennomsnitt registrert av `boligflyt calibrate` {date} "
        "({reps} replikasjoner, frø {seed})."
    ),
    "cal.not_recorded": (
        "Ingen kalibrering registrert ennå: kjør `boligflyt calibrate FIL --write`, eller sjekk nedenfor."
    ),
    "cal.stale": "Scenarioet er endret etter denne kalibreringen; sjekk på nytt for å se modellen nå.",
    "cal.check": "Sjekk mot modellen nå",
    "cal.check_help": "Kjører årene målene gjelder med valgt antall replikasjoner (ingen tilpasning).",
    "cal.checked": "Modellens gjennomsnitt sjekket nå ({reps} replikasjoner, frø {seed}).",
    "cal.met_yes": "ja",
    "cal.met_no": "nei",
    "cal.col.metric": "Tall",
    "cal.col.year": "År",
    "cal.col.target": "Mål",
    "cal.col.tolerance": "Treffer innenfor",
    "cal.col.mean": "Modellens gjennomsnitt",
    "cal.col.ci": "95 % intervall",
    "cal.col.met": "Truffet",
    "cal.col.source": "Kilde",
    "cal.col.assumption": "Antakelse",
    "cal.col.why": "Hva den står for",
    "cal.col.start": "Før kalibrering",
    "cal.col.value": "Nå",
    "cal.col.bounds": "Grenser",
    # param
    "param.groups.{group}.homelessness.own_solution_rate_per_year": (
        "Rate for å finne en egen løsning som bostedsløs (per år)"
    ),
    "param.groups.{group}.homelessness.hospits_exit_rate_per_year": "Rate for å forlate hospits (per år)",
    "param.start_loans.direct_applicants_per_1000_per_year": (
        "Startlånsøkere utenfor boligkøen per 1000 innbyggere per år"
    ),
    "param.private_rental.direct_guarantee_clients_per_1000_per_year": (
        "NAV-garantiklienter utenfor ventelisten per 1000 innbyggere per år"
    ),
}
