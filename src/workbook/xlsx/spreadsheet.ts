import { absoluteReference, blockAddress, cellAddress } from "../a1";
import { CellRole } from "../types";
import { GENERAL, ROLE_STYLES } from "../styles";
import { DRAWING_RELATIONSHIP, PlacedChart, relationshipsXml, sheetDrawing } from "./charts";
import { escapeXml, XML_DECLARATION, xmlNumber } from "./xml";
import { ZipEntry, zipStored } from "./zip";

/**
 * A small SpreadsheetML writer (ECMA-376 Part 1 §18, the workbook, worksheet and styles parts) for a
 * workbook of values: numbers, text, booleans and error values with number formats, the model's cell
 * styles, column widths, defined names and native charts (charts.ts). No formulas, no shared strings
 * (text is written inline), nothing hidden. Pure: the add-in's pane and the preview both use it.
 */

export type XlsxValue = number | string | boolean | { error: string };

export interface XlsxCell {
  row: number;
  col: number;
  value: XlsxValue;
  /** A number format code (FORMAT_CODES); General when absent, and always for a boolean. */
  format?: string;
  style?: CellRole;
}

export interface XlsxSheet {
  name: string;
  cells: XlsxCell[];
  /** Column widths in characters of the default font, by column index. */
  columnWidths: (number | undefined)[];
  charts: PlacedChart[];
}

export interface XlsxBook {
  sheets: XlsxSheet[];
  /** Workbook names; `address` is on the named sheet ("B4", "A22:A27"). */
  names: { name: string; sheet: string; address: string }[];
  /** The document's title and author (docProps/core.xml). */
  title: string;
  creator: string;
}

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** Built-in number formats (§18.8.30): General and Text. */
const BUILT_IN_FORMATS: Record<string, number> = { [GENERAL]: 0, "@": 49 };
const FIRST_CUSTOM_FORMAT = 164;

/** Column width as a file stores it: characters plus the cell's padding (5 pixels of a 7-pixel digit). */
function storedWidth(characters: number): number {
  return Math.round((characters + 5 / 7) * 256) / 256;
}

class Styles {
  private readonly formats = new Map<string, number>();
  private readonly fonts: string[] = [];
  private readonly fills: string[] = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  private readonly xfs: string[] = [];
  private readonly xfIndex = new Map<string, number>();

  constructor() {
    this.index(GENERAL, undefined);
  }

  /** The cellXfs index for a format code and a role. */
  index(format: string, role: CellRole | undefined): number {
    const key = `${role ?? "plain"}\u0000${format}`;
    const known = this.xfIndex.get(key);
    if (known !== undefined) return known;
    const style = ROLE_STYLES[role ?? "plain"];
    const font =
      `<font>${style.bold ? "<b/>" : ""}${style.italic ? "<i/>" : ""}<sz val="${style.size}"/>` +
      `<color rgb="${argb(style.color)}"/><name val="Calibri"/><family val="2"/></font>`;
    const fontId = this.add(this.fonts, font);
    const fillId = style.fill
      ? this.add(
          this.fills,
          `<fill><patternFill patternType="solid"><fgColor rgb="${argb(style.fill)}"/><bgColor indexed="64"/></patternFill></fill>`,
        )
      : 0;
    let numFmtId = BUILT_IN_FORMATS[format] ?? this.formats.get(format);
    if (numFmtId === undefined) {
      numFmtId = FIRST_CUSTOM_FORMAT + this.formats.size;
      this.formats.set(format, numFmtId);
    }
    const id = this.xfs.length;
    this.xfs.push(
      `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"` +
        ` applyNumberFormat="1" applyFont="1" applyFill="1"/>`,
    );
    this.xfIndex.set(key, id);
    return id;
  }

  private add(list: string[], xml: string): number {
    const at = list.indexOf(xml);
    if (at >= 0) return at;
    list.push(xml);
    return list.length - 1;
  }

