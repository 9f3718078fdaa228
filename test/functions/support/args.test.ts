import { Decimal } from "../../../src/engine/decimal";
import {
  cellDates,
  cellNumbers,
  isMissing,
  matrix,
  numberVector,
  optionalBoolean,
  optionalDate,
  optionalEnum,
  optionalNumber,
  optionalWhole,
  requiredDate,
  requiredText,
  vector,
} from "../../../src/functions/support/args";

function kindOf(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    return (e as { kind: string }).kind;
  }
  return "none";
}

describe("argument coercion", () => {
  it.each([null, undefined, "", "   ", [[null]], [[""]]])("treats %p as missing", (v) => {
    expect(isMissing(v)).toBe(true);
  });

  it.each([0, false, "x", [[0]]])("treats %p as given", (v) => {
    expect(isMissing(v)).toBe(false);
  });

  it("applies defaults to every form of an omitted argument", () => {
    for (const omitted of [null, undefined, ""]) {
      expect(optionalNumber(omitted, "cap", null)).toBeNull();
      expect(optionalNumber(omitted, "rate", new Decimal(2))?.toString()).toBe("2");
      expect(optionalWhole(omitted, "n", 12, 1, 100)).toBe(12);
      expect(optionalBoolean(omitted, "headers", true)).toBe(true);
      expect(optionalDate(omitted, "end_date")).toBeNull();
      expect(optionalEnum(omitted, "basis", { fd: "fully-diluted", issued: "issued" }, "fully-diluted")).toBe("fully-diluted");
    }
  });

  it("reads enums case-insensitively and lists the accepted words on a miss", () => {
    const words = { flat: "flat", ramp: "ramp" } as const;
    expect(optionalEnum(" RAMP ", "profile", words, "flat")).toBe("ramp");
    try {
      optionalEnum("curvy", "profile", words, "flat");
      throw new Error("no error");
    } catch (e) {
      expect((e as Error).message).toBe('profile must be one of flat, ramp; got the text "curvy".');
      expect((e as { kind: string }).kind).toBe("value");
    }
  });

  it("accepts Excel's logical values and their text", () => {
    expect(optionalBoolean(false, "headers", true)).toBe(false);
    expect(optionalBoolean(0, "headers", true)).toBe(false);
    expect(optionalBoolean("TRUE", "headers", false)).toBe(true);
    expect(kindOf(() => optionalBoolean("maybe", "headers", true))).toBe("value");
  });

  it("checks whole numbers and their bounds", () => {
    expect(kindOf(() => optionalWhole(1.5, "n", 1, 0, 10))).toBe("num");
    expect(kindOf(() => optionalWhole(11, "n", 1, 0, 10))).toBe("num");
    expect(kindOf(() => optionalWhole("3", "n", 1, 0, 10))).toBe("value");
  });

  it("reads an optional date of 0 as not given, since Excel desktop passes an empty cell as 0", () => {
    expect(optionalDate(0, "agi_verified")).toBeNull();
    expect(optionalDate([[0]], "agi_verified")).toBeNull();
    expect(optionalDate(46000, "agi_verified")).toBe(46000);
    expect(kindOf(() => optionalDate(-1, "agi_verified"))).toBe("num");
  });

  it("drops a time of day and refuses dates outside Excel's calendar", () => {
    expect(requiredDate(45962.75, "start_date")).toBe(45962);
    expect(kindOf(() => requiredDate(0, "start_date"))).toBe("num");
    expect(kindOf(() => requiredDate(2958466, "start_date"))).toBe("num");
    expect(kindOf(() => requiredDate("2025-11-01", "start_date"))).toBe("value");
  });

  it("reads ranges as rectangular matrices and vectors", () => {
    expect(matrix(5, "r")).toEqual([[5]]);
    expect(vector([[1], [2], [3]], "r")).toEqual([1, 2, 3]);
    expect(vector([[1, 2, 3]], "r")).toEqual([1, 2, 3]);
    expect(
      kindOf(() =>
        vector(
          [
            [1, 2],
            [3, 4],
          ],
          "r",
        ),
      ),
    ).toBe("value");
    expect(kindOf(() => matrix([[1, 2], [3]], "r"))).toBe("value");
    expect(kindOf(() => matrix(new Array(100001).fill([1]), "r"))).toBe("num");
  });

  it("reads number vectors, with empty cells as the given value and text named by position", () => {
    expect(numberVector([[1], [null], [""]], "revenue", new Decimal(0)).map(String)).toEqual(["1", "0", "0"]);
    try {
      numberVector([[1], ["x"]], "revenue", new Decimal(0));
      throw new Error("no error");
    } catch (e) {
      expect((e as Error).message).toMatch(/revenue, item 2, must be a number/);
    }
  });

  it("reads cell numbers and dates of a column or a row, naming a bad cell by its position", () => {
    expect(Array.from(cellNumbers([[1.5], [null], [""], [-0], [[[7]]]], "revenue"))).toEqual([1.5, 0, 0, 0, 7]);
    expect(Object.is(cellNumbers([[-0], [1]], "revenue")[0], 0)).toBe(true);
    expect(Array.from(cellNumbers([[1, "", 3]], "revenue"))).toEqual([1, 0, 3]);
    expect(Array.from(cellNumbers(5, "revenue"))).toEqual([5]);
    expect(Array.from(cellDates([[46053.75], [46081]], "period_ends"))).toEqual([46053, 46081]);
    const messageOf = (call: () => unknown) => {
      try {
        call();
      } catch (e) {
        return (e as Error).message;
      }
      return "none";
    };
    expect(messageOf(() => cellNumbers([[1], ["x"]], "revenue"))).toMatch(
      /revenue, row 2 of the range, must be a number; got the text "x"/,
    );
    expect(messageOf(() => cellNumbers([[1, Infinity]], "revenue"))).toMatch(/revenue, column 2 of the range, must be a finite number/);
    expect(messageOf(() => cellDates([[46053], [""]], "period_ends"))).toMatch(/period_ends, row 2 of the range, is missing/);
    expect(messageOf(() => cellDates([[46053], [2958466]], "period_ends"))).toMatch(
      /period_ends, row 2 of the range, must be a date between/,
    );
    expect(kindOf(() => cellNumbers(new Array(100001).fill([1]), "revenue"))).toBe("num");
    expect(
      kindOf(() =>
        cellNumbers(
          [
            [1, 2],
            [3, 4],
          ],
          "revenue",
        ),
      ),
    ).toBe("value");
  });

  it("reads text and shows numbers as written", () => {
    expect(requiredText("  Microsoft ", "holder")).toBe("Microsoft");
    expect(requiredText(7, "holder")).toBe("7");
    expect(kindOf(() => requiredText(null, "holder"))).toBe("value");
  });
});
