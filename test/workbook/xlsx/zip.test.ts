import JSZip from "jszip";
import { crc32, toBase64, zipStored } from "../../../src/workbook/xlsx/zip";

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
