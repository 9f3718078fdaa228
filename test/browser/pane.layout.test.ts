import fs from "fs";
import type { Page } from "playwright-core";
import { SECTIONS } from "../../src/model/fields";
import { DIST, distFile } from "../support/build";
import { launchChromium, startStaticServer } from "./support/browser";
import { buildModel, chromiumSuite, eventually, setField, setTable, TODAY_ISO } from "./support/page";

/**
 * The pane at Excel's width (320-350 px), for someone who opens it the first time: the first screen, results
 * before folded inputs, no horizontal overflow, Compare, accessibility (axe-core), the dark scheme, and the
 * add-in's page opened outside Excel. The preview docks the real pane at a given width with ?pane=.
 */

jest.setTimeout(120_000);

const WIDTHS = [320, 350, 500] as const;
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function openPane(page: Page, origin: string, width: number): Promise<void> {
  await page.goto(`${origin}/preview.html?today=${TODAY_ISO}&pane=${width}`);
  await page.waitForSelector("body[data-state=ready], body[data-state=failed]");
  expect(await page.getAttribute("body", "data-state")).toBe("ready");
  expect(await page.evaluate(() => document.getElementById("pane")!.clientWidth)).toBe(width);
}

/**
 * Everything that would push the pane sideways: the pane's own scroll width, any scroll container inside
 * it that scrolls sideways, a label squeezed to one word a line, text of one item printed over another.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const pane = document.getElementById("pane")!;
    if (pane.scrollWidth > pane.clientWidth) problems.push(`pane scrollWidth ${pane.scrollWidth} > clientWidth ${pane.clientWidth}`);
    // Visually hidden content (a stacked table's header row, the screen readers' texts) is clipped to a pixel.
    const clipped = (e: Element): boolean => {
      for (let at: Element | null = e; at && at !== pane; at = at.parentElement) if (getComputedStyle(at).clip !== "auto") return true;
      return false;
    };
    const shown = (e: Element) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === "fixed";
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.getAttribute("data-testid") ? `[${e.getAttribute("data-testid")}]` : ""} "${(e.textContent ?? "").trim().slice(0, 40)}"`;
    for (const e of pane.querySelectorAll("*")) {
      if (!shown(e) || clipped(e)) continue;
      const style = getComputedStyle(e);
      if (["auto", "scroll", "hidden"].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
        problems.push(`${name(e)} scrolls sideways: ${e.scrollWidth} > ${e.clientWidth}`);
      const box = e.getBoundingClientRect();
      if (box.width > 0 && box.right > pane.getBoundingClientRect().right + 1) problems.push(`${name(e)} ends past the pane's edge`);
    }
    const lines = (e: Element) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    };
    for (const label of pane.querySelectorAll(".results dt, table.grid th, .field label, details > summary")) {
      if (!shown(label) || clipped(label)) continue;
      const words = (label.textContent ?? "").trim().split(/\s+/).filter(Boolean).length;
      if (words >= 2 && lines(label) >= words) problems.push(`${name(label)} wraps one word a line`);
    }
    const textRects = (e: Element) => {
      const range = document.createRange();
      range.selectNodeContents(e);
      return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    };
    const overlap = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (const list of pane.querySelectorAll(".results dl")) {
      const items = [...list.children].filter(shown);
      items.forEach((a, i) =>
        items.slice(i + 1).forEach((b) => {
          if (a.contains(b) || b.contains(a)) return;
          if (textRects(a).some((ra) => textRects(b).some((rb) => overlap(ra, rb)))) problems.push(`${name(a)} prints over ${name(b)}`);
        }),
      );
    }
    // Small fields side by side (the AGI quick fills): their labels must not run into one another.
    for (const row of pane.querySelectorAll(".agi-fills")) {
      const fields = [...row.querySelectorAll(":scope > fluent-text-field")]
        .filter(shown)
        .map((f) => ({ f, box: f.getBoundingClientRect() }));
      fields.forEach((a, i) => {
        const b = fields[i + 1];
        if (b && Math.abs(a.box.top - b.box.top) < 2 && b.box.left - a.box.right < 4)
          problems.push(`${name(a.f)} runs into ${name(b.f)} (${Math.round(b.box.left - a.box.right)} px apart)`);
      });
    }
    return problems;
  });
}

async function openAllInputs(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll("details.inputs").forEach((d) => ((d as HTMLDetailsElement).open = true)));
}

async function saveScenario(page: Page, name: string): Promise<void> {
  await page.locator("[data-testid=scenario-name] input").fill(name);
  await page.click("[data-testid=scenario-save]");
  await page.waitForSelector(`[data-testid=scenario-item][data-name="${name}"]`);
}

/** Base and, with a higher rate, Upside; then Compare as it opens. */
async function showComparison(page: Page): Promise<void> {
  await saveScenario(page, "Base");
  await setField(page, "field-revshare-rate", "25");
  await saveScenario(page, "Upside");
  await page.click("[data-testid=scenario-compare]");
  await page.waitForSelector("[data-testid=compare-table]");
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is (evaluated, so the page's CSP does not block it). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

chromiumSuite("the pane at Excel's width", "layout", (scenario) => {
  scenario(
    "first open: says what the add-in does, and the terms, the sections and Build model are in a 320 x 600 pane's first screen",
    async (page, origin) => {
      await openPane(page, origin, 320);
      const firstScreen = await page.evaluate(() => {
        const top = document.getElementById("pane")!.getBoundingClientRect().top;
        const bottom = (id: string) => {
          const e = document.querySelector(`[data-testid=${id}]`);
          return e ? e.getBoundingClientRect().bottom - top : Infinity;
        };
        return {
          build: bottom("build-model"),
          preset: bottom("preset"),
          sections: Math.max(...["stake", "valuation", "revshare", "drawdown", "rights", "agi"].map((s) => bottom(`section-${s}`))),
          lead: document.querySelector("[data-testid=lead]")?.textContent ?? "",
        };
      });
      expect(firstScreen.build).toBeLessThanOrEqual(600);
      expect(firstScreen.preset).toBeLessThanOrEqual(600);
      expect(firstScreen.sections).toBeLessThanOrEqual(600);
      expect(firstScreen.lead).toMatch(/Models a strategic partnership deal in this workbook/);
      expect(firstScreen.lead).toMatch(/build the model/i);
    },
    { viewport: { width: 1000, height: 700 } },
  );

  scenario(
    "after a build each section shows its results first and its inputs folded; the fold opens from the keyboard",
    async (page, origin) => {
      await openPane(page, origin, 350);
      expect(await page.locator("[data-testid=field-revshare-rate]").isVisible()).toBe(true);
      await buildModel(page);
      for (const { id } of SECTIONS) {
        const order = await page.evaluate((section) => {
          const results = document.querySelector(`[data-testid=results-${section}]`);
          const inputs = document.querySelector(`[data-testid=inputs-${section}]`) as HTMLDetailsElement | null;
          return {
            resultsFirst: Boolean(results && inputs && results.compareDocumentPosition(inputs) & Node.DOCUMENT_POSITION_FOLLOWING),
            folded: inputs ? !inputs.open : false,
          };
        }, id);
        expect({ section: id, ...order }).toEqual({ section: id, resultsFirst: true, folded: true });
      }
      expect(await page.locator("[data-testid=field-revshare-rate]").isVisible()).toBe(false);
      await page.focus("[data-testid=inputs-revshare] > summary");
      await page.keyboard.press("Enter");
      await eventually(async () => expect(await page.locator("[data-testid=field-revshare-rate]").isVisible()).toBe(true));
    },
  );

  for (const width of WIDTHS) {
    scenario(`at ${width} px nothing overflows: every section, the cap table, Compare, a long message`, async (page, origin) => {
      await openPane(page, origin, width);
      await buildModel(page);
      expect(await layoutProblems(page)).toEqual([]);
      await openAllInputs(page);
      expect(await layoutProblems(page)).toEqual([]);
      await page.click("[data-testid=field-stake-source]");
      await page.click("[data-testid=option-stake-source-captable]");
      await page.waitForSelector("[data-testid=result-stake-issued]");
      expect(await layoutProblems(page)).toEqual([]);
      await showComparison(page);
      expect(await layoutProblems(page)).toEqual([]);
      await setField(page, "field-revshare-rate", `not-a-rate-${"x".repeat(160)}`);
      await eventually(async () => expect(await page.textContent("[data-testid=message-revshare-rate]")).not.toBe(""));
      expect(await layoutProblems(page)).toEqual([]);
      // The fraction question at a table, at its longest: several fractions, read alike.
      await setTable(page, "field-agi-scenarios", "2030-07-01 | 0.27\n2031-07-01 | 0.13\nnot verified | 0.6");
      await eventually(async () =>
        expect(await page.textContent("[data-testid=aside-agi-scenarios]")).toMatch(/Line 1, Probability: 27% or 0.27%\?/),
      );
      expect(await page.locator("[data-testid=fraction-1-agi-scenarios]").isVisible()).toBe(true);
      expect(await layoutProblems(page)).toEqual([]);
    });
  }

  scenario("Compare opens on two different scenarios, with headers, units and the form's labels", async (page, origin) => {
    await openPane(page, origin, 350);
    await saveScenario(page, "Base");
    expect(await page.textContent("[data-testid=compare-hint]")).toMatch(/Only “Base” is saved: .*save it under another name/);
    expect(await page.locator("[data-testid=compare-controls]").isVisible()).toBe(false);
    await setField(page, "field-revshare-rate", "25");
    await setField(page, "field-drawdown-commitment", "300,000,000,000");
    await saveScenario(page, "Upside");
    await eventually(async () => expect(await page.locator("[data-testid=compare-controls]").isVisible()).toBe(true));
    const chosen = await page.evaluate(() =>
      ["compare-a", "compare-b"].map((id) => (document.querySelector(`[data-testid=${id}]`) as HTMLSelectElement).value),
    );
    expect(chosen).toEqual(["Base", "Upside"]);
    await page.click("[data-testid=scenario-compare]");
    await page.waitForSelector("[data-testid=compare-table]");
    const headers = await page.$$eval("[data-testid=compare-table] th[scope=col]", (ths) => ths.map((th) => th.textContent));
    expect(headers).toEqual(["Result", "Base", "Upside", "Difference (Upside − Base)"]);
    const total = await page.$$eval('[data-testid=compare-table] tr[data-key="revshareTotal"] td', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(total[0]).toMatch(/^\$[\d,]+$/);
    expect(total[2]).toMatch(/^\+\$[\d,]+$/);
    expect(await page.$$eval("[data-testid=compare-inputs] th[scope=col]", (ths) => ths.map((th) => th.textContent))).toEqual([
      "Input",
      "Base",
      "Upside",
    ]);
    const row = async (key: string) =>
      page.$$eval(`[data-testid=compare-inputs] tr[data-key="${key}"] > *`, (cells) => cells.map((c) => c.textContent));
    expect(await row("revshareRate")).toEqual(["Rate", "20%", "25%"]);
    expect((await row("drawdownCommitment"))[2]).toBe("$300,000,000,000");
  });

  scenario("axe-core finds no serious or critical violation: first open, built, Compare, a field error", async (page, origin) => {
    await openPane(page, origin, 350);
    expect(await axeViolations(page)).toEqual([]);
    await buildModel(page);
    expect(await axeViolations(page)).toEqual([]);
    await showComparison(page);
    expect(await axeViolations(page)).toEqual([]);
    await setField(page, "field-valuation-stake", "150");
    await eventually(async () => expect(await page.textContent("[data-testid=message-valuation-stake]")).not.toBe(""));
    expect(await axeViolations(page)).toEqual([]);
  });

  scenario(
    "follows a dark colour scheme: the page, the pane, its fields and the grid are dark, and contrast holds",
    async (page, origin) => {
      await page.emulateMedia({ colorScheme: "dark" });
      await openPane(page, origin, 350);
      await buildModel(page);
      const colours = await page.evaluate(() => {
        const background = (e: Element | null | undefined) => (e ? getComputedStyle(e).backgroundColor : "");
        const field = document.querySelector("[data-testid=field-as-of]");
        return {
          page: background(document.body),
          pane: background(document.getElementById("pane")),
          field: background(field?.shadowRoot?.querySelector(".root")),
          cell: background(document.querySelector("[data-testid=grid] td")),
          text: getComputedStyle(document.querySelector(".deal-pane")!).color,
        };
      });
      for (const [where, colour] of Object.entries(colours)) {
        if (where === "text") expect({ where, light: luminance(colour) > 0.6 }).toEqual({ where, light: true });
        else expect({ where, colour, dark: luminance(colour) < 0.1 }).toEqual({ where, colour, dark: true });
      }
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  describe("taskpane.html outside Excel", () => {
    const cases: { title: string; officeJs?: string }[] = [
      { title: "office.js does not load (no Office, no CustomFunctions)" },
      {
        title: "Office.onReady resolves with no host",
        officeJs: "window.Office = { HostType: { Excel: 'Excel' }, onReady: (f) => Promise.resolve(f({ host: null, platform: null })) };",
      },
      {
        title: "Office.onReady never resolves",
        officeJs: "window.Office = { HostType: { Excel: 'Excel' }, onReady: () => new Promise(() => {}) };",
      },
    ];
    for (const { title, officeJs } of cases) {
      it(`says it must be opened from Excel, and how, when ${title}`, async () => {
        distFile("taskpane.html");
        const server = await startStaticServer(DIST);
        const browser = await launchChromium();
        try {
          const page = await browser.newPage();
          const errors: string[] = [];
          page.on("pageerror", (e) => errors.push(e.message));
          await page.route("https://appsforoffice.microsoft.com/**", (route) =>
            officeJs ? route.fulfill({ contentType: "text/javascript", body: officeJs }) : route.abort(),
          );
          await page.goto(`${server.origin}/taskpane.html`);
          await page.waitForSelector("[data-testid=outside-excel]", { timeout: 15_000 });
          const text = await page.textContent("[data-testid=outside-excel]");
          expect(text).toMatch(/must be opened from Excel|runs inside Excel/);
          expect(text).toMatch(/Sideload the add-in/);
          expect(text).toMatch(/README/);
          expect(await page.locator("#status").count()).toBe(0);
          expect(errors).toEqual([]);
        } finally {
          await browser.close();
          await server.close();
        }
      });
    }
  });
});
