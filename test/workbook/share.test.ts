import { valuesFileName, valuesWorkbook } from "../../src/workbook/share";
import { ShareRequest } from "../../src/workbook/types";

describe("the values workbook's plan", () => {
  it.each([
    ["Deal.xlsx", "Deal (values).xlsx"],
    ["Q3 model.XLSM", "Q3 model (values).xlsx"],
    ["deal-model", "deal-model (values).xlsx"],
    ["", "Deal model (values).xlsx"],
  ])("names the copy of %p %p", (name, file) => {
    expect(valuesFileName(name)).toBe(file);
  });

  const request: ShareRequest = {
    sheets: [
      { key: "Empty", name: "Empty", cells: [], names: [{ name: "Deal_X", address: "A1" }], charts: [] },
      {
        key: "Model",
        name: "Model",
        cells: [{ address: "B2", value: 1, role: "input" }],
        names: [{ name: "Deal_Y", address: "B2" }],
        charts: [],
      },
    ],
    stamp: { address: "A2", text: "Shared" },
  };

  it("leaves out an empty sheet and its names, and gives an input no style", () => {
    const book = valuesWorkbook(
      [
        { name: "Empty", cells: [], columnWidths: [], spills: {} },
        { name: "Model", cells: [{ row: 1, col: 1, value: 1 }], columnWidths: [], spills: {} },
      ],
      request,
      "t",
      "c",
    );
    expect(book.sheets.map((s) => s.name)).toEqual(["Model"]);
    expect(book.names).toEqual([{ name: "Deal_Y", sheet: "Model", address: "B2" }]);
    expect(book.sheets[0].cells).toEqual(
      expect.arrayContaining([
        { row: 1, col: 1, value: 1 },
        { row: 1, col: 0, value: "Shared", style: "note" },
      ]),
    );
  });

  it("refuses to make a workbook of nothing", () => {
    expect(() => valuesWorkbook([{ name: "Empty", cells: [], columnWidths: [], spills: {} }], request, "t", "c")).toThrow(
      /nothing to share/,
    );
  });
});
