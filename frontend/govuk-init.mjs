// Start GOV.UK Frontend and MOJ Frontend components. Pages work without this.
import { initAll } from "./govuk-frontend.min.js";

initAll();
