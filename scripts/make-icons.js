// Writes the add-in's icons (assets/icon-16.png ... icon-80.png): a teal tile with three rising bars.
// Run once with `node scripts/make-icons.js`; the PNGs are committed.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size) {
  const tile = [0x0f, 0x6c, 0xbd, 255];
  const bar = [255, 255, 255, 255];
  const radius = size * 0.18;
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) {
      const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
      const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
      const inside = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius ** 2;
      let px = inside ? tile : [0, 0, 0, 0];
      const u = (x + 0.5) / size;
      const v = 1 - (y + 0.5) / size;
      const bars = [
        [0.2, 0.36, 0.45],
        [0.42, 0.58, 0.62],
        [0.64, 0.8, 0.8],
      ];
      if (inside && v > 0.2 && bars.some(([a, b, h]) => u >= a && u < b && v < h)) px = bar;
      row.push(...px);
    }
    rows.push(Buffer.from(row));
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 64, 80]) {
  fs.writeFileSync(path.join(__dirname, "..", "assets", `icon-${size}.png`), icon(size));
}
