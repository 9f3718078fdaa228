import { absoluteReference, Block, Cell, cellAddress } from "../a1";
import { seriesColumnsOf } from "../sheetSpec";
import { ChartSpec } from "../types";
import { escapeXml, XML_DECLARATION, xmlNumber } from "./xml";
import { ZipEntry } from "./zip";

/**
 * Native Excel charts as package parts, for both the shared values workbook (spreadsheet.ts) and the
 * preview's ordinary export (which exceljs writes without charts): one chart part per chart and one
 * drawing part per sheet that places them.
 *
 * They follow ECMA-376 Part 1 (5th edition): §21.2 DrawingML – Charts for the chart part (`c:chartSpace`,
 * with `c:barChart`, `c:lineChart`, `c:areaChart` and `c:pieChart`, their series, category and value
 * axes; the elements in the order of the schema's sequences, as Excel requires), and §20.5 DrawingML –
 * SpreadsheetML Drawing for the drawing part (`xdr:wsDr`, a `xdr:oneCellAnchor` per chart holding a
 * `xdr:graphicFrame`). Each series carries its cell references and a cache of their values, so a reader
 * that does not recalculate still draws the chart.
 */

export type ChartKind = ChartSpec["type"];

export interface ChartCategories {
  /** Sheet-qualified absolute reference: `'Deal RevShare'!$D$22:$D$29`. */
  ref: string;
  values: (string | number | null)[];
  /** Set for numeric categories (dates): their number format code; text categories have none. */
  numberFormat?: string;
}

export interface ChartSeriesData {
  name: string;
  /** The header cell the name comes from, when there is one. */
  nameRef?: string;
  ref: string;
  values: (number | null)[];
  numberFormat?: string;
}

export interface ChartData {
  kind: ChartKind;
  title: string;
  categories: ChartCategories;
  series: ChartSeriesData[];
}

export interface PlacedChart {
  chart: ChartData;
  /** The chart's name in the workbook (Excel's chart name; the add-in finds its charts by it). */
  name: string;
  /** Top-left cell. */
  anchor: Cell;
  widthPoints: number;
  heightPoints: number;
}

/** What a chart reads from a cell: its value (an error as its code) and number format code. */
export interface ChartCell {
  value: number | string | boolean | null | { error: string };
  format?: string;
}

/**
 * A chart of the model as data: `range` is the chart's block on `sheet` as it stands (header row first,
 * the categories in its first column; a spill's block as it spilled), `read` gives a cell of that sheet.
 */
