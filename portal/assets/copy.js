// Copies the few GOV.UK Frontend files the site serves as they are.
const fs = require("fs");
const path = require("path");
const src = "node_modules/govuk-frontend/dist/govuk";
const dest = "portal/static/govuk";
fs.mkdirSync(path.join(dest, "assets"), { recursive: true });
fs.copyFileSync(path.join(src, "govuk-frontend.min.js"), path.join(dest, "govuk-frontend.min.js"));
fs.cpSync(path.join(src, "assets", "images"), path.join(dest, "assets", "images"), { recursive: true });
