"""``manage.py bench_report`` stays runnable: it prints each document's pages and timings
and the interpreter that rendered them, writes the PDF it timed, and leaves the database
as it found it."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from assessments.models import Assessment, Organisation


@pytest.mark.django_db
def test_it_times_a_document_and_rolls_its_assessment_back(tmp_path):
    out = io.StringIO()
    pdf = tmp_path / "board.pdf"

    call_command("bench_report", "--runs", "1", "--document", "board", "--output", pdf, stdout=out)

    report = out.getvalue()
    timing = re.search(r"board: (\d+) pages \(at most 6\), \d+ KiB; median (\d+) ms", report)
    assert timing, report
    assert 1 <= int(timing[1]) <= 6 and int(timing[2]) > 0
    assert re.search(r"Python 3\.\d+\.\d+ \(.+, (static|shared libpython)\)", report)
    assert len(PdfReader(pdf).pages) == int(timing[1])
    assert not Organisation.objects.filter(ods_code="ZZB").exists()
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_it_refuses_no_runs():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench_report", "--runs", "0")