export function chartDataOf(spec: ChartSpec, sheet: string, range: Block, read: (row: number, col: number) => ChartCell): ChartData {
  const columnRef = (col: number) =>
    absoluteReference(
      sheet,
      `${cellAddress({ row: range.top + 1, col })}:${cellAddress({ row: Math.max(range.bottom, range.top + 1), col })}`,
    );
  const rows = Array.from({ length: Math.max(range.bottom - range.top, 0) }, (_, i) => range.top + 1 + i);
  const categoryCells = rows.map((row) => read(row, range.left));
  const dated = categoryCells.some(
    (c) => typeof c.value === "number" && c.format !== undefined && /[dmy]/i.test(c.format.replace(/"[^"]*"/g, "")),
  );
  const categories: ChartCategories = {
    ref: columnRef(range.left),
    values: categoryCells.map((c) =>
      c.value === null || typeof c.value === "object" ? null : typeof c.value === "boolean" ? String(c.value).toUpperCase() : c.value,
    ),
  };
  if (dated) categories.numberFormat = categoryCells.find((c) => typeof c.value === "number")?.format;
  else categories.values = categories.values.map((v) => (v === null ? null : String(v)));
  const series = seriesColumnsOf(spec, range.right - range.left + 1).map((offset, i) => {
    const col = range.left + offset;
    const header = read(range.top, col).value;
    const name = spec.seriesNames?.[i] ?? (typeof header === "string" && header ? header : `Series ${i + 1}`);
    const cells = rows.map((row) => read(row, col));
    const data: ChartSeriesData = {
      name,
      ref: columnRef(col),
      values: cells.map((c) => (typeof c.value === "number" ? c.value : null)),
    };
    if (header === name) data.nameRef = absoluteReference(sheet, cellAddress({ row: range.top, col }));
    const format = cells.find((c) => typeof c.value === "number")?.format;
    if (format) data.numberFormat = format;
    return data;
  });
  return { kind: spec.type, title: spec.title, categories, series };
}

export const CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
export const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
export const DRAWING_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
const CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
const NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const EMU_PER_POINT = 12700;
const CATEGORY_AXIS = 500000001;
const VALUE_AXIS = 500000002;

const val = (element: string, value: string | number) => `<c:${element} val="${escapeXml(String(value))}"/>`;

/**
 * Colours are written out, not left to the theme: the package has no theme part, and a reader that
 * takes series colours from one (LibreOffice) would otherwise draw nothing. Excel's Office palette.
 */
const PALETTE = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "264478", "9E480E", "636363", "997300"];
const colour = (i: number) => PALETTE[i % PALETTE.length];
const fill = (rgb: string) => `<a:solidFill><a:srgbClr val="${rgb}"/></a:solidFill>`;
const line = (rgb: string, width = 9525) => `<a:ln w="${width}">${fill(rgb)}</a:ln>`;
const shape = (inner: string) => `<c:spPr>${inner}</c:spPr>`;
const textProperties = (size: number, rgb: string) =>
  `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size * 100}">${fill(rgb)}</a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;

function richText(text: string, size: number, bold: boolean): string {
  const run = `<a:rPr lang="en-US" sz="${size * 100}" b="${bold ? 1 : 0}"/>`;
  return (
    `<c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size * 100}" b="${bold ? 1 : 0}"/></a:pPr>` +
    `<a:r>${run}<a:t>${escapeXml(text)}</a:t></a:r></a:p></c:rich>`
  );
}

function numberCache(values: (number | null)[], numberFormat = "General"): string {
  const points = values
    .map((v, i) => (typeof v === "number" && Number.isFinite(v) ? `<c:pt idx="${i}"><c:v>${xmlNumber(v)}</c:v></c:pt>` : ""))
    .join("");
  return `<c:numCache><c:formatCode>${escapeXml(numberFormat)}</c:formatCode><c:ptCount val="${values.length}"/>${points}</c:numCache>`;
}

function stringCache(values: (string | number | null)[]): string {
  const points = values
    .map((v, i) => (v === null || v === "" ? "" : `<c:pt idx="${i}"><c:v>${escapeXml(String(v))}</c:v></c:pt>`))
    .join("");
  return `<c:strCache><c:ptCount val="${values.length}"/>${points}</c:strCache>`;
}

function categoriesXml(categories: ChartCategories): string {
  const numeric = categories.numberFormat !== undefined && categories.values.every((v) => v === null || typeof v === "number");
  const ref = `<c:f>${escapeXml(categories.ref)}</c:f>`;
  return numeric
    ? `<c:cat><c:numRef>${ref}${numberCache(categories.values as (number | null)[], categories.numberFormat)}</c:numRef></c:cat>`
    : `<c:cat><c:strRef>${ref}${stringCache(categories.values)}</c:strRef></c:cat>`;
}

