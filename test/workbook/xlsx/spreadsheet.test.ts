import { writeXlsx, XlsxBook } from "../../../src/workbook/xlsx/spreadsheet";
import { FORMAT_CODES, ROLE_STYLES } from "../../../src/workbook/styles";
import { readPackage } from "../../support/xlsxPackage";

const book = (extra: Partial<XlsxBook> = {}): XlsxBook => ({
  sheets: [
    {
      name: "O'Brien & Co",
      cells: [
        { row: 0, col: 0, value: "Title", style: "title" },
        { row: 1, col: 0, value: "Active", style: "header" },
        { row: 2, col: 0, value: true, format: "@" },
        { row: 2, col: 1, value: 0.27, format: FORMAT_CODES.percent },
        { row: 3, col: 1, value: { error: "#N/A" } },
        { row: 4, col: 0, value: "<not markup> & more" },
      ],
      columnWidths: [20, undefined, 12],
      charts: [],
    },
  ],
  names: [
    { name: "Deal_Stake", sheet: "O'Brien & Co", address: "B3" },
    { name: "Elsewhere", sheet: "Not shared", address: "A1" },
  ],
  title: "Deal (values)",
  creator: "Deal Modeller",
  ...extra,
});

describe("the values workbook writer", () => {
  it("writes values, formats, styles, widths and names that another reader reads back", async () => {
    const { book: read } = await readPackage(writeXlsx(book()));
    const ws = read.getWorksheet("O'Brien & Co")!;
    expect(ws.getCell("A1").font).toMatchObject({ bold: true, size: ROLE_STYLES.title.size });
    expect(ws.getCell("A2").fill).toMatchObject({ fgColor: { argb: `FF${ROLE_STYLES.header.fill!.slice(1)}` } });
    expect(ws.getCell("B3")).toMatchObject({ value: 0.27, numFmt: FORMAT_CODES.percent });
    expect(ws.getCell("B4").value).toEqual({ error: "#N/A" });
    expect(ws.getCell("A5").value).toBe("<not markup> & more");
    expect(ws.getColumn(1).width).toBeCloseTo(20.71, 1);
    expect(ws.getColumn(3).width).toBeCloseTo(12.71, 1);
    // A name on a sheet the book does not hold is left out.
    expect(read.definedNames.model).toEqual([{ name: "Deal_Stake", ranges: ["'O''Brien & Co'!$B$3"] }]);
    expect(read.title).toBe("Deal (values)");
  });

  it("writes TRUE as a boolean in General, whatever format it was given", async () => {
    const { book: read } = await readPackage(writeXlsx(book()));
    const cell = read.getWorksheet("O'Brien & Co")!.getCell("A3");
    expect(cell.value).toBe(true);
    expect(cell.numFmt ?? "General").toBe("General");
  });

  it("needs a sheet", () => {
    expect(() => writeXlsx(book({ sheets: [] }))).toThrow(/at least one sheet/);
  });
});
