"""The private rental market as the municipality's clients meet it (the schema)."""

from __future__ import annotations

from sim.spec.base import F, Rate, Share, Spec


class PrivateRental(Spec):
    """The private rental market as the municipality's clients meet it."""

    guarantees_per_year: float = F(
        0,
        "NAV rent guarantees that can be issued per year.",
        "the municipality's own (none unless the scenario gives it); `boligflyt init` sets it "
        "from guarantees per 1000 inhabitants (KOSTRA)",
        ge=0,
        le=1e7,
    )
    guarantee_take_up_share: float = Share(
        0.7, "Share of private-rental seekers who use a guarantee when one is available.", "assumption"
    )
    guarantee_success_multiplier: float = F(
        1.4,
        "How much a guarantee raises the chance that a landlord accepts.",
        "assumption: a guarantee helps but signals 'disadvantaged' (FACTS.md 6.3)",
        ge=0,
        le=20,
    )
    deposit_loans_per_year: float = F(
        0, "Deposit loans that can be granted per year.", "FACTS.md 6.3 (no deposit loans)", ge=0, le=1e7
    )
    deposit_success_multiplier: float = F(
        1.8,
        "How much a deposit loan raises the chance of success (no stigma).",
        "assumption: FACTS.md 6.3 suggests deposit loans avoid the guarantee's signal",
        ge=0,
        le=20,
    )
    broker_placements_per_year: float = F(
        0,
        "Private rentals the rental broker (boveileder) can arrange per year.",
        "the municipality's own (none unless the scenario gives it; FACTS.md 6.3 describes one "
        "housing adviser); `boligflyt init` scales it by population",
        ge=0,
        le=1e7,
    )
    broker_success_multiplier: float = F(
        2.0, "How much the broker raises the chance of success.", "assumption", ge=0, le=20
    )
    broker_offer_refusal_probability: float = Share(
        0.1,
        "Probability that a household refuses a brokered private dwelling; it voids the approval.",
        "FACTS.md ch.4-5 (refusing a brokered dwelling voids the tilsagn); probability is an assumption",
    )
    direct_guarantee_clients_per_1000_per_year: float = Rate(
        1.7,
        "NAV clients outside the municipal housing list who get a guarantee (they use the "
        "same yearly capacity and count in KOSTRA).",
        "assumption: calibrated to guarantees per 1000 (FACTS.md 6.3)",
    )
