import { Workbook } from "exceljs";
import JSZip from "jszip";

/**
 * An .xlsx file as a test reads it back: the cells through exceljs (an independent reader), and the
 * chart parts from the package itself (exceljs reads none): for each chart, the sheet it is on, its
 * kind, title and series references with their cached values.
 */

export interface ChartInPackage {
  sheet: string;
  path: string;
  kind: string;
  title: string;
  categories: string;
  series: { name: string; ref: string; values: number[] }[];
}

export interface Package {
  book: Workbook;
  zip: JSZip;
  charts: ChartInPackage[];
}

const decode = (text: string) =>
  text.replace(/&(quot|apos|lt|gt|amp);/g, (_m, e: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[e]!);

function relationships(xml: string | undefined): Map<string, string> {
  return new Map([...(xml ?? "").matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
}

/** "xl/worksheets/sheet1.xml" + "../drawings/drawing1.xml" -> "xl/drawings/drawing1.xml". */
function resolve(from: string, target: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const piece of target.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

function chartOf(xml: string, sheet: string, path: string): ChartInPackage {
  const kind = /<c:(bar|line|area|pie)Chart>/.exec(xml)?.[1] ?? "unknown";
  const barDir = /<c:barDir val="(\w+)"/.exec(xml)?.[1];
  const title = /<c:title>[\s\S]*?<a:t>([^<]*)<\/a:t>/.exec(xml)?.[1] ?? "";
  const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => {
    const name = /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)?.[1] ?? "";
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)![1];
    return {
      name: decode(name),
      ref: decode(/<c:f>([^<]*)<\/c:f>/.exec(val)![1]),
      values: [...val.matchAll(/<c:v>([^<]*)<\/c:v>/g)].map((m) => Number(m[1])),
    };
  });
  const categories = decode(/<c:cat>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(xml)?.[1] ?? "");
  return { sheet, path, kind: kind === "bar" ? (barDir === "bar" ? "bar" : "column") : kind, title: decode(title), categories, series };
}

export async function readPackage(bytes: Uint8Array): Promise<Package> {
  const book = new Workbook();
  await book.xlsx.load(bytes as never);
  const zip = await JSZip.loadAsync(bytes);
  const text = async (path: string) => zip.file(path)?.async("string");
  const workbookXml = (await text("xl/workbook.xml"))!;
  const workbookRels = relationships(await text("xl/_rels/workbook.xml.rels"));
  const charts: ChartInPackage[] = [];
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"/g)) {
    const sheetPath = resolve("xl/workbook.xml", workbookRels.get(m[2])!);
    const sheetRels = relationships(await text(sheetPath.replace(/([^/]+)$/, "_rels/$1.rels")));
    const drawingId = /<drawing r:id="([^"]+)"/.exec((await text(sheetPath))!)?.[1];
    if (!drawingId) continue;
    const drawingPath = resolve(sheetPath, sheetRels.get(drawingId)!);
    const drawingRels = relationships(await text(drawingPath.replace(/([^/]+)$/, "_rels/$1.rels")));
    for (const chart of (await text(drawingPath))!.matchAll(/<c:chart\b[^>]*r:id="([^"]+)"/g)) {
      const chartPath = resolve(drawingPath, drawingRels.get(chart[1])!);
      charts.push(chartOf((await text(chartPath))!, decode(m[1]), chartPath));
    }
  }
  return { book, zip, charts };
}

/** Every formula in the package's sheets. */
export function formulasOf(book: Workbook): string[] {
  const formulas: string[] = [];
  book.eachSheet((ws) =>
    ws.eachRow((row) => row.eachCell((cell) => (cell.formula ? formulas.push(`${ws.name}!${cell.address}`) : undefined))),
  );
  return formulas;
}
