// Builds LearnLoop's static front end into learnloop/static_build/frontend/ (never committed).
// Sass compiles frontend/app.scss against GOV.UK Frontend and MOJ Frontend from node_modules;
// the JavaScript bundles and htmx are copied beside it, and so is every file the compiled
// stylesheet refers to with url(). The build fails if the stylesheet refers to a file that is
// not in the output: Django's production static storage (collectstatic) refuses such a file,
// and then no page can be served.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "learnloop", "static_build", "frontend");
const modules = join(root, "node_modules");
// The address of `out` once served: app.scss sets the MOJ and GOV.UK assets path to it.
const publicPath = "/static/frontend/";
// Where the files the stylesheet refers to come from, searched in this order.
const assetFolders = [
  join(modules, "@ministryofjustice", "frontend", "moj", "assets"),
  join(modules, "govuk-frontend", "dist", "govuk", "assets"),
];

function fail(message) {
  console.error(`Front-end build failed: ${message}`);
  process.exit(1);
}

// Every url() in a stylesheet, without quotes, in order of first appearance.
function cssUrls(css) {
  const urls = new Set();
  for (const match of css.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/g)) {
    urls.add(match[2]);
  }
  return [...urls];
}

// The path inside `out` that a url() names, or an error saying why it cannot be served.
function localPath(url) {
  if (url.startsWith("data:") || url.startsWith("#")) {
    return { skip: true };
  }
  const path = url.split(/[?#]/)[0];
  if (!path.startsWith(publicPath)) {
    return { error: `${url} is not under ${publicPath}, so the service would not serve it` };
  }
  const relative = normalize(path.slice(publicPath.length));
  if (relative.startsWith("..")) {
    return { error: `${url} points outside ${publicPath}` };
  }
  return { relative };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = sass.compile(join(root, "frontend", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  logger: sass.Logger.silent,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "app.css"), result.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["govuk-frontend/dist/govuk/assets/images/favicon.ico", "images/favicon.ico"],
  ["../frontend/govuk-init.mjs", "govuk-init.mjs"],
];
for (const [from, to] of copies) {
  mkdirSync(dirname(join(out, to)), { recursive: true });
  cpSync(join(modules, from), join(out, to), { recursive: true });
}

// Copy what the stylesheet refers to, then check that every reference is in the output.
const problems = [];
for (const url of cssUrls(result.css)) {
  const { skip, error, relative } = localPath(url);
  if (skip) continue;
  if (error) {
    problems.push(error);
    continue;
  }
  const target = join(out, relative);
  if (!existsSync(target)) {
    const source = assetFolders.map((folder) => join(folder, relative)).find((file) => existsSync(file));
    if (source) {
      mkdirSync(dirname(target), { recursive: true });
      cpSync(source, target);
    }
  }
  if (!existsSync(target)) {
    problems.push(`app.css refers to ${url}, but no package provides ${relative}`);
  }
}
if (problems.length) {
  fail(`\n  ${problems.join("\n  ")}`);
}
console.log(`Built front end into ${out}`);