function seriesXml(chart: ChartData, series: ChartSeriesData, index: number): string {
  const name = series.nameRef
    ? `<c:tx><c:strRef><c:f>${escapeXml(series.nameRef)}</c:f>${stringCache([series.name])}</c:strRef></c:tx>`
    : `<c:tx><c:v>${escapeXml(series.name)}</c:v></c:tx>`;
  const values = `<c:val><c:numRef><c:f>${escapeXml(series.ref)}</c:f>${numberCache(series.values, series.numberFormat)}</c:numRef></c:val>`;
  // Each kind's series has its own sequence (CT_BarSer, CT_LineSer, CT_AreaSer, CT_PieSer, §21.2.2).
  const head = `${val("idx", index)}${val("order", index)}${name}`;
  const body = `${categoriesXml(chart.categories)}${values}`;
  switch (chart.kind) {
    case "column":
    case "bar":
      return `<c:ser>${head}${shape(fill(colour(index)))}${val("invertIfNegative", 0)}${body}</c:ser>`;
    case "line":
      return `<c:ser>${head}${shape(line(colour(index), 28575))}<c:marker>${val("symbol", "none")}</c:marker>${body}${val("smooth", 0)}</c:ser>`;
    case "area":
      return `<c:ser>${head}${shape(fill(colour(index)))}${body}</c:ser>`;
    case "pie": {
      // One colour a slice (CT_DPt), white between slices.
      const slices = chart.categories.values
        .map((_, i) => `<c:dPt>${val("idx", i)}${val("bubble3D", 0)}${shape(fill(colour(i)) + line("FFFFFF", 19050))}</c:dPt>`)
        .join("");
      return `<c:ser>${head}${slices}${body}</c:ser>`;
    }
  }
}

function axesXml(chart: ChartData): string {
  const horizontal = chart.kind === "bar";
  const categoryFormat = chart.categories.numberFormat
    ? `<c:numFmt formatCode="${escapeXml(chart.categories.numberFormat)}" sourceLinked="1"/>`
    : "";
  // The values' own format without its decimals: $25,000,000,000 rather than $25,000,000,000.00 a gridline.
  const valueCode = (chart.series[0]?.numberFormat ?? "General").replace(/\.0+/g, "");
  const valueFormat = `<c:numFmt formatCode="${escapeXml(valueCode)}" sourceLinked="0"/>`;
  const ticks = `${val("majorTickMark", "out")}${val("minorTickMark", "none")}${val("tickLblPos", "nextTo")}${shape(line("BFBFBF"))}`;
  const scaling = `<c:scaling>${val("orientation", "minMax")}</c:scaling>${val("delete", 0)}`;
  const category =
    `<c:catAx>${val("axId", CATEGORY_AXIS)}${scaling}${val("axPos", horizontal ? "l" : "b")}${categoryFormat}${ticks}` +
    `${val("crossAx", VALUE_AXIS)}${val("crosses", "autoZero")}${val("auto", 0)}${val("lblAlgn", "ctr")}${val("lblOffset", 100)}` +
    `${val("noMultiLvlLbl", 0)}</c:catAx>`;
  const value =
    `<c:valAx>${val("axId", VALUE_AXIS)}${scaling}${val("axPos", horizontal ? "b" : "l")}<c:majorGridlines>${shape(line("D9D9D9"))}</c:majorGridlines>${valueFormat}${ticks}` +
    `${val("crossAx", CATEGORY_AXIS)}${val("crosses", "autoZero")}${val("crossBetween", chart.kind === "area" ? "midCat" : "between")}</c:valAx>`;
  return category + value;
}

function plotXml(chart: ChartData): string {
  const series = chart.series.map((s, i) => seriesXml(chart, s, i)).join("");
  const axisIds = `${val("axId", CATEGORY_AXIS)}${val("axId", VALUE_AXIS)}`;
  switch (chart.kind) {
    case "column":
    case "bar":
      return (
        `<c:barChart>${val("barDir", chart.kind === "bar" ? "bar" : "col")}${val("grouping", "clustered")}${val("varyColors", 0)}` +
        `${series}${val("gapWidth", 150)}${axisIds}</c:barChart>${axesXml(chart)}`
      );
    case "line":
      return `<c:lineChart>${val("grouping", "standard")}${val("varyColors", 0)}${series}${val("marker", 1)}${axisIds}</c:lineChart>${axesXml(chart)}`;
    case "area":
      return `<c:areaChart>${val("grouping", "standard")}${val("varyColors", 0)}${series}${axisIds}</c:areaChart>${axesXml(chart)}`;
    case "pie":
      return `<c:pieChart>${val("varyColors", 1)}${series}${val("firstSliceAng", 0)}</c:pieChart>`;
  }
}

