"""How long the NHS.UK form pack takes to render one questionnaire category's form.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python3 -m uv run python scripts/bench_form_pack.py

Renders ``{% crispy form %}`` for the category section with the most activities, empty
and bound with errors (every activity refused), ``--runs`` times each after a warm-up,
and prints the median CPU milliseconds per render. It only reads the catalogue, so any
database with one will do. ``--profile`` prints the top of a cProfile of the empty form.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coprod_grid.settings")

import django

django.setup()

from django.template import Context, Template  # noqa: E402

from assessments.models import Assessment, Frequency  # noqa: E402
from assessments.questionnaire.category_form import CategorySectionForm  # noqa: E402
from assessments.questionnaire.sections import (  # noqa: E402
    build_sections,
    questionnaire_categories,
)
from coprod_grid import catalogue  # noqa: E402

TEMPLATE = Template("{% load crispy_forms_tags %}{% crispy form %}")


def biggest_category_section():
    sections = build_sections(questionnaire_categories(), Assessment(), {})
    return max((s for s in sections if s.is_category), key=lambda s: len(s.activities))


def refused(section) -> dict:
    """Every activity with stages but done "not at the moment": one error each."""
    data = {"version": "0"}
    for activity in section.activities:
        data[f"{activity.slug}-frequency"] = Frequency.NONE
        data[f"{activity.slug}-stages"] = ["monitoring"]
    return data


def form_for(section, stages, data=None) -> CategorySectionForm:
    form = CategorySectionForm(
        data=data, initial={"version": 0}, activities=section.activities, stages=stages
    )
    if data is not None:
        assert not form.is_valid()
    return form


def render_ms(make_form, runs: int) -> float:
    """Median CPU ms of building and rendering a fresh form (as a page does)."""
    times = []
    for _ in range(runs):
        form = make_form()
        form.errors  # noqa: B018 -- validation is the view's cost, not the pack's
        start = time.process_time()
        TEMPLATE.render(Context({"form": form}))
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    section = biggest_category_section()
    stages = catalogue.commissioning_stages()
    cases = {
        "empty": lambda: form_for(section, stages),
        "errors": lambda: form_for(section, stages, refused(section)),
    }
    print(f"{section.title}: {len(section.activities)} activities, {len(stages)} stages")
    for name, make_form in cases.items():
        render_ms(make_form, 10)  # warm-up: templates compiled, caches filled
        print(f"{name:>7}: {render_ms(make_form, args.runs):7.2f} ms CPU per render")
    if args.profile:
        form = cases["empty"]()
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(50):
            TEMPLATE.render(Context({"form": form}))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
