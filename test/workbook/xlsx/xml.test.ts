import { escapeXml, xmlNumber } from "../../../src/workbook/xlsx/xml";

describe("XML text", () => {
  it("escapes markup, keeps control characters as Excel's _xHHHH_ and an underscore that would read as one", () => {
    expect(escapeXml('a<b & "c">')).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
    expect(escapeXml("tab\there, bell\u0007")).toBe("tab\there, bell_x0007_");
    expect(escapeXml("_x0041_")).toBe("_x005F_x0041_");
  });

  it("writes numbers as the shortest text that reads back the same", () => {
    expect(xmlNumber(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(xmlNumber(-0)).toBe("0");
    expect(() => xmlNumber(Infinity)).toThrow(/cannot be stored/);
  });
});