/** The chart part (`xl/charts/chartN.xml`). */
export function chartSpaceXml(chart: ChartData): string {
  return (
    `${XML_DECLARATION}<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">` +
    `${val("date1904", 0)}${val("roundedCorners", 0)}` +
    `<c:chart><c:title><c:tx>${richText(chart.title, 14, true)}</c:tx><c:overlay val="0"/></c:title>${val("autoTitleDeleted", 0)}` +
    `<c:plotArea><c:layout/>${plotXml(chart)}</c:plotArea>` +
    `<c:legend>${val("legendPos", chart.kind === "pie" ? "r" : "b")}<c:overlay val="0"/></c:legend>` +
    `${val("plotVisOnly", 1)}${val("dispBlanksAs", "gap")}</c:chart>` +
    `${shape(fill("FFFFFF") + line("D9D9D9"))}${textProperties(9, "595959")}</c:chartSpace>`
  );
}

function anchorXml(placed: PlacedChart, id: number, relId: string): string {
  const { anchor } = placed;
  return (
    `<xdr:oneCellAnchor><xdr:from><xdr:col>${anchor.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${anchor.row}</xdr:row>` +
    `<xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${Math.round(placed.widthPoints * EMU_PER_POINT)}" cy="${Math.round(placed.heightPoints * EMU_PER_POINT)}"/>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id}" name="${escapeXml(placed.name)}"/><xdr:cNvGraphicFramePr/>` +
    `</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" xmlns:r="${NS_R}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`
  );
}

export function relationshipsXml(relationships: { id: string; type: string; target: string }[]): string {
  const items = relationships.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeXml(r.target)}"/>`).join("");
  return `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

export interface SheetDrawing {
  /** The parts to add: the drawing, its relationships, and one part per chart. */
  parts: ZipEntry[];
  /** The drawing part's path, for the sheet's relationship (`../drawings/drawingN.xml` from the sheet). */
  drawingPath: string;
  /** Content-type overrides for the new parts: part name ("/xl/charts/chart1.xml") and type. */
  overrides: { partName: string; contentType: string }[];
}

/**
 * The parts that place `charts` on one sheet: `xl/drawings/drawing<drawingNumber>.xml` and
 * `xl/charts/chart<n>.xml` for n from `firstChartNumber`.
 */
export function sheetDrawing(charts: PlacedChart[], drawingNumber: number, firstChartNumber: number): SheetDrawing {
  const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
  const parts: ZipEntry[] = [];
  const overrides: SheetDrawing["overrides"] = [{ partName: `/${drawingPath}`, contentType: DRAWING_CONTENT_TYPE }];
  const relationships = charts.map((placed, i) => {
    const chartPath = `xl/charts/chart${firstChartNumber + i}.xml`;
    parts.push({ path: chartPath, data: chartSpaceXml(placed.chart) });
    overrides.push({ partName: `/${chartPath}`, contentType: CHART_CONTENT_TYPE });
    return { id: `rId${i + 1}`, type: CHART_RELATIONSHIP, target: `../charts/chart${firstChartNumber + i}.xml` };
  });
  const anchors = charts.map((placed, i) => anchorXml(placed, i + 2, relationships[i].id)).join("");
  parts.unshift(
    { path: drawingPath, data: `${XML_DECLARATION}<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}">${anchors}</xdr:wsDr>` },
    { path: `xl/drawings/_rels/drawing${drawingNumber}.xml.rels`, data: relationshipsXml(relationships) },
  );
  return { parts, drawingPath, overrides };
}
