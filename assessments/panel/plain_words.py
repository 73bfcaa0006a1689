"""The Grid in plain words, for the panel's own pages.

Panel members are experts-by-experience, carers and voluntary-sector partners, usually
not NHS staff, so their pages speak at a reading age of about 9: short sentences,
everyday words, none of the commissioners' terms ("commissioning", "co-production",
"stakeholder", "pathway"). Each activity becomes a question a member answers about
"the NHS here" (the organisation that invited them); the official names stay on the
commissioners' pages, so that both sides are scored on the same activities.

An activity, category or stage an admin adds later falls back to its catalogue name
until someone words it here. This module is a leaf: it knows only slugs and names.
"""

from __future__ import annotations

from typing import Protocol


class Named(Protocol):
    slug: str
    name: str


#: How often something happens, in a member's words, in the order of the Grid.
PLAIN_FREQUENCIES: dict[str, str] = {
    "none": "No, or not that I know of",
    "occasional": "Sometimes, now and then",
    "routine": "Yes, it is normal here",
}

PLAIN_QUESTIONS: dict[str, str] = {
    # Working with local groups
    "local-user-and-voluntary-groups": (
        "Does the NHS here work closely with local groups and charities? "
        "We mean groups for people with lived experience."
    ),
    "substantive-involvement-post": (
        "Is someone paid to help people have their say about mental health care? "
        "This is their main job."
    ),
    # Meetings and rules
    "attend-decision-making-forums": (
        "Can people with lived experience go to the meetings where big decisions are made?"
    ),
    "service-user-carer-charter": (
        "Has the NHS here agreed a written list of promises to patients and carers?"
    ),
    "advisory-forums": (
        "Do people with lived experience sit on groups that give advice to the NHS here?"
    ),
    "co-production-standard-adopted": (
        "Have the leaders of the NHS here agreed written rules? "
        "The rules say how to work as equals with people with lived experience."
    ),
    # Groups and events
    "regular-engagement-event": (
        "Does the NHS here hold regular events to hear from people about mental health care?"
    ),
    "mental-health-user-group": (
        "Does the NHS here run or help a group for people with mental health problems?"
    ),
    "ad-hoc-engagement-events": (
        "Does the NHS here hold or go to one-off events to hear from people?"
    ),
    # Hearing people's views and stories
    "feedback-via-provider": (
        "Does the NHS here hear people's views through the teams who give the care?"
    ),
    "case-studies-at-board": (
        "Are written stories about people's care shared with the leaders of the NHS here?"
    ),
    "first-hand-stories-at-board": (
        "Do people tell their own story, in person, to the leaders of the NHS here?"
    ),
    "research-studies": ("Does the NHS here do research to find out what people need and think?"),
    "surveys-and-questionnaires": (
        "Does the NHS here ask people to fill in surveys about their care?"
    ),
    "analysis-of-complaints": (
        "Does the NHS here look at complaints to learn what needs to change?"
    ),
    "interviews-with-service-users": (
        "Does the NHS here talk with people one to one about their care?"
    ),
    "real-time-feedback": (
        "Can people say what they think of their care at the time? "
        "For example, on a screen or by text message."
    ),
    # Working as equals
    "peer-review-of-reports": (
        "Do people with lived experience read and comment on big plans from the NHS here?"
    ),
    "member-of-decision-making-forums": (
        "Are people with lived experience full members of the groups that make big decisions?"
    ),
    "review-procurement-bids": (
        "Do people with lived experience help pick who gets to run a service?"
    ),
    # Roles, training and support
    "champions-and-ambassadors": (
        "Are people with lived experience given roles to speak up for others? "
        "Some places call them champions."
    ),
    "training-and-support-for-service-users": (
        "Does the NHS here give training and support to the people who help it?"
    ),
    "quality-visits-to-services": (
        "Do people with lived experience go on visits to check how good services are?"
    ),
    # Designing services together
    "co-design-with-methodology": (
        "Does the NHS here use a step-by-step method to design services with people? "
        "The method starts from people's own experience of care."
    ),
    "co-design-without-methodology": (
        "Do people with lived experience help design services in a less formal way?"
    ),
    # Making plans together
    "co-produce-service-outcomes": (
        "Do people with lived experience help decide what mental health services should achieve?"
    ),
    "co-produce-model-of-care": (
        "Do people with lived experience help decide how mental health care should work?"
    ),
    "co-produce-service-specification": (
        "Do people with lived experience help write down what a service must do?"
    ),
    "co-produce-mental-health-strategy": (
        "Do people with lived experience help write the long-term plan for mental health here?"
    ),
}

PLAIN_CATEGORY_NAMES: dict[str, str] = {
    "leveraging-relationships": "Working with local groups",
    "governance-arrangements": "Meetings and rules",
    "user-focused-groups-and-events": "Groups and events",
    "information-based-activities": "Hearing people's views and stories",
    "involving-service-users-as-equals": "Working as equals",
    "tasking-and-empowering-users": "Roles, training and support",
    "co-design": "Designing services together",
    "co-production": "Making plans together",
}

PLAIN_CATEGORY_INTROS: dict[str, str] = {
    "leveraging-relationships": (
        "These questions are about how the NHS here works with local groups."
    ),
    "governance-arrangements": "These questions are about the meetings and rules behind decisions.",
    "user-focused-groups-and-events": (
        "These questions are about groups and events where people can give their views."
    ),
    "information-based-activities": (
        "These questions are about how the NHS here hears people's views and stories."
    ),
    "involving-service-users-as-equals": (
        "These questions are about treating people with lived experience as equals."
    ),
    "tasking-and-empowering-users": (
        "These questions are about roles, training and support for people with lived experience."
    ),
    "co-design": "These questions are about people helping to design services.",
    "co-production": "These questions are about people and the NHS making plans together.",
}

PLAIN_STAGES: dict[str, str] = {
    "strategic-planning": "Deciding what services are needed",
    "specifying-outcomes": "Saying what services should achieve",
    "pathway-design": "Planning how care should work",
    "contracting": "Choosing who runs services",
    "monitoring": "Checking how services are doing",
}

#: What each quadrant of the Grid means, for a member's own position in words.
PLAIN_QUADRANTS: dict[str, str] = {
    "active-embedded": "People take a full part in decisions, and this is normal here.",
    "active-isolated": "People take a full part in decisions, but only now and then.",
    "passive-embedded": "People are asked for their views often, but others make the decisions.",
    "passive-isolated": "People are asked for their views only now and then.",
}

GENERIC_CATEGORY_INTRO = "These questions are about how the NHS here involves people."


def plain_question(activity: Named) -> str:
    return PLAIN_QUESTIONS.get(activity.slug, activity.name)


def plain_stage(stage: Named) -> str:
    return PLAIN_STAGES.get(stage.slug, stage.name)


def plain_category_name(category: Named) -> str:
    return PLAIN_CATEGORY_NAMES.get(category.slug, category.name)


def plain_category_intro(category: Named) -> str:
    # The catalogue's own introduction is written for commissioners: never fall back to it.
    return PLAIN_CATEGORY_INTROS.get(category.slug, GENERIC_CATEGORY_INTRO)


def plain_frequency(frequency: str) -> str:
    return PLAIN_FREQUENCIES.get(frequency, "")
