"""The upload form of a CSV file of answers: the commissioners' own, or (for a lead)
one lived-experience panel member's rating from a paper workshop."""

from collections.abc import Sequence

from django import forms
from django.utils.html import format_html

from coprod_grid.nhsuk.buttons import Button
from coprod_grid.nhsuk.layout import Field, nhsuk_helper

from . import imports, panel_import

CONFLICT = (
    "A colleague changed some answers while the file was being imported, so nothing was "
    "imported. Upload the file again"
)

COMMISSIONERS = "commissioners"
PANEL = "panel"
SOURCES = {
    COMMISSIONERS: "Our answers (the commissioners')",
    PANEL: "One panel member's rating, from a paper workshop",
}
SOURCE_HINTS = {
    COMMISSIONERS: (
        "Each row replaces the answer for that activity. Activities that are not in the "
        "file keep the answers they have now"
    ),
    PANEL: (
        "Added to the panel as one more member, with no name. The file must rate every "
        "activity. The commissioners' answers do not change"
    ),
}


class AnswersImportForm(forms.Form):
    """One CSV file, checked as a whole: each problem in it becomes one error message.

    ``sources`` are whose answers the person may import. With one, the choice is not
    asked (a commissioner sees only their own answers' upload); it still travels as a
    hidden field so the view can tell a panel upload from a commissioners' one. Left
    out of a post, the file is the commissioners' answers, as before the panel existed.
    """

    # Before the file, so that the file's checks know which kind of file it is.
    source = forms.ChoiceField(
        label="Whose answers are in this file?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whose answers are in this file"},
    )
    csv_file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file to upload",
            "empty": imports.EMPTY,
            "invalid": "Select a CSV file to upload",
        },
    )

    def __init__(
        self, *args, template_url: str, sources: Sequence[str] = (COMMISSIONERS,), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.sources = tuple(sources)
        source = self.fields["source"]
        source.choices = [(value, SOURCES[value]) for value in self.sources]
        source.initial = self.initial.get("source") or self.sources[0]
        if len(self.sources) == 1:
            source.widget = forms.HiddenInput()
        self.fields["csv_file"].help_text = format_html(
            "A header row, then one row for each activity, with the columns activity, "
            "frequency (none, occasional or routine), stages (separated by semicolons) "
            "and notes. Saved as CSV UTF-8, smaller than 1 MB. "
            '<a href="{}">Download {} as a CSV file</a> to use as a template{}.',
            template_url,
            "the commissioners' answers" if self.sources == (PANEL,) else "your current answers",
            ", and replace every answer with the member's" if self.sources == (PANEL,) else "",
        )
        layout = [Field("csv_file", accept=".csv,text/csv")]
        if len(self.sources) > 1:
            hints = {value: SOURCE_HINTS[value] for value in self.sources}
            layout.insert(0, Field.radios("source", legend_size="s", hints=hints))
        button = "Import the rating" if self.sources == (PANEL,) else "Import answers"
        self.helper = nhsuk_helper(*layout, Button.primary("import", button))

    def clean_source(self) -> str:
        return self.cleaned_data["source"] or self.sources[0]

    @property
    def source_chosen(self) -> str:
        """Whose answers the file holds: the posted choice once cleaned, else the first."""
        return self.cleaned_data.get("source") or self.sources[0]

    def clean_csv_file(self) -> list[imports.ParsedRow]:
        upload = self.cleaned_data["csv_file"]
        # Checked before reading, so a huge upload is never read into memory.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(imports.TOO_BIG)
        read = (
            panel_import.read_rating_file
            if self.source_chosen == PANEL
            else imports.read_answers_file
        )
        try:
            return read(upload.read())
        except imports.ImportInvalid as error:
            raise forms.ValidationError(error.messages) from None
