import fs from "fs";
import path from "path";
import { DEAL_MODELLER_VERSION, sharedMessage, shareRequest } from "../../src/model/share";
import { modelSheets, SHEET_NOTE_ADDRESS } from "../../src/model/sheets";
import { defaultInputs } from "../../src/model/fields";
import { serialFromIso } from "../../src/engine/dates";

describe("sharing the model", () => {
  it("names the release package.json says", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    expect(DEAL_MODELLER_VERSION).toBe(pkg.version);
  });

  it("stamps each copy, where the model sheet says what it is, with the local day of sharing", () => {
    const specs = modelSheets(defaultInputs(serialFromIso("2026-05-01")), ["revshare"]);
    const request = shareRequest(specs, new Date(2026, 4, 1, 23, 30));
    expect(request.sheets).toBe(specs);
    expect(request.stamp).toEqual({
      address: SHEET_NOTE_ADDRESS,
      text: `Shared on 2026-05-01 from Deal Modeller ${DEAL_MODELLER_VERSION}, values not formulas.`,
    });
    for (const spec of specs) expect(spec.cells.find((c) => c.address === SHEET_NOTE_ADDRESS)?.role).toBe("note");
  });

  it.each([
    ["opened", /^Opened the values in a new workbook .* Save it as "Deal \(values\)\.xlsx"\.$/],
    ["downloaded", /^Downloaded "Deal \(values\)\.xlsx"/],
  ] as const)("says where a %s file went", (delivery, message) => {
    expect(sharedMessage({ fileName: "Deal (values).xlsx", sheets: ["Deal Terms"], delivery })).toMatch(message);
  });
});
