/**
 * A ZIP archive with every entry stored (compression method 0), which is all an .xlsx package needs:
 * ECMA-376 Part 2 (Open Packaging Conventions) §9 and Annex C take the ZIP format of PKWARE's APPNOTE
 * and allow stored items. The add-in writes its shared workbook with this rather than a zip library, so
 * its bundle carries none (test/bundles.test.ts).
 */

export interface ZipEntry {
  /** The part's name inside the archive, without a leading slash: "xl/workbook.xml". */
  path: string;
  data: Uint8Array | string;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as ZIP computes it (the reflected polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** MS-DOS date and time fields; the parts carry 1980-01-01 00:00, the earliest ZIP can say (no clock in the file). */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
/** Bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;
const VERSION = 20;

export function zipStored(entries: ZipEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const files = entries.map((entry) => {
    const name = encoder.encode(entry.path);
    const data = typeof entry.data === "string" ? encoder.encode(entry.data) : entry.data;
    return { name, data, crc: crc32(data) };
  });
  const localSize = files.reduce((sum, f) => sum + 30 + f.name.length + f.data.length, 0);
  const centralSize = files.reduce((sum, f) => sum + 46 + f.name.length, 0);
  if (files.length > 0xffff || localSize + centralSize > 0xffffffff)
    throw new Error("The workbook is too large for a ZIP archive without ZIP64.");
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  /** The fields a local header and its central directory entry share: version needed to the name's length. */
  const common = (f: (typeof files)[number]) => {
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(0);
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(f.crc);
    u32(f.data.length);
    u32(f.data.length);
    u16(f.name.length);
  };
  const offsets: number[] = [];
  for (const f of files) {
    offsets.push(at);
    u32(0x04034b50);
    common(f);
    u16(0);
    out.set(f.name, at);
    at += f.name.length;
    out.set(f.data, at);
    at += f.data.length;
  }
  const centralStart = at;
  files.forEach((f, i) => {
    u32(0x02014b50);
    u16(VERSION);
    common(f);
    u16(0);
    u16(0);
    u16(0);
    u16(0);
    u32(0);
    u32(offsets[i]);
    out.set(f.name, at);
    at += f.name.length;
  });
  const centralLength = at - centralStart;
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(files.length);
  u16(files.length);
  u32(centralLength);
  u32(centralStart);
  u16(0);
  return out;
}

/** Base64 of bytes, as Excel.createWorkbook takes a file; in slices, so a large file does not overflow the call stack. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
