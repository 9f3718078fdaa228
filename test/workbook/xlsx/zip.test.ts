import JSZip from "jszip";
import { crc32, toBase64, zipStored } from "../../../src/workbook/xlsx/zip";
import { escapeXml, xmlNumber } from "../../../src/workbook/xlsx/xml";

describe("the stored ZIP writer", () => {
  it("computes ZIP's CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it("writes an archive another reader opens, names in UTF-8 and bytes intact", async () => {
    const bytes = new Uint8Array(70000).map((_, i) => (i * 7) % 256);
    const zip = await JSZip.loadAsync(
      zipStored([
        { path: "xl/workbook.xml", data: "<workbook/>" },
        { path: "Überblick/ß.txt", data: "café" },
        { path: "bin", data: bytes },
      ]),
    );
    expect(Object.keys(zip.files)).toEqual(["xl/workbook.xml", "Überblick/ß.txt", "bin"]);
    expect(await zip.file("Überblick/ß.txt")!.async("string")).toBe("café");
    expect(await zip.file("bin")!.async("uint8array")).toEqual(bytes);
  });

  it("encodes base64 as btoa does, in slices for large files", () => {
    const bytes = new Uint8Array(100000).map((_, i) => i % 251);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });
});

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
