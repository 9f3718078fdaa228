// CHANGELOG.md's record of the DEAL.* functions. Released ids never change and their arguments never move,
// so each release lists, under its heading, the ids it adds (with every argument, in order) and the
// arguments it appends to an id released before:
//
//   - Added `DEAL.DILUTE(stake, pre_money, investment)`.
//   - `DEAL.REVSHAREPV` takes a new last argument: `[valuation_date]`.
//
// `[x]` marks an optional argument. Between the Unreleased markers `npm run docs` writes these lines for
// whatever functions.json has that no release records; it refuses (and says why) when functions.json has
// lost an id or an argument, or has one that is not at the end.

const UNRELEASED_START = "<!-- unreleased-functions:start (written by npm run docs from functions.json; do not edit) -->";
const UNRELEASED_END = "<!-- unreleased-functions:end -->";

const ADDED = /^- Added `DEAL\.([A-Z][A-Z0-9_.]*)\(([^)]*)\)`\.?\s*$/;
const APPENDED = /^- `DEAL\.([A-Z][A-Z0-9_.]*)` takes new last arguments?: (.+?)\.?\s*$/;

function parseArguments(list) {
  return list
    .split(",")
    .map((a) => a.trim().replace(/^`|`$/g, ""))
    .filter(Boolean)
    .map((a) => (/^\[.+\]$/.test(a) ? { name: a.slice(1, -1), optional: true } : { name: a, optional: false }));
}

/**
 * The releases of a changelog, newest first as written: `## <title>` headings, each with the function
 * entries under it. Lines that are not function entries are prose and are left alone.
 * @returns {{ title: string, entries: ({ kind: "added" | "appended", id: string, args: { name: string, optional: boolean }[], line: number })[] }[]}
 */
function parseReleases(text) {
  const releases = [];
  text.split("\n").forEach((line, index) => {
    const heading = /^## (.+)$/.exec(line);
    if (heading) {
      releases.push({ title: heading[1].trim(), entries: [] });
      return;
    }
    const release = releases[releases.length - 1];
    const added = ADDED.exec(line);
    const appended = APPENDED.exec(line);
    if ((added || appended) && !release) throw new Error(`line ${index + 1}: a function entry before any release heading`);
    if (added) release.entries.push({ kind: "added", id: added[1], args: parseArguments(added[2]), line: index + 1 });
    if (appended) release.entries.push({ kind: "appended", id: appended[1], args: parseArguments(appended[2]), line: index + 1 });
  });
  return releases;
}

const isUnreleased = (release) => /^unreleased\b/i.test(release.title);

/**
 * Every id the changelog records and its arguments in order, replaying the releases oldest first.
 * @param {{ includeUnreleased?: boolean }} [options]
 * @returns {Map<string, { args: { name: string, optional: boolean }[], since: string }[]>}
 */
function recordedFunctions(text, { includeUnreleased = true } = {}) {
  const record = new Map();
  const releases = parseReleases(text).filter((r) => includeUnreleased || !isUnreleased(r));
  for (const release of [...releases].reverse()) {
    for (const entry of release.entries) {
      const known = record.get(entry.id);
      if (entry.kind === "added") {
        if (known) throw new Error(`line ${entry.line}: DEAL.${entry.id} is added again (it was added in ${known.since})`);
        record.set(entry.id, { args: entry.args.map((a) => ({ ...a, since: release.title })), since: release.title });
      } else {
        if (!known) throw new Error(`line ${entry.line}: DEAL.${entry.id} takes new arguments, but no earlier release adds it`);
        known.args.push(...entry.args.map((a) => ({ ...a, since: release.title })));
      }
    }
  }
  return record;
}

const shown = (args) => args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(", ");

/**
 * How functions.json departs from a record: the entries that would record what it adds, and the
 * departures no entry can record (a lost id or argument, one renamed or moved, a new required argument).
 */
function compare(record, metadata) {
  const added = [];
  const appended = [];
  const problems = [];
  const present = new Set(metadata.functions.map((f) => f.id));
  for (const id of record.keys()) if (!present.has(id)) problems.push(`DEAL.${id} is recorded but functions.json no longer has it`);
  for (const f of metadata.functions) {
    const args = f.parameters.map((p) => ({ name: p.name, optional: Boolean(p.optional) }));
    const known = record.get(f.id);
    if (!known) {
      added.push(`- Added \`DEAL.${f.id}(${shown(args)})\`.`);
      continue;
    }
    const moved = known.args.findIndex((a, i) => args[i]?.name !== a.name);
    if (moved >= 0) {
      problems.push(
        `DEAL.${f.id}: argument ${moved + 1} is recorded as ${known.args[moved].name} but functions.json has ` +
          `${args[moved]?.name ?? "nothing there"} (released arguments never move, and new ones go at the end)`,
      );
      continue;
    }
    const extra = args.slice(known.args.length);
    const required = extra.filter((a) => !a.optional);
    if (required.length)
      problems.push(
        `DEAL.${f.id}: the new argument ${required.map((a) => a.name).join(", ")} must be optional, or formulas written before break`,
      );
    if (extra.length)
      appended.push(
        `- \`DEAL.${f.id}\` takes new last argument${extra.length > 1 ? "s" : ""}: ${extra.map((a) => `\`${shown([a])}\``).join(", ")}.`,
      );
  }
  return { entries: [...added, ...appended], problems };
}

/** The changelog with its Unreleased function entries rewritten from functions.json. */
function updateUnreleased(text, metadata) {
  const from = text.indexOf(UNRELEASED_START);
  const to = text.indexOf(UNRELEASED_END);
  if (from < 0 || to < from) throw new Error("CHANGELOG.md has no unreleased-functions markers under ## Unreleased");
  const { entries, problems } = compare(recordedFunctions(text, { includeUnreleased: false }), metadata);
  if (problems.length) throw new Error(`functions.json departs from the released functions:\n  ${problems.join("\n  ")}`);
  const block = [
    UNRELEASED_START,
    ...(entries.length ? ["", ...entries, ""] : ["", "No new function or argument.", ""]),
    UNRELEASED_END,
  ].join("\n");
  return text.slice(0, from) + block + text.slice(to + UNRELEASED_END.length);
}

module.exports = { parseReleases, recordedFunctions, compare, updateUnreleased, UNRELEASED_START, UNRELEASED_END };
