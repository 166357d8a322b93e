"""English texts (keys shared with :mod:`dashboard.i18n.nb`).

Lever help texts in English come from the scenario schema, so they are not repeated here;
names, units and definitions of the metrics are in :mod:`dashboard.metrics`.
"""

TEXT: dict[str, str] = {
    # app
    "app.title": "Boligflyt",
    "app.sidebar_note": (
        "Simulation of the social-housing system of {place} {start}–{end} ({population} "
        "inhabitants in {start}). Results are estimates with uncertainty, not forecasts."
    ),
    "app.sidebar_note_none": (
        "Simulation of a municipality's social-housing system. Results are estimates with "
        "uncertainty, not forecasts."
    ),
    # lang
    "lang.label": "Language",
    # nav
    "nav.overview": "Overview",
    "nav.scenario": "Scenario",
    "nav.compare": "Compare",
    "nav.budget": "Start-loan budget",
    "nav.stock": "Stock to 2040",
    "nav.tilvisning": "Tilvisning workshop",
    "nav.calibration": "Calibration",
    # overview
    "overview.title": "Boligflyt – {place}",
    "overview.no_baseline": "No baseline scenario found (baseline.yaml in {folder}).",
    "overview.baseline_invalid": "The baseline scenario file has problems:",
    "overview.kpis": "Headline figures {start}–{end}",
    "overview.to_compare": "Compare policies side by side",
    "overview.to_scenario": "Open and edit a scenario",
    "overview.municipality": "Municipality",
    "overview.municipality_help": (
        "The scenario files in scenarios/ (a new municipality's file is made with `boligflyt "
        "init`, see docs/NEW_MUNICIPALITY.md). The other pages open on the one chosen here."
    ),
    "overview.file_invalid": "{name}: the file has problems",
    "overview.cal.none": (
        "This scenario has no calibration targets: its figures are not checked against the "
        "municipality's own."
    ),
    "overview.cal.uncalibrated": (
        "This scenario has {n} calibration targets but has not been calibrated (`boligflyt "
        "calibrate FILE --write`)."
    ),
    "overview.cal.stale": (
        "The scenario has changed since it was calibrated on {date}: the calibration table may no"
        " longer hold."
    ),
    "overview.cal.current": (
        "Calibrated on {date}: the model meets {met} of the {n} figures it is fitted to."
    ),
    # table
    "table.kpi": "Indicator",
    "table.diff_col": "{name}: difference",
    "table.better": "Better is",
    "table.lower": "lower ↓",
    "table.higher": "higher ↑",
    "table.diff_short": "change",
    "table.verdict_better": "better",
    "table.verdict_worse": "worse",
    # unit
    "unit.pp": "pp",
    # caption
    "caption.run": "Scenarios: {names} · seed {seed} · {reps} replications · mean with 95 % interval",
    "caption.run_means": "Scenarios: {names} · seed {seed} · {reps} replications · means",
    # run
    "run.starting": "Starting the simulation …",
    "run.progress": "Simulating: {done} of {total} replications",
    "run.cancelled": "The run was cancelled; scenarios already finished are kept.",
    "run.cancel": "Cancel",
    "run.cancel_hint": "Stops the run; scenarios already finished are kept.",
    "run.cancelled_analysis": "The analysis was cancelled; nothing was kept. Press run to start again.",
    # chart
    "chart.waiting_list.title": "Households on the waiting list",
    "chart.p_wait.title": "Share waiting more than 6 months after approval, by year",
    "chart.p_wait.y": "per cent of households due that year",
    "chart.temp_by_group.title": "Hospits nights by group, total {start}–{end} (★ = families and youth)",
    "chart.red_light.title": "Hospits nights of families with children and youth (goal: zero)",
    "chart.pathways.title": "Hospits nights by where the household stands",
    "chart.pathways.note": (
        "The four parts add up to all hospits nights. Most nights belong to households that are not on the "
        "waiting list (not approved, or evicted and not applied again): more dwellings shorten the list, not"
        " these stays (report 5.7)."
    ),
    "chart.homeless.title": "Homeless persons (hospits or no fixed place)",
    "chart.per_1000.title": "Municipal dwellings per 1000 inhabitants",
    "chart.ref.akershus": "Akershus {value}",
    "chart.ref.norway": "Norway {value}",
    "chart.exits.title": "Households leaving the system, by route and year",
    "chart.temp_cost.title": "Spending on hospits nights",
    "chart.start_loans.title": "Start loans per 1000 inhabitants",
    "chart.start_loans.kostra": "{place}, observed (KOSTRA)",
    "chart.costs.title": "The municipality's costs per year by line (nominal; income below zero)",
    "chart.careers.title": ("Housing careers {start}–{end}: from application to exit (mean per replication)"),
    "chart.costs.total_of": "{name}: net cost {total}, present value {pv}",
    # compare
    "compare.title": "Compare policies",
    "compare.file_invalid": "The scenario file {name}.yaml has problems and is left out:",
    "compare.none": "No valid scenarios in {folder}.",
    "compare.scenarios": "Scenarios (up to {n})",
    "compare.scenarios_help": (
        "Scenario files in the scenarios folder, the scenario you are editing on the Scenario "
        "page (marked ✎) and columns sent from the tilvisning workshop."
    ),
    "compare.only_one": (
        "Only one scenario so far: edit or upload one on the Scenario page to compare policies."
    ),
    "compare.pick_one": "Choose at least one scenario.",
    "compare.reference": "Reference",
    "compare.reference_help": "Differences are shown relative to this scenario.",
    "compare.replications": "Replications",
    "compare.replications_help": (
        "Independent runs per scenario; more give narrower intervals. 30 is a good default."
    ),
    "compare.seed": "Seed",
    "compare.seed_help": (
        "The starting point of the random numbers. The same seed gives the same households in "
        "every scenario (common random numbers) and the same results on any machine."
    ),
    "compare.run": "Run comparison",
    "compare.run_cached": "Results are up to date",
    "compare.press_run": "Press “Run comparison” ({n} scenarios not yet simulated with these settings).",
    "compare.cached_note": (
        "Results are kept for these scenarios, seed and replications: changing nothing never reruns."
    ),
    "compare.last_run": "Last run took {s} s.",
    "compare.kpis": "Key figures {start}–{end}",
    "compare.all_kpis": "Show all indicators",
    "compare.kpi_legend": (
        "Mean (95 % interval). Difference = scenario minus reference for the same households "
        "(paired). “Better is” says which direction is wanted. Blue cell: better, orange cell: "
        "worse, grey cell: changed where neither direction is better – in all three the interval "
        "excludes zero."
    ),
    "compare.charts": "Charts",
    "compare.homeless": "Homelessness and temporary accommodation",
    "compare.stock": "Municipal stock",
    "compare.exits": "Exits",
    "compare.costs": "Costs",
    "compare.careers": "Housing careers",
    "compare.career_scenario": "Scenario",
    "compare.careers_note": (
        "Built from event counts of the model; the stock at the start and the end balance each "
        "stage. {temp} households a run spend at least one night in hospits at some point; of "
        "{evicted} evicted households, {again} apply again (they come back in as "
        "“Re-applications”, on the left)."
    ),
    "compare.export": "Download",
    "compare.pick_placeholder": "Choose scenarios",
    "compare.press_run_one": ("Press “Run comparison” (one scenario not yet simulated with these settings)."),
    # export
    "export.kpi_csv": "Key figures (CSV)",
    "export.yearly_csv": "Yearly series (CSV)",
    "export.excel": "All tables (Excel)",
    "export.html": "Memo summary (HTML)",
    "export.html_title": "Boligflyt – comparison of housing policies",
    "export.meta_scenarios": "Scenarios",
    "export.meta_reference": "Reference",
    "export.meta_seed": "Seed",
    "export.meta_reps": "Replications",
    "export.meta_version": "Boligflyt version",
    "export.png_hint": "Each chart downloads as PNG from the camera icon in its toolbar.",
    "export.sweep_csv": "Budget table (CSV)",
    "export.yes": "yes",
    "export.no": "no",
    "export.sheet_info": "About the run",
    "export.sheet_kpis": "Key figures",
    "export.col.what": "What",
    "export.col.value": "Value",
    "export.col.indicator": "Indicator",
    "export.col.unit": "Unit",
    "export.col.period": "Period",
    "export.col.scenario": "Scenario",
    "export.col.reference": "Reference",
    "export.col.mean": "Mean",
    "export.col.ci95_low": "95 % low",
    "export.col.ci95_high": "95 % high",
    "export.col.diff_mean": "Difference to the reference",
    "export.col.diff_ci95_low": "Difference, 95 % low",
    "export.col.diff_ci95_high": "Difference, 95 % high",
    "export.col.significant": "Interval excludes zero",
    "export.col.code": "code",
    "export.col.group": "Target group",
    "export.col.time": "Year",
    "export.col.replications": "Replications",
    "export.meta_hash": "Content hash (SHA-256) of {name}",
    "export.file_seed": "seed",
    "export.file_reps": "reps",
    "export.file_kpis": "key_figures",
    "export.file_yearly": "yearly",
    "export.file_summary": "summary",
    "export.file_budget": "start_loan_budget",
    "export.file_plan": "stock_plan",
    "export.file_years": "year_by_year",
    "export.file_workshop": "tilvisning_workshop",
    # group
    "group.families_with_children": "Families with children",
    "group.refugees": "Refugees",
    "group.youth": "Youth",
    "group.rop": "ROP (substance and mental disorders)",
    "group.disabled_elderly": "Disabled and elderly",
    "group.other_low_income": "Other low-income",
    "group.acute_homeless": "Acutely homeless",
    "group.all": "All",
    # dwelling
    "dwelling.small_ordinary": "Small (1–2 persons)",
    "dwelling.medium_ordinary": "Medium (3–4 persons)",
    "dwelling.large_ordinary": "Large (5+ persons)",
    "dwelling.care": "Care dwelling (with services)",
    "dwelling.tilvisning": "Tilvisning dwelling",
    # node
    "node.new_applications": "New applications",
    "node.reapplications": "Re-applications",
    "node.decision": "Decision team",
    "node.rejected": "Rejected",
    "node.pending_end": "Undecided at the horizon",
    "node.list_at_start": "On the list in 2016",
    "node.waiting_list": "Waiting list",
    "node.withdrawn": "Withdrew",
    "node.refused_offer": "Refused offer",
    "node.own_solution": "Own solution",
    "node.waiting_end": "Still waiting at the horizon",
    "node.tenants_at_start": "Tenants in 2016",
    "node.tenancy": "Municipal tenancy",
    "node.lease_end": "Lease ended",
    "node.moved": "Moved",
    "node.death_or_institution": "Death or institution",
    "node.eviction": "Evicted",
    "node.tenant_end": "Still tenant at the horizon",
    # scenario
    "scenario.title": "Scenario",
    "scenario.pick_file": "Open a scenario file",
    "scenario.pick_file_help": "Files in the scenarios folder. Opening one discards unsaved edits.",
    "scenario.pick_placeholder": "Choose a file",
    "scenario.upload": "… or upload a YAML file",
    "scenario.upload_help": (
        "A scenario file like those in the scenarios folder; it may start with “extends: "
        "baseline.yaml”. It is read in memory and saved only if you save it."
    ),
    "scenario.editing": "Editing **{origin}** · changes: {n}",
    "scenario.reset": "Undo changes",
    "scenario.valid": "The scenario is valid and ready on the Compare page as “{name}”.",
    "scenario.invalid": (
        "The scenario has problems ({n}); they are shown next to the fields. Fix them to "
        "download, save or compare."
    ),
    "scenario.export": "Download or save",
    "scenario.download": "Download as YAML",
    "scenario.download_help": (
        "The edited scenario as a file you can keep, share or load with the command line."
    ),
    "scenario.to_compare": "Compare it with the baseline",
    "scenario.save_name": "Save as (new name)",
    "scenario.save_help": (
        "Letters a–z, digits and underscores; other characters become underscores. Saved in the "
        "scenarios folder; an existing file is never overwritten."
    ),
    "scenario.save": "Save",
    "scenario.title_label": "Name of the change (shown in tables and charts)",
    "scenario.title_help": (
        "A name for comparisons, for example “More large dwellings”. No file is saved; use Save "
        "below for that."
    ),
    "scenario.sources_title": "About the sources",
    # save
    "save.ok": "Saved as {file} in the scenarios folder.",
    "save.err_name": "Please give a name with at least one letter.",
    "save.err_exists": "The file {name}.yaml already exists; choose another name.",
    "save.err_io": "Could not save: {error}",
    # upload
    "upload.not_utf8": "the file is not UTF-8 text",
    "upload.loaded": "Loaded {name}.",
    "upload.invalid": (
        "The uploaded file has {n} problem(s) and was not loaded (file:line: field: problem):"
    ),
    "upload.too_large": "the file is too large (over 1 MB); a scenario is a few kilobytes",
    # problem
    "problem.file": "(file)",
    "problem.got": "got",
    # lever
    "lever.source": "Source",
    "lever.name": "Name",
    "lever.description": "Description",
    "lever.start_date": "Start date",
    "lever.end_date": "End date (horizon)",
    "lever.groups.{group}.arrival_rate_per_1000_per_year": "Applications per 1000 inhabitants per year",
    "lever.groups.{group}.approval_probability": "Probability of approval",
    "lever.groups.{group}.acute_share": "Share homeless when applying",
    "lever.dwelling_types.{dwelling}.count": "Dwellings at the start",
    "lever.tenancy.vacancy_turnaround.mean_days": "Days to re-let a vacated dwelling (mean)",
    "lever.initial_state.tenancies.occupancy_share": "Share occupied at the start",
    "lever.temporary_accommodation.hospits_price_nok_per_night": ("Hospits price per person per night (NOK)"),
    "lever.temporary_accommodation.long_stay_days": "Long stay threshold (days)",
    "lever.groups.{group}.homelessness.hospits_share": "Share of homeless placed in hospits",
    "lever.allocation.meeting_interval_days": "Days between decision-team meetings",
    "lever.allocation.priority_rule": "Order of the waiting list",
    "lever.allocation.allow_larger_dwelling": "Offer larger dwellings than needed",
    "lever.allocation.promise_days": "Promise: housed within (days)",
    "lever.groups.{group}.offer_refusal_probability": "Probability an offer is refused",
    "lever.tenancy.lease.value_days": "Lease length (days)",
    "lever.groups.{group}.renewal_probability": "Probability the lease is renewed",
    "lever.groups.{group}.eviction_rate_per_year": "Eviction rate per year",
    "lever.groups.{group}.move_out_rate_per_year": "Move-out rate per year",
    "lever.schedule": "Set per year in the scenario file; download it as YAML to edit the schedule.",
    "lever.start_loans.budget_nok_per_year": "Start-loan budget per year (NOK million)",
    "lever.start_loans.settlement_grant_budget_nok_per_year": (
        "Settlement-grant budget per year (NOK million)"
    ),
    "lever.start_loans.rate_regime": "Interest rate in the affordability test",
    "lever.start_loans.term_years": "Loan term (years)",
    "lever.start_loans.consider_tenants_at_renewal": "Assess tenants for a loan at renewal",
    "lever.start_loans.systematic_survey": "Yearly survey of all tenants",
    "lever.start_loans.approval_valid_days": "Loan approval valid (days)",
    "lever.private_rental.guarantees_per_year": "NAV rent guarantees per year",
    "lever.private_rental.deposit_loans_per_year": "Deposit loans per year",
    "lever.private_rental.broker_placements_per_year": "Rental-broker placements per year",
    "lever.rent_to_own.option_year": "Option to buy in year",
    "lever.rent_to_own.selection_rule": "Who is offered rent-to-own",
    "lever.rent_to_own.from_tenants": "Municipal tenants may be chosen",
    "lever.follow_up.staff": "Follow-up staff (full-time)",
    "lever.follow_up.households_per_staff": "Households per staff member",
    "lever.follow_up.eviction_hazard_reduction": "Reduction of eviction risk when followed",
    # levergroup
    "levergroup.general": "General",
    "levergroup.general.intro": "Name, description and period simulated.",
    "levergroup.demand": "Demand",
    "levergroup.demand.intro": "Who applies for a municipal dwelling and how many are approved.",
    "levergroup.stock": "Stock",
    "levergroup.stock.intro": "The municipal dwellings and how fast they are re-let.",
    "levergroup.temporary": "Temporary accommodation",
    "levergroup.temporary.intro": "Hospits: price, the 3-month goal, and who is placed there.",
    "levergroup.allocation": "Allocation",
    "levergroup.allocation.intro": (
        "The decision team, the order of the waiting list and the 6-month promise."
    ),
    "levergroup.tenancies": "Tenancies",
    "levergroup.tenancies.intro": "Leases, renewals, evictions and moves.",
    "levergroup.start_loans": "Start loans",
    "levergroup.start_loans.intro": "Budget, eligibility and terms of start loans.",
    "levergroup.private_rental": "Private rental",
    "levergroup.private_rental.intro": "NAV guarantees and the rental broker's capacity.",
    "levergroup.tilvisning": "Tilvisning",
    "levergroup.tilvisning.intro": (
        "Tilvisning agreements with private developers: the municipality nominates tenants to a "
        "share of the units while the agreement runs."
    ),
    "levergroup.rent_to_own": "Rent-to-own",
    "levergroup.rent_to_own.intro": "Dwellings bought for a household with an option to buy.",
    "lever.staffed_housing.places": "Places in staffed shared housing",
    "lever.staffed_housing.from_year": "Staffed housing open from year",
    "lever.staffed_housing.cost_nok_per_place_per_year": (
        "Staffed housing, cost per place per year (NOK million)"
    ),
    "lever.advance_notice.notified_share": "Share of releases notified in advance",
    "lever.advance_notice.days_ahead": "Days of notice before a release",
    "lever.regional_offer.places": "Places in a regional low-threshold offer",
    "lever.regional_offer.from_year": "Regional offer from year",
    "lever.regional_offer.cost_nok_per_place_per_year": (
        "Regional offer, cost per place per year (NOK million)"
    ),
    "lever.allocation.not_approved_homeless": "Homeless households not approved",
    "lever.rent_to_own.selection_test": "Who qualifies for rent-to-own",
    "levergroup.homelessness": "Homelessness",
    "levergroup.homelessness.intro": (
        "The report’s proposals against homelessness (5.7): staffed housing, notice of releases, a regional "
        "offer, and what happens to homeless households the team does not approve. None is used today."
    ),
    "choice.stay_homeless": "Nothing more (stay homeless; today)",
    "choice.broker": "Help to a private rental (broker)",
    "choice.staffed_housing": "A place in staffed housing",
    "choice.ownership_potential": "Ownership potential (income and stability)",
    "choice.min_income": "A minimum income",
    "levergroup.follow_up": "Follow-up",
    "levergroup.follow_up.intro": "Follow-up services that lower the eviction risk.",
    "levergroup.tilvisning.none": "The scenario has no tilvisning agreements.",
    "levergroup.tilvisning.to_workshop": "Compare terms in the tilvisning workshop",
    # choice
    "choice.floating_with_margin": "Floating rate + stress margin",
    "choice.husbanken_recommended": "Husbanken's recommended rate",
    "choice.fixed": "Fixed rate",
    "choice.none": "None",
    "choice.leaving": "Those who must leave",
    "choice.all": "All tenants",
    "choice.children": "Households with children first",
    "choice.income": "Highest income first",
    "choice.3": "Year 3",
    "choice.5": "Year 5",
    "choice.priority": "Priority (urgent, then children, then date)",
    "choice.fifo": "First come, first served",
    "choice.children_first": "Children first",
    # analysis
    "analysis.failed": (
        "The analysis could not run with these settings. Try another target, more replications or"
        " other instruments."
    ),
    # instrument
    "instrument.purchase": "Purchase",
    "instrument.lease": "Lease",
    "instrument.care_build": "Build (care dwellings)",
    "instrument.tilvisning": "Tilvisning agreement",
    # budget
    "budget.title": "Start-loan budget",
    "budget.intro": (
        "What does a yearly start-loan budget buy, and at what portfolio risk? Every budget is "
        "simulated with **the same households** (common random numbers), so the curves differ "
        "only because of the budget. Bands are 95 % intervals over the replications."
    ),
    "budget.scenario": "Scenario",
    "budget.values": "Yearly budgets to try (NOK million, separated by ;)",
    "budget.values_help": (
        "Default: 0, ½, 1, 1½, 2 and 3 times today's budget ({today} a year). Type millions "
        "(“26.5”), with a unit if you like (“26.5 m”), or whole kroner (“26,500,000”)."
    ),
    "budget.err_values": (
        "Could not read “{bad}” as an amount of at least 0. Type the budgets in NOK million, "
        "separated by semicolons, for example “0; 13; 26.5”."
    ),
    "budget.reps_help": "At most this many replications per budget: the sweep starts with 20 and adds "
    "replications to the budgets whose share of futures is still undecided.",
    "budget.threshold_help": (
        "The target holds in a future when the key figure is at most this in every year from the chosen year."
    ),
    "budget.target": "Target",
    "budget.target_metric": "Key figure",
    "budget.threshold": "At most",
    "budget.from_year": "From year",
    "budget.from_year_help": "The target must hold in every year from this year to the horizon.",
    "budget.confidence_help": "Share of simulated futures in which the target must hold.",
    "budget.err_from_year": "The year must be within the scenario's horizon, {first}–{last}.",
    "budget.run": "Run the budget sweep",
    "budget.press_run": "Press run to simulate {n} budgets with {reps} replications each.",
    "budget.answer": "Which budget meets the target, and how surely?",
    "budget.cheapest": (
        "**{budget} a year** is the cheapest budget tried that meets the target ({target}) in at "
        "least {conf} of futures: in **{share}** of {n} simulated futures (95 % interval {low} – "
        "{high})."
    ),
    "budget.not_reached": (
        "No budget tried meets the target ({target}) in {conf} of futures; the best share was "
        "{best}. Try larger budgets, a milder target or a later year."
    ),
    "budget.lowest_note": (
        "The lowest budget tried already meets the target: add smaller budgets to find the cheapest."
    ),
    "budget.share_note": (
        "Confidence = share of replications in which the target holds in every year from the "
        "chosen year. A budget meets it only when the whole 95 % interval of its share lies above "
        "the required confidence, and is named the cheapest only when every smaller budget tried "
        "lies below. Only the budgets tried are considered: add values between two budgets to "
        "narrow it down."
    ),
    "budget.interval": "95 % interval of the share: {low}–{high} ({n} futures).",
    "budget.not_settled": "**Not settled**: the shares of futures are too close to the required {conf} "
    "to name the cheapest budget. Run more replications (about {n} per budget would settle it "
    "if the shares stay where they are).",
    "budget.not_monotone": "**Not monotone**: a larger budget meets the target in significantly fewer "
    "futures than a smaller one, so no cheapest budget is named. Check the target.",
    "budget.curves": "Key figures against the yearly budget",
    "budget.x": "yearly start-loan budget (NOK million)",
    "budget.mark": "cheapest meeting the target",
    "budget.table": "Table",
    "budget.share_col": "Share of futures meeting the target (95 % interval)",
    "budget.err_empty": "Type at least one budget.",
    "budget.press_run_one": "Press run to simulate one budget with {reps} replications.",
    "budget.target_text": "{kpi} at most {value} in every year {year}–{end}",
    "budget.uncertain": (
        "But the interval reaches below the requirement: with this few replications the budget "
        "may not hold. Run more replications before quoting it."
    ),
    "budget.today": "today's budget ({budget})",
    "budget.today_short": "today",
    "budget.today_share": "With {today} the target is met in {share} of futures.",
    "budget.share_title": "Share of futures meeting the target: {target}",
    "budget.share_y": "per cent of futures (95 % interval)",
    "budget.required": "required {conf}",
    "budget.curve_title": "{kpi} ({period}) against the yearly start-loan budget",
    "budget.col_budget": "Yearly budget",
    "budget.col_budget_mill": "Yearly budget (NOK million)",
    "budget.table_note": "Means (95 % interval) over {start}–{end}.",
    # stock
    "stock.title": "Stock to 2040",
    "stock.intro": (
        "The **smallest plan** of new municipal dwellings that meets a service target in every "
        "year: a catch-up as fast as the yearly limit allows, then keeping pace with the "
        "population, found on common random numbers. Replications are added until the plan's "
        "total is known within ±10 % (or 4 dwellings); the search simulates many candidate plans "
        "and takes a few minutes."
    ),
    "stock.threshold_help": (
        "A year meets the target when the key figure is at most this in that year, in at least "
        "the required share of futures."
    ),
    "stock.target": "Service target",
    "stock.from_year_help": "The first year the target must hold.",
    "stock.confidence_help": "A year meets the target when the mean over futures meets it; this is "
    "how sure the plan's range and each year's verdict must be (the probability of the intervals).",
    "stock.means": "Means",
    "stock.types": "Dwelling types to add",
    "stock.types_help": "The plan is split over these types in proportion to today's stock.",
    "stock.instruments": "Instruments",
    "stock.instruments_help": (
        "How dwellings are added (in this order). Care dwellings are built when 'Build' is chosen."
    ),
    "stock.max_per_year": "Max additions per year",
    "stock.max_per_year_help": "What the municipality can buy or build in one year.",
    "stock.lead": "Lead time (years)",
    "stock.lead_help": "Dwellings serving a year are decided this many years earlier.",
    "stock.reps_help": "At most this many replications: they are added until the plan's total is settled.",
    "stock.err_types": "Choose at least one dwelling type.",
    "stock.err_instruments": "Choose at least one instrument.",
    "stock.err_max": "Allow at least one addition per year.",
    "stock.run": "Find the plan",
    "stock.press_run": "Press run to search for the smallest plan.",
    "stock.progress": "Searching: year {year}, {added} dwellings so far",
    "stock.result": "The plan",
    "stock.total_added": "Dwellings added",
    "stock.years_met": "Target met in {met} of {n} years ({start}–{end})",
    "stock.per_1000": "Municipal dwellings per 1000 inhabitants at the end of {end}",
    "stock.per_1000_base": "Without the plan: {base}",
    "stock.cost_municipal": "Municipal budget cost {start}–{end}, change",
    "stock.cost_total": "Total with the plan: {total}",
    "stock.not_converged": "Not settled within {reps} replications: the total lies in {low}–{high}. "
    "Allow more replications before deciding.",
    "stock.missed": (
        "Target not met in: {years} (more dwellings of the chosen types did not help enough, or "
        "the room per year was too small)."
    ),
    "stock.range": "Range {low}–{high} dwellings ({cert} interval, {reps} replications)",
    "stock.advice": "{count} more {types}, decided in {first}, would meet the target in {years}.",
    "stock.unreachable": (
        "Not reachable with the chosen types at {max} a year: {years}. Even with {max} dwellings "
        "decided every year from {first}, as many as the yearly limit allows, the target is missed "
        "there (at the chosen certainty), so these years are left out of the search: allow more "
        "per year, other types or a later first target year to meet them."
    ),
    "stock.at_ramp": (
        "In {years} the target is not met on the mean, though not missed with certainty either: "
        "the plan already decides {max} dwellings, as many as allowed, every year up to then."
    ),
    "stock.chart_plan": "Dwellings added per year, by type",
    "stock.chart_plan_y": "dwellings per year",
    "stock.nothing_helps": (
        "No plan of the chosen types and yearly limit meets the target in the years missed, so "
        "none is proposed: allow more per year, other types or a later first year."
    ),
    "stock.nothing_needed": "The scenario as given already meets the target: nothing to add.",
    "stock.chart_service": "Service level per year: share of futures meeting the target ({target})",
    "stock.chart_service_y": "per cent of futures",
    "stock.met": "met",
    "stock.missed_label": "not met",
    "stock.required": "required {conf}",
    "stock.table": "Year by year",
    "stock.col_year": "Year",
    "stock.col_added": "Added",
    "stock.col_share": "Share of futures meeting the target",
    "stock.col_met": "Met",
    "stock.col_dwellings": "Municipal dwellings",
    "stock.dl_plan": "Plan (CSV)",
    "stock.dl_years": "Year by year (CSV)",
    "stock.progress_check": "Checking the plan against the scenario as given …",
    "stock.plan_suffix": "plan",
    "stock.chart_per_1000": "Municipal dwellings per 1000 inhabitants: with the plan and without",
    "stock.dwellings_unit": "dwellings",
    "stock.cost_pv": "Municipal cost, present value in real {start} NOK, change",
    "stock.cost_state": "Cost to the state, present value, change: {change}",
    "stock.cost_explained": (
        "In the budget (interest and instalments on the dwellings, operation and renovation, less"
        " rent) the plan changes the municipality's cost by {budget}. The present value changes "
        "by {pv}, because the {n} dwellings are still worth {residual} (present value) at the end"
        " of {end}, and that value is deducted. See the lines in the chart below."
    ),
    "stock.chart_cost_lines": (
        "What the plan changes in the municipality's budget, by line, total {start}–{end}"
    ),
    "stock.chart_cost_lines_x": "change in NOK million, nominal (95 % interval); income counts negative",
    "stock.col_type": "Dwelling type",
    "stock.col_instrument": "Instrument",
    "stock.col_count": "Count",
    # tilv
    "tilv.title": "Tilvisning workshop",
    "tilv.intro": (
        "Each card is **one set of terms** and becomes one column: the scenario with that "
        "agreement alone. The columns are compared side by side with the same scenario **without "
        "an agreement** and with **buying as many dwellings** as one of the cards gives the "
        "municipality – with the same households in all of them (common random numbers)."
    ),
    "tilv.reps_help": "Replications for each column.",
    "tilv.cards": "Agreement cards",
    "tilv.name": "Name",
    "tilv.units": "Units in the project",
    "tilv.units_help": "Dwellings the developer builds.",
    "tilv.share": "Municipal share",
    "tilv.share_help": (
        "Share of the units the municipality nominates tenants to (Selvaag 50 %, Husbanken at least 40 %)."
    ),
    "tilv.start_year": "Start year",
    "tilv.start_year_help": "Units ready from 1 January; within {first}–{last}.",
    "tilv.duration": "Duration (years)",
    "tilv.duration_help": "How long the municipality may nominate (Selvaag 30, Husbanken 20).",
    "tilv.nominated": "≈ {n} units for the municipality",
    "tilv.remove": "Remove",
    "tilv.add": "Add an agreement",
    "tilv.no_cards": "No agreements: add a card to see its effect.",
    "tilv.err_units": "At least 1 unit.",
    "tilv.err_share": "The share must be above 0 % and at most 100 %.",
    "tilv.err_year": "The start year must be within {first}–{last}.",
    "tilv.err_duration": "The duration must be more than 0 years.",
    "tilv.invalid": "These agreements do not make a valid scenario:",
    "tilv.run": "Run the workshop",
    "tilv.press_run": "Press run to simulate the {n} columns with the same households.",
    "tilv.effect": "The columns side by side, {start}–{end}",
    "tilv.chart_wait": "Change in the wait against “{reference}”",
    "tilv.chart_wait_x": "days, average of those housed {start}–{end} (95 % interval)",
    "tilv.chart_nights": "Change in hospits nights against “{reference}”",
    "tilv.chart_nights_x": "person-nights, total {start}–{end} (95 % interval)",
    "tilv.chart_cost": "Change in cost against “{reference}”: municipality and state",
    "tilv.chart_cost_x": "NOK million, total {start}–{end} (95 % interval)",
    "tilv.chart_units_years": "Dwellings the municipality nominates to through tilvisning, per year",
    "tilv.chart_wait_years": "Wait from approval to a dwelling, per year",
    "tilv.start": "Start year",
    "tilv.buy_like": "Also compare with buying as many dwellings as",
    "tilv.buy_none": "(no buying column)",
    "tilv.buy_help": (
        "The municipality buys as many second-hand dwellings as the card lets it nominate to, the"
        " year before the agreement starts."
    ),
    "tilv.col_reference": "No agreement",
    "tilv.col_buy": "Buy {n} dwellings in {year}",
    "tilv.table_legend": (
        "Each column is one scenario; “change” is the difference to “No agreement” for the same "
        "households, with its 95 % interval. Blue cell: better, orange cell: worse, grey cell: "
        "changed."
    ),
    "tilv.send": "Send the columns to Compare",
    "tilv.send_limit": "Compare shows up to {n} scenarios; the first are sent.",
    "tilv.save": "Save the columns as scenario files",
    "tilv.saved": "Saved in the scenarios folder: {files}.",
    "tilv.save_failed": "Not saved (the name exists already): {names}.",
    # kpi
    "kpi.card_note": "{period} · 95 % interval: {ci}",
    # label
    "label.other": "Other",
    # input
    "input.bad_number": "“{text}” is not a number from {lo} to {hi}. Type for example 0.8 or 26,000.",
    # target
    "target.title": "Target",
    "target.metric": "Key figure",
    "target.threshold": "At most",
    "target.from_year": "From year",
    "target.confidence": "Required confidence",
    # cal
    "cal.title": "Calibration – {place}",
    "cal.intro": (
        "How well the model reproduces {place}'s own figures. The targets, their sources and the "
        "free assumptions are read from the scenario file (its `calibration:` section); the "
        "model's means are those `boligflyt calibrate --write` recorded, unless you check again "
        "below."
    ),
    "cal.targets": "Targets",
    "cal.free": "Assumptions fitted by calibration",
    "cal.no_free": "No assumption is fitted.",
    "cal.no_targets": (
        "This scenario has no calibration targets. Give the municipality's figures to `boligflyt "
        "init`, or add a `calibration:` section (docs/SCENARIO.md)."
    ),
    "cal.recorded": (
        "Model means recorded by `boligflyt calibrate` on {date} ({reps} replications, seed {seed})."
    ),
    "cal.not_recorded": (
        "No calibration recorded yet: run `boligflyt calibrate FILE --write`, or check below."
    ),
    "cal.stale": "The scenario has been changed since this calibration; check again to see the model now.",
    "cal.check": "Check against the model now",
    "cal.check_help": "Runs the years of the targets with the replications chosen (no fitting).",
    "cal.checked": "Model means checked now ({reps} replications, seed {seed}).",
    "cal.met_yes": "yes",
    "cal.met_no": "no",
    "cal.col.metric": "Figure",
    "cal.col.year": "Year",
    "cal.col.target": "Target",
    "cal.col.tolerance": "Met within",
    "cal.col.mean": "Model mean",
    "cal.col.ci": "95 % interval",
    "cal.col.met": "Met",
    "cal.col.source": "Source",
    "cal.col.assumption": "Assumption",
    "cal.col.why": "What it stands for",
    "cal.col.start": "Before calibration",
    "cal.col.value": "Now",
    "cal.col.bounds": "Bounds",
    # param
    "param.groups.{group}.homelessness.own_solution_rate_per_year": (
        "Rate of finding an own solution while homeless (per year)"
    ),
    "param.groups.{group}.homelessness.hospits_exit_rate_per_year": "Rate of leaving hospits (per year)",
    "param.start_loans.direct_applicants_per_1000_per_year": (
        "Start-loan applicants outside the system per 1000 inhabitants per year"
    ),
    "param.private_rental.direct_guarantee_clients_per_1000_per_year": (
        "Guarantee clients outside the list per 1000 inhabitants per year"
    ),
}
