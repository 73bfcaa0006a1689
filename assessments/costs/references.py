"""Published reference costs shown beside the organisation's own figures, copied here
with their sources so that nothing reads the reference texts at run time."""

from dataclasses import dataclass

CO_DESIGN_CATEGORY = "co-design"


@dataclass(frozen=True)
class ReferenceCost:
    label: str
    pence: int
    note: str


EBCD_SOURCE = (
    "Robert G, Locock L, Williams O and others, Co-producing and co-designing "
    "(Cambridge University Press, Elements: Improving Quality and Safety in Healthcare, "
    "2022), section 4.2.1, from Locock and colleagues' cost analysis of accelerated "
    "experience-based co-design in four services, which counted staff time"
)

EBCD_REFERENCES = (
    ReferenceCost(
        label="Accelerated experience-based co-design, average per service",
        pence=2_856_500,
        note="About half the cost of a full experience-based co-design project",
    ),
    ReferenceCost(
        label="The same, where a film of patients' stories already existed",
        pence=2_000_000,
        note="Approximately",
    ),
)

YEAR_OF_CARE_SOURCE = (
    "Year of Care Partnerships, Care and support planning: general practice impact of "
    "PCSP, version 2 (August 2024), Part 2 B: costs per patient before and after "
    "personalised care and support planning for diabetes, CHD and COPD"
)
"""The worked example the calculation's tests reproduce (tests/assessments/costs/)."""
