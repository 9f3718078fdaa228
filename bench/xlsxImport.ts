import { Workbook } from "exceljs";
import { importXlsx } from "../src/preview/xlsx";
import { EmbeddedWorkbook } from "../src/workbook/embedded/embeddedWorkbook";

/**
 * How long the preview takes to open an .xlsx of n rows (a number, a formula on it and a text per row),
 * split into reading the file (exceljs, `importXlsx`) and loading it into the embedded workbook
 * (`EmbeddedWorkbook.load`). Prints one line per size; the time per cell should stay flat as n grows.
 *
 *   npx tsc -p bench/tsconfig.json && node bench/build/bench/xlsxImport.js [rows ...]
 */

async function fileOf(rows: number): Promise<Uint8Array> {
  const book = new Workbook();
  const ws = book.addWorksheet("Data");
  for (let r = 1; r <= rows; r++) {
    ws.getCell(r, 1).value = r;
    ws.getCell(r, 2).value = { formula: `A${r}*2`, result: r * 2 } as never;
    ws.getCell(r, 3).value = `row ${r}`;
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const rowsList = sizes.length ? sizes : [5000, 10000, 20000, 40000, 100000];
  const source = { metadata: { functions: [] }, implementations: new Map() };
  console.log("rows     cells     file      read (ms)  load (ms)  µs per cell");
  for (const rows of rowsList) {
    const bytes = await fileOf(rows);
    const started = performance.now();
    const data = await importXlsx(bytes);
    const read = performance.now() - started;
    const workbook = new EmbeddedWorkbook(source);
    const loading = performance.now();
    workbook.load(data);
    const load = performance.now() - loading;
    const cells = rows * 3;
    console.log(
      [
        String(rows).padEnd(8),
        String(cells).padEnd(9),
        `${(bytes.length / 1e6).toFixed(2)} MB`.padEnd(9),
        read.toFixed(0).padStart(9),
        load.toFixed(0).padStart(10),
        (((read + load) * 1000) / cells).toFixed(1).padStart(12),
      ].join(" "),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
