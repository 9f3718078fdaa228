import zlib from "zlib";

/**
 * The texts a PDF draws, as far as a test needs them: every text-showing operation (Tj, TJ) of every
 * content stream, decoded through the ToUnicode maps of the document's fonts. Which font an operation
 * uses is not followed: each operation is decoded with every map, and a text counts as drawn when one
 * decoding gives it (a wrong map gives other characters, or none).
 */
export function pdfTexts(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf);
  const latin = raw.toString("latin1");
  const streams: string[] = [];
  for (const m of latin.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = latin.indexOf("endstream", start);
    try {
      streams.push(zlib.inflateSync(raw.subarray(start, end)).toString("latin1"));
    } catch {
      // not a deflated stream (an image, a font program): no text here
    }
  }
  const maps = streams
    .filter((s) => s.includes("begincmap"))
    .map((cmap) => {
      const map = new Map<number, string>();
      const hexText = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
      for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
        for (const [, code, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(code, 16), hexText(text));
      for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
        for (const [, from, to, text] of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
          for (let c = parseInt(from, 16), i = 0; c <= parseInt(to, 16); c++, i++) map.set(c, String.fromCodePoint(parseInt(text, 16) + i));
      const width = /<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>\s*endcodespacerange/.exec(cmap)?.[1].length ?? 2;
      return { map, width };
    });
  const texts: string[] = [];
  for (const stream of streams) {
    for (const op of stream.matchAll(/\[((?:<[0-9A-Fa-f]*>|-?[\d.]+|\s)*)\]\s*TJ|<([0-9A-Fa-f]*)>\s*Tj/g)) {
      const hex = op[1] !== undefined ? [...op[1].matchAll(/<([0-9A-Fa-f]*)>/g)].map((m) => m[1]).join("") : op[2];
      for (const { map, width } of maps) {
        const codes = hex.match(new RegExp(`.{${width}}`, "g")) ?? [];
        const chars = codes.map((c) => map.get(parseInt(c, 16)));
        if (chars.length && chars.every((c) => c !== undefined)) texts.push(chars.join(""));
      }
    }
  }
  return texts;
}
