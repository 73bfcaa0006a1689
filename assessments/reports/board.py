"""The Board report (issue 19): the short paper a Board reads, at most six A4 pages.

Everything here is computed from the shared report context
(:func:`~assessments.reports.context.report_context`) as plain data, with no queries of
its own: :func:`board_context` is the Board report's ``Document.extra_context``. This
module imports nothing from ``context.py``, which imports the documents (and so this
module).

The paper keeps to its page limit whatever the size of the plan: it shows the first few
next steps, and only the open actions, at most :data:`ACTIONS_SHOWN` of them with their
descriptions shortened; the rest are in the full report, its appendix.
"""

from __future__ import annotations

import dataclasses

from ..costs.templatetags.costs import pounds, signed_pounds
from ..models import Action
from ..results.exports import file_stem

NEXT_STEPS_SHOWN = 3
ACTIONS_SHOWN = 6
# Long enough for a clear action; the whole text is in the full report.
ACTION_TEXT_SHOWN = 200

BOARD_HEADINGS = {
    "summary": "Summary",
    "grid": "Your practices on the Grid",
    "stages": "Stages of the commissioning cycle",
    "next_steps": "Next steps",
    "actions": "Open actions",
    "impact": "What difference it made",
    "costs": "What involvement costs",
    "full_report": "Appendix: the full report",
}


def board_title(context: dict) -> str:
    assessment = context["assessment"]
    return f"Co-production Grid Board report – {assessment.organisation.name} – {assessment.period}"


def top_next_steps(context: dict, count: int = NEXT_STEPS_SHOWN) -> list:
    return context["result"].next_steps[:count]


def open_actions(context: dict) -> list:
    """The actions not done yet, in the plan's order, with their numbers in the plan."""
    return [action for action in context["actions"] if action.status != Action.Status.DONE]


def shortened(text: str, limit: int = ACTION_TEXT_SHOWN) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def actions_shown(actions: list, count: int = ACTIONS_SHOWN) -> list:
    return [
        dataclasses.replace(action, description=shortened(action.description))
        for action in actions[:count]
    ]


def impact_paragraph(context: dict) -> str:
    """The impact ledger's period in a sentence or two; empty without ledger entries."""
    impact = context.get("impact")
    if not impact or not impact.entries:
        return ""
    things = "thing" if impact.entries == 1 else "things"
    sentences = [
        f"In {impact.period}, the impact ledger records {impact.entries} {things} "
        "people with lived experience said."
    ]
    fed_back = f"{impact.fed_back} {'was' if impact.fed_back == 1 else 'were'} fed back"
    if impact.fed_back_percent is not None:
        fed_back += f" ({impact.fed_back_percent}%)"
    sentences.append(
        f"{fed_back} to the people who said {'it' if impact.entries == 1 else 'them'}."
    )
    changed = [
        f"{count} {noun}{'' if count == 1 else 's'}"
        for count, noun in (
            (impact.decisions_changed, "decision"),
            (impact.services_changed, "service"),
        )
        if count
    ]
    if changed:
        sentences.append(f"Because of what people said, {' and '.join(changed)} changed.")
    else:
        sentences.append("No decision or service has changed because of it yet.")
    if impact.open:
        sentences.append(f"{impact.open} {'is' if impact.open == 1 else 'are'} still open.")
    return " ".join(sentences)


def cost_paragraph(context: dict) -> str:
    """What involvement costs in a sentence or two; empty without a cost profile that
    costs anything."""
    costs = context.get("costs")
    if costs is None or not costs.has_costs:
        return ""
    sentences = [
        f"Involving people costs {pounds(costs.now.total)} a year now. Once the action plan "
        f"is done, it will cost {pounds(costs.planned.total)} a year "
        f"({signed_pounds(costs.difference.total)})."
    ]
    if costs.now_share is not None:
        sentences.append(
            f"{costs.now_share}% of the cost now is paid to people with lived experience."
        )
    return " ".join(sentences)


def full_report_sections(context: dict) -> list[str]:
    """The full report's sections this paper leaves out: what its appendix adds."""
    shown = set(BOARD_HEADINGS.values())
    return [heading for heading in context["headings"].values() if heading not in shown]


def board_contents(impact: str, costs: str) -> list[tuple[str, str]]:
    """The paper's sections as its cover lists them: (anchor, heading)."""
    keys = ["summary", "grid", "stages", "next_steps", "actions"]
    keys += ["impact"] if impact else []
    keys += ["costs"] if costs else []
    keys.append("full_report")
    return [(key.replace("_", "-"), BOARD_HEADINGS[key]) for key in keys]


def board_context(context: dict) -> dict:
    """What only the Board report shows, from the shared report context."""
    from .documents import FULL_REPORT  # here: documents.py imports this module

    assessment = context["assessment"]
    steps = top_next_steps(context)
    still_open = open_actions(context)
    shown = actions_shown(still_open)
    impact, costs = impact_paragraph(context), cost_paragraph(context)
    return {
        "title": board_title(context),
        # The shared partials read their headings here: the Board's own, over the full's.
        "headings": {**context["headings"], **BOARD_HEADINGS},
        "contents": board_contents(impact, costs),
        "board": {
            # The result with only the first few next steps, for the next steps partial.
            "result": dataclasses.replace(context["result"], next_steps=steps),
            "open_actions": shown,
            "open_count": len(still_open),
            "more_actions": len(still_open) - len(shown),
            "done_count": len(context["actions"]) - len(still_open),
            "shortened": any(
                row.description != action.description
                for row, action in zip(shown, still_open, strict=False)
            ),
            "impact_paragraph": impact,
            "cost_paragraph": costs,
            "full_report_title": context["title"],
            "full_report_filename": f"{file_stem(assessment)}-{FULL_REPORT.filename_suffix}.pdf",
            "full_report_sections": full_report_sections(context),
        },
    }
