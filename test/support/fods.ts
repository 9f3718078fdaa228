import { serialFromIso } from "../../src/engine/dates";

/**
 * A flat OpenDocument spreadsheet (.fods, as LibreOffice saves one) read for what a recipient sees:
 * each sheet's cells (value, the text shown, the formula if any, whether it is an error, whether it
 * belongs to an array formula), the named ranges, and the embedded charts.
 */

export interface OdsCell {
  /** A number (a date as its serial), text, a boolean, or null for an empty cell. */
  value: number | string | boolean | null;
  text: string;
  formula?: string;
  error: boolean;
  /** The anchor of an array formula (LibreOffice's matrix), or a cell inside one. */
  inArray: boolean;
}

export interface OdsSheet {
  name: string;
  cells: Map<string, OdsCell>;
}

export interface OdsChart {
  name: string;
  /** The cell ranges the chart reads ("'Deal RevShare'.D22:'Deal RevShare'.D29 ..."). */
  ranges: string;
}

export interface OdsDocument {
  sheets: OdsSheet[];
  names: { name: string; range: string }[];
  charts: OdsChart[];
}

const decode = (text: string) =>
  text
    .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_m, n?: string) => " ".repeat(Number(n ?? 1)))
    .replace(/<text:tab\/>/g, "\t")
    .replace(/<[^>]+>/g, "")
    .replace(/&(quot|apos|lt|gt|amp);/g, (_m, e: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[e]!);

const attribute = (tag: string, name: string) => {
  const found = new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
  return found === undefined ? undefined : decode(found);
};

function columnName(index: number): string {
  let n = index + 1;
  let name = "";
  while (n > 0) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function cellOf(tag: string, body: string): OdsCell | undefined {
  const type = attribute(tag, "office:value-type");
  const text = [...body.matchAll(/<text:p>([\s\S]*?)<\/text:p>|<text:p\/>/g)].map((m) => decode(m[1] ?? "")).join("\n");
  const formula = attribute(tag, "table:formula");
  const error = attribute(tag, "calcext:value-type") === "error";
  if (!type && !formula) return undefined;
  let value: OdsCell["value"] = null;
  if (type === "float" || type === "percentage" || type === "currency") value = Number(attribute(tag, "office:value"));
  else if (type === "date") value = serialFromIso(attribute(tag, "office:date-value")!.slice(0, 10));
  else if (type === "boolean") value = attribute(tag, "office:boolean-value") === "true";
  else if (type === "string") value = attribute(tag, "office:string-value") ?? text;
  const cell: OdsCell = { value, text, error, inArray: false };
  if (formula) cell.formula = formula;
  return cell;
}

export function readFods(xml: string): OdsDocument {
  const charts: OdsChart[] = [];
  // Charts are whole documents inside their frames (with tables of their own): taken out first.
  const body = xml.replace(/<draw:frame\b([^>]*)>([\s\S]*?)<\/draw:frame>/g, (_m, frame: string, inner: string) => {
    if (/<chart:chart\b/.test(inner)) {
      charts.push({ name: attribute(frame, "draw:name") ?? "", ranges: attribute(inner, "draw:notify-on-update-of-ranges") ?? "" });
    }
    return "";
  });
  const sheets: OdsSheet[] = [];
  for (const table of body.matchAll(/<table:table table:name="([^"]*)"[^>]*>([\s\S]*?)<\/table:table>/g)) {
    const cells = new Map<string, OdsCell>();
    const arrays: { top: number; left: number; rows: number; columns: number }[] = [];
    let row = 0;
    for (const r of table[2].matchAll(/<table:table-row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
      const rowRepeat = Number(attribute(r[1], "table:number-rows-repeated") ?? 1);
      let col = 0;
      for (const c of (r[2] ?? "").matchAll(
        /<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g,
      )) {
        const repeat = Number(attribute(c[1], "table:number-columns-repeated") ?? 1);
        const cell = cellOf(c[1], c[2] ?? "");
        if (cell && repeat < 1000) {
          for (let i = 0; i < repeat; i++) cells.set(`${columnName(col + i)}${row + 1}`, { ...cell });
        }
        const spanned = attribute(c[1], "table:number-matrix-columns-spanned");
        if (spanned)
          arrays.push({ top: row, left: col, columns: Number(spanned), rows: Number(attribute(c[1], "table:number-matrix-rows-spanned")) });
        col += repeat;
      }
      row += rowRepeat;
    }
    for (const a of arrays) {
      for (let r = a.top; r < a.top + a.rows; r++) {
        for (let c = a.left; c < a.left + a.columns; c++) {
          const cell = cells.get(`${columnName(c)}${r + 1}`);
          if (cell) cell.inArray = true;
        }
      }
    }
    sheets.push({ name: decode(table[1]), cells });
  }
  const names = [...body.matchAll(/<table:named-range\b([^>]*)\/>/g)].map((m) => ({
    name: attribute(m[1], "table:name")!,
    range: attribute(m[1], "table:cell-range-address")!,
  }));
  return { sheets, names, charts };
}
