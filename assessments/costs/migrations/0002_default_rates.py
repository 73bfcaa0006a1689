"""The default rates every database starts with. They are estimates, each labelled with
its source and year, for an organisation to replace with its own figures (its own rates
page, or admin). The figures are written here, not imported, so that this migration
gives the same rows however the code changes later."""

from django.db import migrations

AFC_SOURCE = (
    "Estimate to replace with local figures. Agenda for Change pay scales 2025/26 "
    "(England, after the 3.6% award): the mid-point of the band's pay points, plus 30% "
    "on-costs (an estimate of employer's National Insurance and pension), over 1,650 "
    "working hours a year (an estimate, after leave and training)."
)

# (band, lowest and highest pay point in pounds, cost of an hour in pence, example roles)
AFC_BANDS = [
    ("2", 24465, 24465, 1928, "for example, an administrative assistant"),
    ("3", 24937, 26598, 2030, "for example, an administrator"),
    ("4", 27485, 30162, 2271, "for example, an engagement officer"),
    ("5", 31049, 37796, 2712, "for example, an involvement officer"),
    ("6", 38682, 46580, 3359, "for example, a senior engagement officer"),
    ("7", 47810, 54710, 4039, "for example, a commissioning manager"),
    ("8a", 55690, 62682, 4663, "for example, a senior commissioning manager"),
    ("8b", 64455, 74896, 5490, "for example, a head of commissioning"),
    ("8c", 76965, 88682, 6525, "for example, a deputy director"),
    ("8d", 91342, 105337, 7748, "for example, an associate director"),
    ("9", 109179, 125637, 9250, "for example, a director"),
]

PPV_SOURCE = (
    "Estimate to replace with local figures. NHS England's patient and public voice "
    "partners policy sets involvement payments by the day and half day (£150 a day, £75 "
    "for up to 4 hours in its published levels); check the current version and your own "
    "policy. Travel, carers' and support costs are estimates: reimburse what people spend."
)

# (slug, name, unit, payment, travel, carers', support, in pence)
EXPERT_RATES = [
    ("involvement-payment-hour", "Involvement payment, by the hour", "hour", 1875, 1500, 0, 0),
    (
        "involvement-payment-half-day",
        "Involvement payment, half a day (up to 4 hours)",
        "session",
        7500,
        1500,
        2000,
        0,
    ),
    (
        "involvement-payment-day",
        "Involvement payment, a day (over 4 hours)",
        "session",
        15000,
        1500,
        4000,
        0,
    ),
    (
        "involvement-with-support",
        "Involvement payment by the hour, with a support worker",
        "hour",
        1875,
        1500,
        2000,
        6000,
    ),
]

UNIT_SOURCE = (
    "Estimate to replace with local figures: typical prices for England in 2025/26, not "
    "from a published schedule."
)

# (slug, name, unit, pence)
UNIT_COSTS = [
    ("venue-half-day", "Community venue hire", "per half day", 15000),
    ("refreshments", "Refreshments", "per person", 600),
    ("interpreter-hour", "Interpreter (a spoken language or BSL)", "per hour", 4500),
    ("easy-read-page", "Easy Read production", "per page", 6000),
    ("training-person", "Training for involvement", "per person", 10000),
    ("postage", "Postage, a second-class stamp", "per letter", 87),
]

YEAR = "2025/26"


def add_defaults(apps, schema_editor):
    StaffRole = apps.get_model("costs", "StaffRole")
    ExpertRate = apps.get_model("costs", "ExpertRate")
    UnitCost = apps.get_model("costs", "UnitCost")
    for order, (band, low, high, pence, example) in enumerate(AFC_BANDS):
        points = f"£{low:,}" if low == high else f"£{low:,} to £{high:,}"
        StaffRole.objects.get_or_create(
            slug=f"afc-band-{band}",
            organisation=None,
            defaults={
                "name": f"Agenda for Change Band {band} ({example})",
                "band": f"Band {band}",
                "hourly_pence": pence,
                "source": f"{AFC_SOURCE} Pay points {points}.",
                "year": YEAR,
                "order": order,
            },
        )
    for order, (slug, name, unit, amount, travel, carer, support) in enumerate(EXPERT_RATES):
        ExpertRate.objects.get_or_create(
            slug=slug,
            organisation=None,
            defaults={
                "name": name,
                "unit": unit,
                "amount_pence": amount,
                "travel_pence": travel,
                "carer_pence": carer,
                "support_pence": support,
                "source": PPV_SOURCE,
                "year": YEAR,
                "order": order,
            },
        )
    for order, (slug, name, unit, amount) in enumerate(UNIT_COSTS):
        UnitCost.objects.get_or_create(
            slug=slug,
            organisation=None,
            defaults={
                "name": name,
                "unit": unit,
                "amount_pence": amount,
                "source": UNIT_SOURCE,
                "year": YEAR,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("costs", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
