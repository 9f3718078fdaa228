// The third-party notices each build folder carries (THIRD-PARTY-NOTICES.txt), rendered from what
// webpack-license-plugin finds in the bundles: every npm package with its version, licence, repository
// and the licence text it ships. Nothing here is a list of packages: the plugin reads the build.

/** SPDX ids whose terms would reach the add-in's own code if it were bundled into it. */
const COPYLEFT = /^(?:A|L)?GPL-|^SSPL-|^EUPL-|^OSL-/;

/** True when every alternative of an SPDX expression ("MIT OR GPL-3.0-only") holds a copyleft licence. */
function isCopyleft(expression) {
  return String(expression)
    .replace(/[()]/g, " ")
    .split(/\s+OR\s+/i)
    .every((alternative) => alternative.split(/\s+(?:AND|WITH)\s+/i).some((id) => COPYLEFT.test(id.trim())));
}

const RULE = "=".repeat(78);

/**
 * The licence text of a package that ships no licence file (Microsoft's FAST and Fluent packages declare
 * MIT in package.json only): the standard text of its SPDX id, from the SPDX licence list package.
 */
function standardText(id) {
  if (!id || !/^[A-Za-z0-9.+-]+$/.test(id)) return null;
  try {
    return require(`spdx-license-list/licenses/${id}.json`).licenseText;
  } catch {
    return null;
  }
}

function licenceTextOf(p) {
  if (p.licenseText) return p.licenseText.trim();
  const standard = standardText(p.license);
  if (!standard) return "(the package ships no licence file, and its licence has no standard text)";
  return [
    `(the package ships no licence file; its package.json declares ${p.license}${p.author ? `, by ${p.author}` : ""}.`,
    ` The standard ${p.license} text follows.)`,
    "",
    standard.trim(),
  ].join("\n");
}

/**
 * @param {{ name: string, version: string, license: string | null, author?: string, repository?: string | null,
 *   licenseText?: string | null }[]} packages
 */
function renderNotices(packages) {
  const sorted = [...packages].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  const lines = [
    "Third-party notices",
    "",
    "The files in this folder bundle the npm packages below. Each is listed with its version, its licence",
    "(an SPDX expression, as its package.json declares it) and the licence text it ships. Generated at build",
    "time by webpack-license-plugin from the modules webpack put into the bundles.",
    "",
    ...sorted.map((p) => `- ${p.name} ${p.version}: ${p.license ?? "no licence declared"}`),
  ];
  for (const p of sorted) {
    lines.push("", RULE, `${p.name} ${p.version}`, `Licence: ${p.license ?? "no licence declared"}`);
    if (p.repository) lines.push(`Repository: ${p.repository}`);
    lines.push("", licenceTextOf(p));
  }
  return lines.join("\n") + "\n";
}

module.exports = { renderNotices, isCopyleft, licenceTextOf };
