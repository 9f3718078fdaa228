import { execFileSync } from "child_process";
import fs from "fs";
import path from "path";

/**
 * LibreOffice Calc as a real client of our files, headless (`soffice`, from Debian's
 * libreoffice-calc-nogui; `DEAL_SOFFICE` may name another). It runs in a throw-away profile whose one
 * setting is how to recalculate an Excel 2007+ file on load (Tools > Options > Calc > Formula >
 * Recalculation on file load): "never" keeps the values a file caches, "always" recalculates every
 * formula, as a recipient who presses Ctrl+Shift+F9 sees it.
 */

export const SOFFICE = process.env.DEAL_SOFFICE || "soffice";

export function hasLibreOffice(): boolean {
  try {
    execFileSync(SOFFICE, ["--version"], { stdio: "ignore", timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** LibreOffice's setting for it: 0 always recalculate, 1 never, 2 ask. */
const RECALC_MODES = { always: 0, never: 1 } as const;

function settingsXml(mode: keyof typeof RECALC_MODES): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">' +
    `<value>${RECALC_MODES[mode]}</value></prop></item></oor:items>\n`
  );
}

export class LibreOffice {
  /** Every soffice command run, with its time, for the test's report. */
  readonly runs: { command: string; seconds: number }[] = [];

  constructor(private readonly profile: string) {}

  /**
   * Converts files to `format` ("fods", "pdf") into `outDir`, loading them with the given recalculation
   * mode. Returns the converted files' paths, in order.
   */
  convert(files: string[], format: string, outDir: string, recalculate: keyof typeof RECALC_MODES): string[] {
    // The profile's settings are rewritten before each run (LibreOffice rewrites the file as it exits).
    fs.mkdirSync(path.join(this.profile, "user"), { recursive: true });
    const settings = path.join(this.profile, "user", "registrymodifications.xcu");
    const existing = fs.existsSync(settings) ? fs.readFileSync(settings, "utf8") : "";
    const mode = RECALC_MODES[recalculate];
    const updated = /OOXMLRecalcMode/.test(existing)
      ? existing.replace(/(oor:name="OOXMLRecalcMode"[^>]*>\s*<value>)\d(<\/value>)/, `$1${mode}$2`)
      : settingsXml(recalculate);
    fs.writeFileSync(settings, updated);
    const args = [`-env:UserInstallation=file://${this.profile}`, "--headless", "--convert-to", format, "--outdir", outDir, ...files];
    const started = Date.now();
    execFileSync(SOFFICE, args, { stdio: "pipe", timeout: 180_000 });
    this.runs.push({ command: `soffice ${args.join(" ")}`, seconds: (Date.now() - started) / 1000 });
    return files.map((f) => path.join(outDir, `${path.basename(f).replace(/\.[^.]+$/, "")}.${format}`));
  }
}