  xml(): string {
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join("");
    return (
      `${XML_DECLARATION}<styleSheet xmlns="${NS_MAIN}">` +
      (this.formats.size ? `<numFmts count="${this.formats.size}">${formats}</numFmts>` : "") +
      `<fonts count="${this.fonts.length}">${this.fonts.join("")}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join("")}</fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `</styleSheet>`
    );
  }
}

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

function cellXml(cell: XlsxCell, styles: Styles): string {
  const ref = cellAddress(cell);
  const { value } = cell;
  const format = typeof value === "boolean" ? GENERAL : (cell.format ?? GENERAL);
  const s = styles.index(format, cell.style);
  const style = s ? ` s="${s}"` : "";
  if (typeof value === "number") return `<c r="${ref}"${style}><v>${xmlNumber(value)}</v></c>`;
  if (typeof value === "boolean") return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === "string") return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  return `<c r="${ref}"${style} t="e"><v>${escapeXml(value.error)}</v></c>`;
}

function worksheetXml(sheet: XlsxSheet, styles: Styles, selected: boolean, drawingRelId?: string): string {
  const cells = [...sheet.cells].sort((a, b) => a.row - b.row || a.col - b.col);
  const rows: string[] = [];
  let current = -1;
  let row = "";
  for (const cell of cells) {
    if (cell.row !== current) {
      if (current >= 0) rows.push(`<row r="${current + 1}">${row}</row>`);
      current = cell.row;
      row = "";
    }
    row += cellXml(cell, styles);
  }
  if (current >= 0) rows.push(`<row r="${current + 1}">${row}</row>`);
  const bottom = Math.max(0, ...cells.map((c) => c.row));
  const right = Math.max(0, ...cells.map((c) => c.col));
  const columns = sheet.columnWidths
    .map((width, col) =>
      width === undefined ? "" : `<col min="${col + 1}" max="${col + 1}" width="${storedWidth(width)}" customWidth="1"/>`,
    )
    .join("");
  return (
    `${XML_DECLARATION}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}">` +
    // Printed (or made a PDF) one page wide, landscape: a schedule and its chart side by side.
    `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<dimension ref="${blockAddress({ top: 0, left: 0, bottom, right })}"/>` +
    `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ""}/></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    (columns ? `<cols>${columns}</cols>` : "") +
    `<sheetData>${rows.join("")}</sheetData>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>` +
    `<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>` +
    (drawingRelId ? `<drawing r:id="${drawingRelId}"/>` : "") +
    `</worksheet>`
  );
}

/** The workbook as an .xlsx file. */
export function writeXlsx(book: XlsxBook): Uint8Array {
  if (book.sheets.length === 0) throw new Error("A workbook needs at least one sheet.");
  const styles = new Styles();
  const parts: ZipEntry[] = [];
  const overrides: { partName: string; contentType: string }[] = [];
  let charts = 0;
  let drawings = 0;
  book.sheets.forEach((sheet, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    let drawingRelId: string | undefined;
    if (sheet.charts.length) {
      const drawing = sheetDrawing(sheet.charts, ++drawings, charts + 1);
      charts += sheet.charts.length;
      parts.push(...drawing.parts);
      overrides.push(...drawing.overrides);
      drawingRelId = "rId1";
      parts.push({
        path: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
        data: relationshipsXml([{ id: drawingRelId, type: DRAWING_RELATIONSHIP, target: `../drawings/drawing${drawings}.xml` }]),
      });
    }
    parts.push({ path, data: worksheetXml(sheet, styles, i === 0, drawingRelId) });
    overrides.push({ partName: `/${path}`, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml" });
  });

  const sheetNames = new Set(book.sheets.map((s) => s.name));
  const names = book.names
    .filter((n) => sheetNames.has(n.sheet))
    .map((n) => `<definedName name="${escapeXml(n.name)}">${escapeXml(absoluteReference(n.sheet, n.address))}</definedName>`)
    .join("");
  const workbook =
    `${XML_DECLARATION}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><workbookPr/>` +
    `<bookViews><workbookView activeTab="0"/></bookViews><sheets>` +
    book.sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
    `</sheets>${names ? `<definedNames>${names}</definedNames>` : ""}<calcPr calcId="191029"/></workbook>`;
  const workbookRels = relationshipsXml([
    ...book.sheets.map((_, i) => ({ id: `rId${i + 1}`, type: `${REL}/worksheet`, target: `worksheets/sheet${i + 1}.xml` })),
    { id: `rId${book.sheets.length + 1}`, type: `${REL}/styles`, target: "styles.xml" },
  ]);
  const core =
    `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
    ` xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(book.title)}</dc:title>` +
    `<dc:creator>${escapeXml(book.creator)}</dc:creator></cp:coreProperties>`;
  const app =
    `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
    `<Application>${escapeXml(book.creator)}</Application></Properties>`;
  const types =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
    overrides.map((o) => `<Override PartName="${o.partName}" ContentType="${o.contentType}"/>`).join("") +
    `</Types>`;
  const packageRels = relationshipsXml([
    { id: "rId1", type: `${REL}/officeDocument`, target: "xl/workbook.xml" },
    {
      id: "rId2",
      type: "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
      target: "docProps/core.xml",
    },
    { id: "rId3", type: `${REL}/extended-properties`, target: "docProps/app.xml" },
  ]);
  return zipStored([
    { path: "[Content_Types].xml", data: types },
    { path: "_rels/.rels", data: packageRels },
    { path: "docProps/core.xml", data: core },
    { path: "docProps/app.xml", data: app },
    { path: "xl/workbook.xml", data: workbook },
    { path: "xl/_rels/workbook.xml.rels", data: workbookRels },
    // Written last: every cell's style has been collected by then.
    ...parts,
    { path: "xl/styles.xml", data: styles.xml() },
  ]);
}

/** A column's width from the longest text shown in it: room for two more characters, 9 to 48 characters. */
export function columnWidthFor(longestText: number): number {
  return Math.min(Math.max(longestText + 2, 9), 48);
}
