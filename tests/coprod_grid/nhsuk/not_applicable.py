"""The NHS.UK frontend examples our conformance test does not render, each with why.

One place for them all: ``test_conformance.py`` fails if an example is rendered that is
listed here, or is not rendered and not listed, so this list always matches what runs.
Keys are ``(component, example)``; an example's name is numbered when NHS.UK uses it more
than once. Reasons are of three kinds:

- a Nunjucks-only option (``formGroup`` HTML slots, per-instance translations, ``id`` on
  a label or legend, ``errorMessage: true`` with no message, ``attributes``);
- something Django forms do not do (a disabled ``<option>`` or single radio, a select
  divider, several files in one ``FileInput``, a date with only some of its boxes);
- something the pack does not offer yet (word counts, ``countType``, the "all" checkbox,
  named exclusive groups, nested conditional fields, choices without a legend).
"""

NOT_APPLICABLE: dict[tuple[str, str], str] = {
    ("input", "label (5)"): "label option id",
    ("input", "with button"): "option formGroup: no Django form equivalent",
    ("input", "with button and error message"): "option formGroup: no Django form equivalent",
    (
        "input",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("textarea", "label (5)"): "label option id",
    (
        "textarea",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("select", "disabled option"): "select item option disabled",
    ("select", "label (5)"): "label option id",
    ("select", "with button"): "option formGroup: no Django form equivalent",
    ("select", "with button and error message"): "option formGroup: no Django form equivalent",
    ("select", "with divider"): "select item option divider",
    (
        "select",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("radios", "disabled input (1)"): "item option disabled",
    ("radios", "disabled input (2)"): "item option disabled",
    ("radios", "disabled with enabled input (1)"): "item option disabled",
    ("radios", "disabled with enabled input (2)"): "item option disabled",
    ("radios", "legend (5)"): "legend option id",
    (
        "radios",
        "with conditional content, error message (nested) (1)",
    ): "conditional content other than one text field",
    (
        "radios",
        "with conditional content, error message (nested) (2)",
    ): "conditional content other than one text field",
    (
        "radios",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("radios", "with nested conditional radios"): "conditional content other than one text field",
    (
        "radios",
        "without fieldset (1)",
    ): "choices without a fieldset legend: the pack always asks its question in a legend",
    (
        "radios",
        "without fieldset (2)",
    ): "choices without a fieldset legend: the pack always asks its question in a legend",
    ("checkboxes", "disabled input (1)"): "item option disabled",
    ("checkboxes", "disabled input (2)"): "item option disabled",
    ("checkboxes", "disabled with enabled input (1)"): "item option disabled",
    ("checkboxes", "disabled with enabled input (2)"): "item option disabled",
    ("checkboxes", "inline (1)"): "inline checkboxes: NHS.UK has no inline checkboxes style",
    ("checkboxes", "inline (2)"): "inline checkboxes: NHS.UK has no inline checkboxes style",
    ("checkboxes", "legend (5)"): "legend option id",
    ("checkboxes", 'with "all" option (1)'): "item behaviour 'inclusive'",
    ("checkboxes", 'with "all" option (2)'): "item behaviour 'inclusive'",
    ("checkboxes", 'with "all" option (named group)'): "item option behaviourGroup",
    ("checkboxes", 'with "all" option (named group, unique)'): "item option behaviourGroup, name",
    (
        "checkboxes",
        "with conditional content, error message (nested) (1)",
    ): "conditional content other than one text field",
    (
        "checkboxes",
        "with conditional content, error message (nested) (2)",
    ): "conditional content other than one text field",
    (
        "checkboxes",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("checkboxes", 'with "none" option, deprecated'): "item option exclusive",
    ("checkboxes", 'with "none" option (named group)'): "item option exclusiveGroup",
    ("checkboxes", 'with "none" option (named group, unique)'): "item option exclusiveGroup, name",
    (
        "checkboxes",
        "without fieldset (1)",
    ): "choices without a fieldset legend: the pack always asks its question in a legend",
    (
        "checkboxes",
        "without fieldset (2)",
    ): "choices without a fieldset legend: the pack always asks its question in a legend",
    ("date-input", "disabled"): "option disabled: no Django form equivalent",
    ("date-input", "disabled input"): "option year: no Django form equivalent",
    ("date-input", "disabled input (using items)"): "option items: no Django form equivalent",
    (
        "date-input",
        "disabled with enabled input",
    ): "option disabled, year: no Django form equivalent",
    ("date-input", "day and month"): "option year: no Django form equivalent",
    ("date-input", "day and month (using items)"): "option items: no Django form equivalent",
    ("date-input", "day and month (with empty item)"): "option items: no Django form equivalent",
    ("date-input", "legend (5)"): "legend option id",
    ("date-input", "month and year"): "option day: no Django form equivalent",
    ("date-input", "month and year (using items)"): "option items: no Django form equivalent",
    ("date-input", "month and year (with empty item)"): "option items: no Django form equivalent",
    (
        "date-input",
        "month and year with fields",
    ): "option day, month, year: no Django form equivalent",
    (
        "date-input",
        "month and year with fields overriding values",
    ): "option day, month, year: no Django form equivalent",
    ("date-input", "month and year with values"): "option day: no Django form equivalent",
    (
        "date-input",
        "with autocomplete values",
    ): "option day, month, year: no Django form equivalent",
    (
        "date-input",
        "with autocomplete values (using items)",
    ): "option items: no Django form equivalent",
    ("date-input", "with custom name prefix"): "option namePrefix: no Django form equivalent",
    ("date-input", "with error on day input"): "option day, month, year: no Django form equivalent",
    (
        "date-input",
        "with error on day input (using items)",
    ): "option items: no Django form equivalent",
    (
        "date-input",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("date-input", "with error on month input"): "option items: no Django form equivalent",
    (
        "date-input",
        "with error on month input (using items)",
    ): "option day, month, year: no Django form equivalent",
    (
        "date-input",
        "with error on year input",
    ): "option day, month, year: no Django form equivalent",
    (
        "date-input",
        "with error on year input (using items)",
    ): "option items: no Django form equivalent",
    ("date-input", "with errors only"): "option day, month, year: no Django form equivalent",
    ("date-input", "with errors only (using items)"): "option items: no Django form equivalent",
    ("date-input", "with translations"): "option day, month, year: no Django form equivalent",
    ("character-count", "label (5)"): "label option id",
    (
        "character-count",
        "to configure in JavaScript",
    ): "a character count with no maxlength (set only in JavaScript)",
    (
        "character-count",
        "with count type 'characters'",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'characters' and error message",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'characters' and threshold",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'characters' and value",
    ): "option countType: no Django form equivalent",
    ("character-count", "with count type 'length'"): "option countType: no Django form equivalent",
    ("character-count", "with count type 'words'"): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'words' and error message",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'words' and threshold",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with count type 'words' and value",
    ): "option countType: no Django form equivalent",
    (
        "character-count",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("character-count", "with maxlength attribute"): "option attributes: no Django form equivalent",
    (
        "character-count",
        "with maxwords",
    ): "a character count with no maxlength (set only in JavaScript)",
    (
        "character-count",
        "with neither maxlength, maxwords nor textarea description set",
    ): "a character count with no maxlength (set only in JavaScript)",
    (
        "character-count",
        "with neither maxlength nor maxwords set",
    ): "a character count with no maxlength (set only in JavaScript)",
    (
        "character-count",
        "with translations",
    ): "texts translated per example: Django translates with gettext",
    ("password-input", "disabled button"): "option button: no Django form equivalent",
    ("password-input", "disabled with enabled button"): "option button: no Django form equivalent",
    (
        "password-input",
        "with button double click not prevented",
    ): "option button: no Django form equivalent",
    (
        "password-input",
        "with button double click prevented",
    ): "option button: no Django form equivalent",
    (
        "password-input",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("password-input", "with prefix"): "option button: no Django form equivalent",
    ("password-input", "with prefix and error message"): "option button: no Django form equivalent",
    (
        "password-input",
        "with translations",
    ): "texts translated per example: Django translates with gettext",
    ("file-upload", "button (1)"): "option chooseFilesButtonClassList: no Django form equivalent",
    ("file-upload", "button (2)"): "option chooseFilesButtonClassList: no Django form equivalent",
    ("file-upload", "button (3)"): "option chooseFilesButtonClassList: no Django form equivalent",
    ("file-upload", "label (5)"): "label option id",
    (
        "file-upload",
        "with error only",
    ): "errorMessage: true (error styling with no message): a Django error has a message",
    ("file-upload", "with multiple"): "multiple files: Django's FileInput takes one file",
    ("file-upload", "with translations"): "multiple files: Django's FileInput takes one file",
    ("fieldset", "with HTML"): "option html: no Django form equivalent",
    ("fieldset", "with HTML via call block"): "content from a Nunjucks call block",
    ("legend", "size class"): "legend option classes",
    ("legend", "size class overriding size option"): "legend option classes",
    ("legend", "text and caption (1)"): "legend option caption",
    ("legend", "text and caption (2)"): "legend option caption",
    ("legend", "text and caption (3)"): "legend option caption",
    ("legend", "text and caption (4)"): "legend option caption",
    ("legend", 'text and caption "after" as a paragraph (1)'): "legend option caption",
    ("legend", 'text and caption "after" as a paragraph (2)'): "legend option caption",
    ("legend", 'text and caption "after" as a paragraph (3)'): "legend option caption",
    ("legend", 'text and caption "after" as a paragraph (4)'): "legend option caption",
    ("legend", "with deprecated page heading"): "legend option isPageHeading",
    ("legend", "with deprecated page heading overriding heading"): "legend option isPageHeading",
    ("legend", "with heading level 1"): "legend heading given as {'level': 1}",
    ("legend", "with heading level 2"): "legend heading given as {'level': 2}",
    ("legend", "with heading level 3"): "legend heading given as {'level': 3}",
    (
        "legend",
        "with heading options only",
    ): "legend heading given as {'text': 'What is your address?', 'level': 3, 'size': 's'}",
    ("legend", "with HTML"): "legend option html",
    ("legend", "with HTML via call block"): "content from a Nunjucks call block",
    ("legend", "with HTML via call block, without heading"): "content from a Nunjucks call block",
    ("legend", "with id attribute"): "legend option id",
    (
        "legend",
        "with id attribute on heading",
    ): "legend heading given as {'text': 'What is your address?', 'id': 'custom-id'}",
    ("label", "size class"): "label option classes",
    ("label", "size class overriding size option"): "label option classes",
    ("label", "text and caption (1)"): "label option caption",
    ("label", "text and caption (2)"): "label option caption",
    ("label", "text and caption (3)"): "label option caption",
    ("label", "text and caption (4)"): "label option caption",
    ("label", 'text and caption "after" as a paragraph (1)'): "label option caption",
    ("label", 'text and caption "after" as a paragraph (2)'): "label option caption",
    ("label", 'text and caption "after" as a paragraph (3)'): "label option caption",
    ("label", 'text and caption "after" as a paragraph (4)'): "label option caption",
    ("label", 'text and caption "before" as a paragraph (1)'): "label option caption",
    ("label", 'text and caption "before" as a paragraph (2)'): "label option caption",
    ("label", 'text and caption "before" as a paragraph (3)'): "label option caption",
    ("label", 'text and caption "before" as a paragraph (4)'): "label option caption",
    ("label", "with deprecated page heading"): "label option isPageHeading",
    ("label", "with deprecated page heading overriding heading"): "label option isPageHeading",
    ("label", "with heading level 1"): "label heading given as {'level': 1}",
    ("label", "with heading level 2"): "label heading given as {'level': 2}",
    ("label", "with heading level 3"): "label heading given as {'level': 3}",
    (
        "label",
        "with heading options only",
    ): "label heading given as {'text': 'What is your full name?', 'level': 3, 'size': 's'}",
    ("label", "with HTML"): "label option html",
    ("label", "with HTML via call block"): "content from a Nunjucks call block",
    ("label", "with HTML via call block, without heading"): "content from a Nunjucks call block",
    ("label", "with id attribute"): "label option id",
    (
        "label",
        "with id attribute on heading",
    ): "label heading given as {'text': 'What is your full name?', 'id': 'custom-id'}",
    ("hint", "with HTML via call block"): "content from a Nunjucks call block",
    ("error-message", "with HTML via call block"): "content from a Nunjucks call block",
    ("error-message", "without visually hidden text"): "error message option visuallyHiddenText",
    ("error-message", "with translations"): "error message option visuallyHiddenText",
    ("error-summary", "auto-focus disabled"): "option disableAutoFocus: no Django form equivalent",
    (
        "error-summary",
        "auto-focus explicitly enabled",
    ): "option disableAutoFocus: no Django form equivalent",
    ("error-summary", "with description"): "option description: no Django form equivalent",
    (
        "error-summary",
        "with description as string",
    ): "option description: no Django form equivalent",
    ("error-summary", "with description HTML"): "option description: no Django form equivalent",
    ("error-summary", "with description only"): "option description: no Django form equivalent",
    ("error-summary", "with description via call block"): "content from a Nunjucks call block",
    (
        "error-summary",
        "with heading HTML",
    ): "a heading other than the pack's own: There is a problem",
}
