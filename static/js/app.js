// Starts NHS.UK frontend's components: the header menu, character counts, conditional
// radios and checkboxes, password show/hide, error summary focus, double-click
// prevention on buttons. Loaded by templates/base.html as a module. NHS.UK frontend only
// enhances once the tiny inline script in base.html has given <body> the class
// nhsuk-frontend-supported; every page works without JavaScript.
import { initAll } from "../vendor/nhsuk-frontend-10.6.1/nhsuk-frontend.min.js";

initAll();
