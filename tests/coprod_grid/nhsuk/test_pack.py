"""The crispy-forms ``nhsuk`` template pack: NHS.UK frontend markup for every widget."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit as CrispySubmit
from django import forms
from django.template import Context, Template

from coprod_grid.nhsuk.buttons import Button, ButtonGroup, Submit
from coprod_grid.nhsuk.dates import DateInputField
from coprod_grid.nhsuk.errors import error_summary_items, has_errors
from coprod_grid.nhsuk.layout import (
    ConditionalCheckboxes,
    ConditionalRadios,
    Field,
    Fieldset,
    Layout,
    Reveal,
)
from tests.html import Element, parse

# The pack needs no project URLs: render it against an empty URLconf so these tests do
# not depend on the views.
urlpatterns: list = []
pytestmark = pytest.mark.urls(__name__)


def render(form, template: str = "{% load crispy_forms_tags %}{% crispy form %}") -> str:
    return Template(template).render(Context({"form": form}))


def ids_of(element: Element) -> list[str]:
    return [e.attrs["id"] for e in element.find_all() if e.attrs.get("id")]


# --- forms used below -------------------------------------------------------------------


COLOURS = [("red", "Red"), ("green", "Green"), ("other", "Another colour")]


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your <full> name", help_text="As it appears on your badge", max_length=80
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, max_length=200, required=False)
    team = forms.ChoiceField(label="Team", choices=[("", "Choose a team"), ("a", "Team A")])
    colour = forms.ChoiceField(
        label="Favourite colour",
        choices=COLOURS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your favourite colour"},
    )
    colour_other = forms.CharField(label="Which colour?", required=False)
    channels = forms.MultipleChoiceField(
        label="How can we contact you?",
        help_text="Select all that apply",
        choices=[("email", "Email"), ("phone", "Phone"), ("none", "None of these")],
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label="Phone number", required=False)
    agree = forms.BooleanField(label="I agree to the terms", help_text="You must agree")
    started = DateInputField(label="When did you start?", help_text="For example, 27 3 2024")
    age = forms.IntegerField(label="Age", min_value=0, max_value=130)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    version = forms.IntegerField(widget=forms.HiddenInput, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "About you",
                Field.text("name", width=20),
                Field.textarea("notes", rows=5),
                size="l",
                is_page_heading=True,
                hint="Tell us who you are",
            ),
            Field.select("team"),
            ConditionalRadios(
                "colour",
                Reveal("other", "colour_other"),
                legend_size="m",
                hints={"red": "Like a post box"},
            ),
            ConditionalCheckboxes(
                "channels", Reveal("phone", Field.text("phone", width=20)), exclusive="none"
            ),
            Field.checkbox("agree"),
            Field.date("started", legend_size="s"),
            "age",
            "secret",
            "version",
            ButtonGroup(
                Button.primary("save", "Save and continue"),
                Button.secondary("later", "Save and come back later"),
            ),
        )


VALID = {
    "name": "Ada",
    "team": "a",
    "colour": "green",
    "channels": ["email"],
    "agree": "on",
    "started_0": "27",
    "started_1": "3",
    "started_2": "2024",
    "age": "40",
    "secret": "x",
    "version": "3",
}


def bad_data(**changes):
    data = {**VALID, **changes}
    return {k: v for k, v in data.items() if v is not None}


# --- text inputs ------------------------------------------------------------------------


def test_a_text_input_has_label_hint_and_width():
    page = parse(render(ContactForm()))
    field = page.find("input", id="id_name")
    assert field.classes == ["nhsuk-input", "nhsuk-input--width-20"]
    assert page.find("label", for_="id_name").classes == ["nhsuk-label"]
    hint = page.find("div", cls="nhsuk-hint", id="id_name-hint")
    assert hint.text == "As it appears on your badge"
    assert field.attrs["aria-describedby"] == "id_name-hint"
    group = field.parent
    assert group.classes == ["nhsuk-form-group"]


def test_labels_and_values_are_escaped():
    html = render(ContactForm(data=bad_data(name='"><script>alert(1)</script>')))
    assert "<script>" not in html
    assert "Your &lt;full&gt; name" in html
    assert 'value="&quot;&gt;&lt;script&gt;' in html


def test_a_text_input_with_an_error():
    page = parse(render(ContactForm(data=bad_data(name=""))))
    field = page.find("input", id="id_name")
    assert "nhsuk-input--error" in field.classes
    assert field.attrs["aria-describedby"] == "id_name-hint id_name-error"
    # As in NHS.UK frontend's own markup: the linked error message says what is wrong.
    assert "aria-invalid" not in field.attrs
    group = field.parent
    assert group.classes == ["nhsuk-form-group", "nhsuk-form-group--error"]
    message = group.find("span", cls="nhsuk-error-message", id="id_name-error")
    assert message.find("span", cls="nhsuk-u-visually-hidden").text == "Error:"
    assert message.text == "Error: This field is required."


def test_a_whole_number_is_a_text_box_with_a_numeric_keyboard():
    page = parse(render(ContactForm()))
    age = page.find("input", id="id_age")
    assert age.attrs["type"] == "text"
    assert age.attrs["inputmode"] == "numeric"
    assert "min" not in age.attrs and "max" not in age.attrs


def test_a_password_uses_the_password_input_component():
    page = parse(render(ContactForm()))
    field = page.find("input", id="id_secret")
    assert field.attrs["type"] == "password"
    assert "nhsuk-password-input__input" in field.classes
    group = page.find("div", cls="nhsuk-password-input")
    assert group.attrs["data-module"] == "nhsuk-password-input"
    toggle = group.find("button", cls="nhsuk-password-input__toggle")
    assert toggle.attrs["aria-controls"] == "id_secret"
    assert "hidden" in toggle.attrs  # shown by NHS.UK JavaScript only


def test_a_hidden_field_is_a_hidden_input():
    page = parse(render(ContactForm()))
    hidden = page.find("input", id="id_version")
    assert hidden.attrs["type"] == "hidden"
    assert hidden.attrs["value"] == "3"
    assert not page.find_all("label", for_="id_version")


# --- textareas and the character count --------------------------------------------------


def test_a_textarea_with_max_length_gets_a_character_count():
    page = parse(render(ContactForm()))
    textarea = page.find("textarea", id="id_notes")
    assert textarea.classes == ["nhsuk-textarea", "nhsuk-js-character-count"]
    assert textarea.attrs["rows"] == "5"
    assert "maxlength" not in textarea.attrs  # the count says the limit; no silent cut-off
    assert textarea.attrs["aria-describedby"] == "id_notes-info"
    group = textarea.parent
    assert "nhsuk-character-count" in group.classes
    assert group.attrs["data-module"] == "nhsuk-character-count"
    assert group.attrs["data-maxlength"] == "200"
    info = group.find("div", id="id_notes-info")
    assert info.classes == ["nhsuk-hint", "nhsuk-character-count__message"]
    assert info.text == "You can enter up to 200 characters"


def test_a_textarea_over_its_limit_shows_the_error():
    page = parse(render(ContactForm(data=bad_data(notes="x" * 201))))
    textarea = page.find("textarea", id="id_notes")
    assert "nhsuk-textarea--error" in textarea.classes
    assert textarea.attrs["aria-describedby"] == "id_notes-info id_notes-error"
    assert textarea.text == "x" * 201


def test_a_plain_textarea_has_no_count():
    class NoteForm(forms.Form):
        note = forms.CharField(widget=forms.Textarea)

    page = parse(render(NoteForm(), "{% load crispy_forms_tags %}{{ form|crispy }}"))
    textarea = page.find("textarea", id="id_note")
    assert textarea.classes == ["nhsuk-textarea"]
    assert not page.find_all(cls="nhsuk-character-count")


def test_a_character_count_can_have_a_threshold():
    class NoteForm(forms.Form):
        note = forms.CharField(widget=forms.Textarea, max_length=500)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(Field.textarea("note", threshold=75, label_size="m"))

    page = parse(render(NoteForm()))
    group = page.find("div", cls="nhsuk-character-count")
    assert group.attrs["data-threshold"] == "75"
    assert page.find("label", for_="id_note").classes == ["nhsuk-label", "nhsuk-label--m"]


# --- selects -----------------------------------------------------------------------------


def test_a_select():
    page = parse(render(ContactForm(data=bad_data(team=""))))
    select = page.find("select", id="id_team")
    assert select.classes == ["nhsuk-select", "nhsuk-select--error"]
    assert select.attrs["aria-describedby"] == "id_team-error"
    assert page.find("label", for_="id_team").text == "Team"


# --- radios ------------------------------------------------------------------------------


def test_radios_are_a_fieldset_with_a_legend_and_items():
    page = parse(render(ContactForm()))
    radios = page.find("div", cls="nhsuk-radios")
    assert radios.attrs["data-module"] == "nhsuk-radios"
    fieldset = radios.parent
    assert fieldset.tag == "fieldset"
    legend = fieldset.find("legend")
    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--m"]
    assert legend.text == "Favourite colour"
    inputs = radios.find_all("input", cls="nhsuk-radios__input")
    assert [i.attrs["id"] for i in inputs] == ["id_colour_0", "id_colour_1", "id_colour_2"]
    assert [i.attrs["type"] for i in inputs] == ["radio"] * 3
    assert [i.attrs["name"] for i in inputs] == ["colour"] * 3
    for radio in inputs:
        assert radio.classes == ["nhsuk-radios__input"]
        label = radios.find("label", for_=radio.attrs["id"])
        assert label.classes == ["nhsuk-label", "nhsuk-radios__label"]
    hint = radios.find("div", id="id_colour_0-item-hint")
    assert hint.classes == ["nhsuk-hint", "nhsuk-radios__hint"]
    assert inputs[0].attrs["aria-describedby"] == "id_colour_0-item-hint"


def test_radios_keep_the_choice_made():
    page = parse(render(ContactForm(data=bad_data(name=""))))
    checked = [
        i.attrs["value"] for i in page.find_all("input", type="radio") if "checked" in i.attrs
    ]
    assert checked == ["green"]


def test_radios_with_an_error():
    page = parse(render(ContactForm(data=bad_data(colour=None))))
    fieldset = page.find("div", cls="nhsuk-radios").parent
    assert fieldset.attrs["aria-describedby"] == "id_colour-error"
    assert "nhsuk-form-group--error" in fieldset.parent.classes
    assert fieldset.find("span", id="id_colour-error").text == (
        "Error: Select your favourite colour"
    )


def test_radios_can_be_inline_small_and_the_page_heading():
    class YesNo(forms.Form):
        answer = forms.ChoiceField(
            label="Are you over 18?",
            choices=[("yes", "Yes"), ("no", "No")],
            widget=forms.RadioSelect,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.layout = Layout(
                Field.radios(
                    "answer", legend_size="l", is_page_heading=True, inline=True, small=True
                )
            )

    page = parse(render(YesNo()))
    radios = page.find("div", cls="nhsuk-radios")
    assert radios.classes == ["nhsuk-radios", "nhsuk-radios--inline", "nhsuk-radios--small"]
    heading = page.find("legend").find("h1")
    assert heading.classes == ["nhsuk-fieldset__heading"]
    assert heading.text == "Are you over 18?"


def test_conditional_radios_reveal_fields_under_a_choice():
    page = parse(render(ContactForm()))
    other = page.find("input", id="id_colour_2")
    assert other.attrs["data-aria-controls"] == "id_colour_2-conditional"
    panel = page.find("div", id="id_colour_2-conditional")
    assert panel.classes == ["nhsuk-radios__conditional", "nhsuk-radios__conditional--hidden"]
    # The revealed field sits in the panel, once.
    assert panel.find("input", id="id_colour_other")
    assert len(page.find_all("input", id="id_colour_other")) == 1
    assert "data-aria-controls" not in page.find("input", id="id_colour_0").attrs


def test_a_picked_conditional_choice_is_shown():
    page = parse(render(ContactForm(data=bad_data(colour="other", name=""))))
    panel = page.find("div", id="id_colour_2-conditional")
    assert panel.classes == ["nhsuk-radios__conditional"]


def test_a_reveal_must_name_a_choice():
    class Broken(ContactForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper.layout = Layout(ConditionalRadios("colour", Reveal("purple", "name")))

    with pytest.raises(ValueError, match="purple"):
        render(Broken())


def test_conditional_fields_are_known_to_the_layout():
    names = {pointer.name for pointer in ContactForm().helper.layout.get_field_names()}
    assert {"colour", "colour_other", "channels", "phone"} <= names


# --- checkboxes --------------------------------------------------------------------------


def test_checkboxes_with_hint_exclusive_choice_and_reveal():
    page = parse(render(ContactForm(data=bad_data(channels=["email", "phone"]))))
    boxes = page.find("div", cls="nhsuk-checkboxes", data_module="nhsuk-checkboxes")
    fieldset = boxes.parent
    assert fieldset.tag == "fieldset"
    assert fieldset.attrs["aria-describedby"] == "id_channels-hint"
    inputs = boxes.find_all("input", type="checkbox")
    assert [i.attrs["id"] for i in inputs[:3]] == [
        "id_channels_0",
        "id_channels_1",
        "id_channels_2",
    ]
    assert [i.attrs["value"] for i in inputs if "checked" in i.attrs] == ["email", "phone"]
    for box in inputs:
        assert box.classes == ["nhsuk-checkboxes__input"]
    none = page.find("input", id="id_channels_2")
    assert none.attrs["data-behaviour"] == "exclusive"
    assert boxes.find("div", cls="nhsuk-checkboxes__divider").text == "or"
    panel = page.find("div", id="id_channels_1-conditional")
    assert panel.classes == ["nhsuk-checkboxes__conditional"]  # phone is ticked
    assert panel.find("input", id="id_phone").classes == ["nhsuk-input", "nhsuk-input--width-20"]


def test_checkboxes_with_an_error():
    page = parse(render(ContactForm(data=bad_data(channels=None))))
    fieldset = page.find("div", cls="nhsuk-checkboxes", data_module="nhsuk-checkboxes").parent
    assert fieldset.attrs["aria-describedby"] == "id_channels-hint id_channels-error"


def test_a_single_checkbox():
    page = parse(render(ContactForm(data=bad_data(agree=None))))
    box = page.find("input", id="id_agree")
    assert box.attrs["type"] == "checkbox"
    assert box.classes == ["nhsuk-checkboxes__input"]
    assert box.attrs["aria-describedby"] == "id_agree-hint id_agree-error"
    item = box.parent
    assert item.classes == ["nhsuk-checkboxes__item"]
    assert item.find("label", for_="id_agree").text == "I agree to the terms"
    assert item.find("div", id="id_agree-hint").classes == ["nhsuk-hint", "nhsuk-checkboxes__hint"]
    assert "nhsuk-form-group--error" in item.parent.parent.classes


# --- dates -------------------------------------------------------------------------------


def test_a_date_input():
    page = parse(render(ContactForm(data=bad_data(started_0="31", started_1="2"))))
    date = page.find("div", cls="nhsuk-date-input", id="id_started")
    fieldset = date.parent
    assert fieldset.attrs["role"] == "group"
    assert fieldset.attrs["aria-describedby"] == "id_started-hint id_started-error"
    assert fieldset.find("legend").classes == [
        "nhsuk-fieldset__legend",
        "nhsuk-fieldset__legend--s",
    ]
    parts = date.find_all("input")
    assert [p.attrs["id"] for p in parts] == ["id_started_0", "id_started_1", "id_started_2"]
    assert [p.attrs["name"] for p in parts] == ["started_0", "started_1", "started_2"]
    assert [p.attrs.get("value") for p in parts] == ["31", "2", "2024"]
    assert [date.find("label", for_=p.attrs["id"]).text for p in parts] == ["Day", "Month", "Year"]
    assert "nhsuk-input--width-4" in parts[2].classes
    assert all("nhsuk-input--error" in p.classes for p in parts)
    assert fieldset.find("span", id="id_started-error").text == "Error: Enter a real date"


def test_a_date_input_shows_its_initial_date():
    page = parse(render(ContactForm(initial={"started": datetime.date(2025, 4, 1)})))
    parts = page.find("div", cls="nhsuk-date-input").find_all("input")
    assert [p.attrs.get("value") for p in parts] == ["1", "4", "2025"]


@pytest.mark.parametrize(
    ("day", "month", "year", "error"),
    [
        ("", "", "", "Enter a date"),
        ("1", "", "2024", "Enter a complete date, with a day, month and year"),
        ("30", "2", "2024", "Enter a real date"),
        ("x", "2", "2024", "Enter a real date"),
    ],
)
def test_the_date_field_explains_what_is_wrong(day, month, year, error):
    class DateForm(forms.Form):
        when = DateInputField()

    form = DateForm(data={"when_0": day, "when_1": month, "when_2": year})
    assert not form.is_valid()
    assert form.errors["when"] == [error]


def test_the_date_field_makes_a_date():
    class DateForm(forms.Form):
        when = DateInputField()
        maybe = DateInputField(required=False)

    form = DateForm(data={"when_0": "29", "when_1": "2", "when_2": "2024"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"when": datetime.date(2024, 2, 29), "maybe": None}


# --- fieldsets, buttons, the form tag ----------------------------------------------------


def test_a_fieldset_legend_can_be_the_page_heading():
    page = parse(render(ContactForm()))
    fieldset = page.find("fieldset", cls="nhsuk-fieldset")
    assert fieldset.attrs["aria-describedby"] == "fieldset-about-you-hint"
    legend = fieldset.find("legend")
    assert legend.classes == ["nhsuk-fieldset__legend", "nhsuk-fieldset__legend--l"]
    assert legend.find("h1", cls="nhsuk-fieldset__heading").text == "About you"
    assert fieldset.find("div", id="fieldset-about-you-hint").text == "Tell us who you are"


def test_fieldset_sizes_are_checked():
    with pytest.raises(ValueError, match="size"):
        Fieldset("Legend", "name", size="huge")


def test_buttons():
    page = parse(render(ContactForm()))
    group = page.find("div", cls="nhsuk-button-group")
    primary, secondary = group.find_all("button")
    assert primary.classes == ["nhsuk-button"]
    assert primary.attrs["type"] == "submit"
    assert primary.attrs["data-module"] == "nhsuk-button"
    assert primary.attrs["data-prevent-double-click"] == "true"
    assert primary.text == "Save and continue"
    assert secondary.classes == ["nhsuk-button", "nhsuk-button--secondary"]
    assert secondary.attrs["name"] == "later"


def test_crispy_submit_and_helper_inputs_become_nhs_buttons():
    class Small(forms.Form):
        name = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.helper = FormHelper()
            self.helper.add_input(CrispySubmit("go", "Continue"))
            self.helper.add_input(Submit("back", "Back", css_class="nhsuk-button--secondary"))
            self.helper.add_input(Button.warning("delete", "Delete"))

    page = parse(render(Small()))
    buttons = page.find("div", cls="nhsuk-button-group").find_all("button")
    assert [b.classes for b in buttons] == [
        ["nhsuk-button"],
        ["nhsuk-button", "nhsuk-button--secondary"],
        ["nhsuk-button", "nhsuk-button--warning"],
    ]


def test_the_form_tag_turns_off_browser_validation_and_has_csrf():
    html = render(ContactForm())
    form = parse(html).find("form")
    assert form.attrs["method"] == "post"
    assert "novalidate" in form.attrs
    assert "csrfmiddlewaretoken" in html or "{% csrf_token %}" not in html


def test_the_pack_has_no_inline_styles_or_scripts():
    html = render(ContactForm(data=bad_data(name="", colour=None)))
    assert "style=" not in html
    assert "<script" not in html
    assert " on" + "click" not in html


def test_every_label_points_at_an_element_and_ids_are_unique():
    page = parse(render(ContactForm(data=bad_data(name=""))))
    ids = ids_of(page)
    assert len(ids) == len(set(ids))
    for label in page.find_all("label"):
        assert label.attrs["for"] in ids, label.attrs
    for element in page.find_all():
        for ref in (element.attrs.get("aria-describedby") or "").split():
            assert ref in ids, (element.tag, ref)


def test_the_crispy_filter_renders_without_a_helper():
    class Plain(forms.Form):
        email = forms.EmailField(label="Email address", help_text="We will not share it")
        colour = forms.ChoiceField(choices=COLOURS, widget=forms.RadioSelect)

    page = parse(
        render(Plain(data={"email": "nope"}), "{% load crispy_forms_tags %}{{ form|crispy }}")
    )
    email = page.find("input", id="id_email")
    assert email.classes == ["nhsuk-input", "nhsuk-input--error"]
    assert email.attrs["spellcheck"] == "false"
    assert email.attrs["aria-describedby"] == "id_email-hint id_email-error"
    assert page.find("div", cls="nhsuk-radios")


# --- the error summary -------------------------------------------------------------------


SUMMARY = "{% load nhsuk %}{% nhsuk_error_summary form %}"


def test_the_error_summary_links_each_error_to_its_fields_first_input():
    form = ContactForm(data=bad_data(name="", colour=None, channels=None, started_0="", age="many"))
    page = parse(render(form, SUMMARY))
    summary = page.find("div", cls="nhsuk-error-summary")
    assert summary.attrs["data-module"] == "nhsuk-error-summary"
    alert = summary.find("div", role="alert")
    assert alert.find("h2", cls="nhsuk-error-summary__heading").text == "There is a problem"
    links = [(a.attrs["href"], a.text) for a in alert.find("ul").find_all("a")]
    assert links == [
        ("#id_name", "This field is required."),
        ("#id_colour_0", "Select your favourite colour"),
        ("#id_channels_0", "This field is required."),
        ("#id_started_0", "Enter a complete date, with a day, month and year"),
        ("#id_age", "Enter a whole number."),
    ]
    assert "nhsuk-list" in alert.find("ul").classes


def test_non_field_errors_link_to_the_first_field_and_show_inline():
    class Pair(forms.Form):
        first = forms.CharField()
        second = forms.CharField()

        def clean(self):
            raise forms.ValidationError("Enter a different <second> value")

    form = Pair(data={"first": "a", "second": "a"})
    summary = render(form, SUMMARY)
    assert '<a href="#id_first">Enter a different &lt;second&gt; value</a>' in summary
    inline = parse(render(form, "{% load crispy_forms_tags %}{{ form|crispy }}"))
    assert inline.find("span", cls="nhsuk-error-message").text == (
        "Error: Enter a different <second> value"
    )


def test_the_error_summary_escapes_user_text():
    form = ContactForm(data=bad_data(team="<img src=x>"))
    html = render(form, SUMMARY)
    assert "<img" not in html
    assert "&lt;img src=x&gt;" in html


def test_no_summary_without_errors():
    assert render(ContactForm(), SUMMARY) == ""
    assert render(ContactForm(data=VALID), SUMMARY) == ""


def test_the_summary_takes_formsets_and_lists():
    class Line(forms.Form):
        text = forms.CharField(error_messages={"required": "Enter the action"})

    Lines = forms.formset_factory(Line, extra=0, min_num=1, validate_min=True)
    prefix = "lines"
    formset = Lines(
        prefix=prefix,
        data={
            f"{prefix}-TOTAL_FORMS": "2",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-text": "",
            f"{prefix}-1-text": "Do it",
        },
    )
    other = ContactForm(data=bad_data(name=""))
    items = error_summary_items([other, formset])
    assert [(i.href, i.message) for i in items] == [
        ("#id_name", "This field is required."),
        ("#id_lines-0-text", "Enter the action"),
    ]
    html = Template("{% load nhsuk %}{% nhsuk_error_summary a b %}").render(
        Context({"a": formset, "b": other})
    )
    assert html.index("#id_lines-0-text") < html.index("#id_name")
    assert has_errors(formset) and has_errors([ContactForm(), other])
    assert not has_errors(ContactForm()) and not has_errors(None) and not has_errors("")
    valid_formset = Lines(
        prefix=prefix,
        data={
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-text": "A",
        },
    )
    assert not has_errors(valid_formset)


def test_the_has_errors_filter_drives_the_title_prefix():
    template = Template("{% load nhsuk %}{% if form|nhsuk_has_errors %}Error: {% endif %}Page")
    assert template.render(Context({"form": ContactForm()})) == "Page"
    assert template.render(Context({"form": ContactForm(data={})})) == "Error: Page"
    assert template.render(Context({})) == "Page"


def test_formsets_render_with_their_management_form():
    class Line(forms.Form):
        text = forms.CharField(label="Action", error_messages={"required": "Enter the action"})

    Lines = forms.formset_factory(Line, extra=0, min_num=2, validate_min=True)
    data = {"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-0-text": "Do it"}
    formset = Lines(prefix="lines", data=data)
    helper = FormHelper()
    helper.add_input(Submit("save", "Save"))
    html = Template("{% load crispy_forms_tags %}{% crispy formset helper %}").render(
        Context({"formset": formset, "helper": helper})
    )
    page = parse(html)
    assert page.find("input", name="lines-TOTAL_FORMS").attrs["type"] == "hidden"
    assert page.find("input", id="id_lines-0-text").attrs["value"] == "Do it"
    second = page.find("input", id="id_lines-1-text")
    assert "nhsuk-input--error" in second.classes
    assert page.find("span", id="id_lines-1-text-error").text == "Error: Enter the action"
    assert "novalidate" in page.find("form").attrs
    assert page.find("button", cls="nhsuk-button").text == "Save"
    plain = parse(
        Template("{% load crispy_forms_tags %}{{ formset|crispy }}").render(
            Context({"formset": formset})
        )
    )
    assert plain.find("input", name="lines-TOTAL_FORMS")
    assert plain.find("input", id="id_lines-1-text")


def test_a_text_field_keeps_its_own_classes_with_a_width():
    layout_field = Field.text("name", width="one-half", css_class="app-extra")
    assert layout_field.attrs["class"] == "nhsuk-u-width-one-half app-extra"
    with pytest.raises(ValueError, match="fixed width"):
        Field.text("name", width=7)
