"""The upload form of a CSV file of answers."""

from django import forms
from django.utils.html import format_html

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from . import imports

CONFLICT = (
    "A colleague changed some answers while the file was being imported, so nothing was "
    "imported. Upload the file again"
)


class AnswersImportForm(forms.Form):
    """One CSV file, checked as a whole: each problem in it becomes one error message."""

    csv_file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file to upload",
            "empty": imports.EMPTY,
            "invalid": "Select a CSV file to upload",
        },
    )

    def __init__(self, *args, template_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csv_file"].help_text = format_html(
            "A header row, then one row for each activity, with the columns activity, "
            "frequency (none, occasional or routine), stages (separated by semicolons) "
            "and notes. Saved as CSV UTF-8, smaller than 1 MB. "
            '<a href="{}">Download your current answers as a CSV file</a> to use as a '
            "template.",
            template_url,
        )
        self.helper = nhsuk_helper(
            Field("csv_file", accept=".csv,text/csv"),
            Button.primary("import", "Import answers"),
        )

    def clean_csv_file(self) -> list[imports.ParsedRow]:
        upload = self.cleaned_data["csv_file"]
        # Checked before reading, so a huge upload is never read into memory.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.TOO_BIG)
        try:
            return imports.read_answers_file(upload.read())
        except imports.ImportInvalid as error:
            raise forms.ValidationError(error.messages) from None
