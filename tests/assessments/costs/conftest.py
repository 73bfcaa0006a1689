import pytest

from assessments.models import Frequency
from assessments.questionnaire import services as answers
from tests.factories import LEAD, category_sections, make_assessment, make_member, save_category


@pytest.fixture
def section():
    """The first category of the questionnaire, with at least three activities."""
    return next(s for s in category_sections() if len(s.activities) >= 3)


@pytest.fixture
def assessment(organisation, lead, section):
    """A draft practising its first category's first activity routinely at two stages
    and its second occasionally at one; the third is not done."""
    draft = make_assessment(organisation, lead)
    first, second, third = section.activities[:3]
    save_category(
        draft,
        lead,
        section,
        {
            first.slug: answers.AnswerData(
                Frequency.ROUTINE, ("strategic-planning", "contracting"), ""
            ),
            second.slug: answers.AnswerData(Frequency.OCCASIONAL, ("pathway-design",), ""),
            third.slug: answers.AnswerData(Frequency.NONE, (), ""),
        },
    )
    return draft


@pytest.fixture
def outsider():
    from tests.factories import make_organisation

    return make_member(make_organisation(), LEAD)
