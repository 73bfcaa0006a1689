import pytest

from coprod_grid import models

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "count"),
    [
        (models.Quadrant, 4),
        (models.Category, 8),
        (models.DiscussionPoint, 16),
        (models.Activity, 29),
        (models.CommissioningStage, 5),
        (models.ServiceArea, 7),
        (models.NationalFinding, 6),
        (models.Barrier, 3),
        (models.CaseStudy, 3),
    ],
)
def test_the_catalogue_has_every_row_of_the_grid(model, count):
    assert model.objects.count() == count
