import fc from "fast-check";
import {
  absoluteReference,
  blockAddress,
  cellAddress,
  cellsOf,
  columnIndex,
  columnLetters,
  compressCells,
  parseBlock,
  splitReference,
} from "../../src/workbook/a1";

describe("A1 addresses", () => {
  it("letters and indexes of columns agree, A to XFD", () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnLetters)).toEqual(["A", "Z", "AA", "ZZ", "AAA", "XFD"]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 16383 }), (col) => columnIndex(columnLetters(col)) === col));
  });

  it("reads sheet-qualified references as Excel writes them", () => {
    expect(splitReference("'Deal Stake'!$C$4:$D$9")).toEqual({ sheet: "Deal Stake", address: "C4:D9" });
    expect(splitReference("='It''s'!B2")).toEqual({ sheet: "It's", address: "B2" });
    expect(splitReference("Sheet1!C4")).toEqual({ sheet: "Sheet1", address: "C4" });
    expect(absoluteReference("Deal Stake", "C4:D9")).toBe("'Deal Stake'!$C$4:$D$9");
    expect(absoluteReference("Terms", "B4")).toBe("Terms!$B$4");
  });

  it("compresses any set of cells into blocks that cover exactly those cells", () => {
    const cell = fc.record({ row: fc.integer({ min: 0, max: 12 }), col: fc.integer({ min: 0, max: 8 }) });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 60 }), (cells) => {
        const wanted = new Set(cells.map(cellAddress));
        const blocks = compressCells(wanted);
        const covered = blocks.flatMap((b) => cellsOf(parseBlock(b)));
        expect(new Set(covered)).toEqual(wanted);
        expect(covered).toHaveLength(wanted.size);
      }),
    );
    expect(compressCells(["A1", "B1", "A2", "B2", "D2"])).toEqual([blockAddress(parseBlock("A1:B2")), "D2"]);
  });
});
