import { Cell, cellAddress, columnLetters, parseCell } from "../workbook/a1";
import { CellView, EmbeddedWorkbook } from "../workbook/embedded/embeddedWorkbook";
import { isErrorValue } from "../workbook/embedded/formats";
import { ChartLayer } from "./charts";

/**
 * The workbook side of the preview: sheet tabs, a grid of formatted values, the formula bar, editing,
 * and the charts placed at their anchors. Everything it shows comes from the EmbeddedWorkbook, and every
 * edit goes back through it (so the pane hears about named cells changed here, as it would in Excel).
 */

/** The grid draws at most this many rows; longer schedules stay whole in the workbook and the .xlsx. */
export const MAX_DRAWN_ROWS = 2000;
const MAX_DRAWN_COLUMNS = 60;
const MIN_ROWS = 40;
const MIN_COLUMNS = 12;
const ROW_HEADER_WIDTH = 44;
/**
 * The grid puts in the page the rows in view and this many either side; rows scrolled past above stand
 * as one spacer. A long schedule's thousand rows laid out at once took a quarter of a second on every
 * change of the sheet.
 */
const ROWS_AHEAD = 40;
/** A grid row's height in pixels until one is measured (20 px and its border). */
const ROW_PITCH = 21;

/** What the grid draws of its sheet, read from the workbook at the last render. */
interface GridContents {
  rows: number;
  columns: number;
  cells: (CellView | undefined)[][];
  widths: number[];
}

export class SheetView {
  private activeSheet: string;
  private selected: Cell = { row: 0, col: 0 };
  private editor?: HTMLInputElement;
  private readonly tabs: HTMLElement;
  private readonly nameBox: HTMLOutputElement;
  private readonly formulaInput: HTMLInputElement;
  private readonly scroller: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly notice: HTMLElement;
  private readonly charts: ChartLayer;
  private readonly stopListening: () => void;
  private drawn = { rows: 0, columns: 0 };
  private contents: GridContents = { rows: 0, columns: 0, cells: [], widths: [] };
  /** The grid's scroll position as its last scroll event said: reading the element's would lay the page out. */
  private scrolledTo = 0;
  private chartsPending = false;
  /** The first sheet row drawn (0 is row 1); the rows above it stand as one spacer row. */
  private firstRow = 0;
  private rowPitch = ROW_PITCH;
  /** Rows of the sheet in the page, from `firstRow`; the spacers that stand for the rows above and below them. */
  private drawnCount = 0;
  private above?: HTMLTableRowElement;
  private below?: HTMLTableRowElement;
  private disposed = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly workbook: EmbeddedWorkbook,
    activeSheet?: string,
  ) {
    this.activeSheet = activeSheet && workbook.sheetNames().includes(activeSheet) ? activeSheet : workbook.sheetNames()[0];
    root.classList.add("sheet-view");
    root.innerHTML = `
      <div class="formula-bar">
        <output class="name-box" data-testid="name-box" aria-label="Selected cell"></output>
        <span class="fx" aria-hidden="true">fx</span>
        <input class="formula-input" data-testid="formula-bar" aria-label="Contents of the selected cell" spellcheck="false" autocomplete="off" />
      </div>
      <div class="grid-scroll" data-testid="grid-scroll" tabindex="0" aria-label="Sheet grid">
        <table class="sheet-grid" data-testid="grid" role="grid"></table>
        <div class="chart-layer" data-testid="charts"></div>
      </div>
      <p class="grid-notice" data-testid="grid-notice" hidden></p>
      <div class="sheet-tabs" role="tablist" aria-label="Sheets" data-testid="sheet-tabs"></div>`;
    this.nameBox = root.querySelector(".name-box")!;
    this.formulaInput = root.querySelector(".formula-input")!;
    this.scroller = root.querySelector(".grid-scroll")!;
    this.table = root.querySelector(".sheet-grid")!;
    this.notice = root.querySelector(".grid-notice")!;
    this.tabs = root.querySelector(".sheet-tabs")!;
    this.charts = new ChartLayer(root.querySelector(".chart-layer")!);

    this.table.addEventListener("mousedown", (e) => this.onMouseDown(e));
    this.table.addEventListener("dblclick", (e) => {
      const ref = this.cellOf(e.target);
      if (ref) this.startEditing(undefined);
    });
    this.scroller.addEventListener("keydown", (e) => this.onGridKey(e));
    this.scroller.addEventListener(
      "scroll",
      () => {
        this.scrolledTo = this.scroller.scrollTop;
        const top = this.topRowInView();
        // A cell being edited keeps its row in the page (what is typed there is never dropped by a scroll).
        const jumped = top < this.firstRow || top > this.firstRow + this.drawnCount;
        if (jumped && !this.editor) this.drawWindow(top);
        else this.drawRowsTo(this.rowsInView());
      },
      { passive: true },
    );
    this.formulaInput.addEventListener("keydown", (e) => this.onFormulaKey(e));
    this.tabs.addEventListener("click", (e) => {
      const tab = (e.target as HTMLElement).closest<HTMLElement>("[data-sheet]");
      if (tab) this.showSheet(tab.dataset.sheet!);
    });
    this.stopListening = workbook.onDidChange(() => this.render());
    this.render();
  }

  get sheet(): string {
    return this.activeSheet;
  }

  showSheet(name: string): void {
    if (!this.workbook.sheetNames().includes(name)) return;
    this.cancelEditing();
    this.activeSheet = name;
    this.selected = { row: 0, col: 0 };
    this.scroller.scrollTo({ top: 0, left: 0 });
    this.scrolledTo = 0;
    this.render();
    this.root.dispatchEvent(new CustomEvent("sheetchange", { detail: name }));
  }

  /** Gives the grid the keyboard (F6 from the pane). */
  focusGrid(): void {
    this.scroller.focus({ preventScroll: true });
  }

  select(ref: Cell): void {
    this.selected = {
      row: Math.max(0, Math.min(ref.row, this.drawn.rows - 1)),
      col: Math.max(0, Math.min(ref.col, this.drawn.columns - 1)),
    };
    this.ensureDrawn(this.selected.row);
    this.showSelection();
  }

  dispose(): void {
    this.disposed = true;
    this.stopListening();
    this.charts.dispose();
    this.root.innerHTML = "";
  }

  /** Redraws everything from the workbook: tabs, grid, formula bar, charts. */
  render(): void {
    const names = this.workbook.sheetNames();
    if (!names.includes(this.activeSheet)) this.activeSheet = names[0];
    this.renderTabs(names);
    this.renderGrid();
    // A redraw keeps the grid where the user scrolled it; only moving the selection scrolls to it.
    this.showSelection(false);
    this.renderCharts();
  }

  /**
   * The charts are drawn at the next frame: placing them reads where their anchor cells are, which lays
   * the page out, and at the frame the browser does that layout anyway.
   */
  private renderCharts(): void {
    if (this.chartsPending) return;
    this.chartsPending = true;
    requestAnimationFrame(() => {
      this.chartsPending = false;
      if (this.disposed) return;
      this.charts.render(this.workbook, this.activeSheet, (ref) => this.cellBox(ref));
    });
  }

  /**
   * The tabs are updated in place, never replaced: a build that re-renders them (a field's change on its
   * blur, between the mousedown and the click on a tab) must not take the clicked tab from under the pointer.
   */
  private renderTabs(names: string[]): void {
    const existing = new Map(
      [...this.tabs.querySelectorAll<HTMLButtonElement>("button[data-sheet]")].map((tab) => [tab.dataset.sheet!, tab]),
    );
    const tabs = names.map((name) => {
      let tab = existing.get(name);
      if (!tab) {
        tab = document.createElement("button");
        tab.type = "button";
        tab.className = "sheet-tab";
        tab.setAttribute("role", "tab");
        tab.dataset.sheet = name;
        tab.setAttribute("data-testid", "sheet-tab");
        tab.textContent = name;
      }
      tab.setAttribute("aria-selected", String(name === this.activeSheet));
      return tab;
    });
    for (const [name, tab] of existing) if (!names.includes(name)) tab.remove();
    tabs.forEach((tab, i) => {
      if (this.tabs.children[i] !== tab) this.tabs.insertBefore(tab, this.tabs.children[i] ?? null);
    });
  }

  private renderGrid(): void {
    const sheet = this.activeSheet;
    const used = this.workbook.dimensions(sheet);
    const chartReach = this.workbook.charts(sheet).map((c) => parseCell(c.anchor));
    const rows = Math.min(Math.max(used.rows + 5, MIN_ROWS, ...chartReach.map((a) => a.row + 20)), MAX_DRAWN_ROWS);
    const columns = Math.min(Math.max(used.columns + 2, MIN_COLUMNS, ...chartReach.map((a) => a.col + 9)), MAX_DRAWN_COLUMNS);
    this.drawn = { rows, columns };
    this.notice.hidden = used.rows <= MAX_DRAWN_ROWS;
    this.notice.textContent = `This sheet has ${used.rows.toLocaleString("en-US")} rows; the preview draws the first ${MAX_DRAWN_ROWS.toLocaleString("en-US")} (the workbook and its .xlsx keep them all).`;
    this.table.dataset.sheet = sheet;

    // First the cells and the column widths (labels and values set them; titles and notes do not), for
    // every row, so that the widths do not change as rows come into view...
    const widths = Array.from({ length: columns }, () => 64);
    this.fontFamily = undefined;
    const cells: (CellView | undefined)[][] = [];
    for (let row = 0; row < Math.min(used.rows, rows); row++) {
      cells.push([]);
      for (let col = 0; col < Math.min(used.columns, columns); col++) {
        const cell = this.workbook.cell(sheet, { row, col });
        cells[row].push(cell);
        if (cell.text && cell.role !== "title" && cell.role !== "note") {
          widths[col] = Math.max(widths[col], Math.min(400, this.textWidth(cell.text, cell.role) + 14));
        }
      }
    }
    this.contents = { rows, columns, cells, widths };

    // ...then the rows in view (and those the charts and the selection stand on); the rest as they come into view.
    const body = document.createElement("tbody");
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    // The corner names what the headers are, for screen readers (a header cell must not be empty).
    const corner = Object.assign(document.createElement("th"), { className: "corner" });
    corner.append(Object.assign(document.createElement("span"), { className: "visually-hidden", textContent: "Rows and columns" }));
    headRow.appendChild(corner);
    for (let col = 0; col < columns; col++) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = columnLetters(col);
      headRow.appendChild(th);
    }
    head.appendChild(headRow);
    const colgroup = document.createElement("colgroup");
    const rowHeader = document.createElement("col");
    rowHeader.style.width = `${ROW_HEADER_WIDTH}px`;
    colgroup.appendChild(rowHeader);
    for (const width of widths) {
      const col = document.createElement("col");
      col.style.width = `${Math.round(width)}px`;
      colgroup.appendChild(col);
    }
    // A fixed layout needs the table's width set, or the browser sizes columns by their contents.
    this.table.style.width = `${ROW_HEADER_WIDTH + widths.reduce((sum, w) => sum + Math.round(w), 0)}px`;
    this.editor = undefined;
    this.table.replaceChildren(colgroup, head, body);
    this.drawWindow(this.topRowInView());
  }

  /** The sheet row at the top of the grid's view, as far as the drawn rows' height tells. */
  private topRowInView(): number {
    return Math.floor(this.scrolledTo / this.rowPitch);
  }

  /** How many rows the grid needs drawn to fill its view where it is scrolled, with some ahead. */
  private rowsInView(): number {
    return this.topRowInView() + Math.ceil(Math.max(window.innerHeight, 600) / this.rowPitch) + ROWS_AHEAD;
  }

  /** Draws the rows from a little above `top` to past the view; the rows above and below stand as spacers of their height. */
  private drawWindow(top: number): void {
    const body = this.table.tBodies[0];
    if (!body) return;
    this.firstRow = Math.max(0, Math.min(top, this.contents.rows) - ROWS_AHEAD);
    this.drawnCount = 0;
    this.above = this.firstRow > 0 ? this.spacer("rows-above", this.firstRow) : undefined;
    this.below = undefined;
    body.replaceChildren(...(this.above ? [this.above] : []));
    this.drawRowsTo(this.rowsInView());
  }

  /** A row standing for `rows` rows of the sheet not in the page. */
  private spacer(className: string, rows: number): HTMLTableRowElement {
    const spacer = document.createElement("tr");
    spacer.className = className;
    spacer.setAttribute("aria-hidden", "true");
    const td = document.createElement("td");
    td.colSpan = this.contents.columns + 1;
    td.style.height = `${rows * this.rowPitch}px`;
    spacer.appendChild(td);
    return spacer;
  }

  /** Makes the row `row` part of the page: the rows down to it are drawn, or the window moves to it. */
  private ensureDrawn(row: number): void {
    if (row < this.firstRow || row > this.firstRow + this.drawnCount + ROWS_AHEAD) this.drawWindow(row);
    else this.drawRowsTo(row + ROWS_AHEAD);
  }

  /** Puts the sheet's rows up to `count` (at most all of them) in the page, after those drawn. */
  private drawRowsTo(count: number): void {
    const body = this.table.tBodies[0];
    if (!body) return;
    const { rows, columns, cells, widths } = this.contents;
    const isEmpty = (row: number, col: number) => {
      const cell = cells[row]?.[col];
      return !cell || (cell.value === null && !cell.formula && !cell.spilledFrom);
    };
    const added = document.createDocumentFragment();
    const from = this.firstRow + this.drawnCount;
    for (let row = from; row < Math.min(count, rows); row++) {
      const tr = document.createElement("tr");
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = String(row + 1);
      tr.appendChild(th);
      for (let col = 0; col < columns; col++) {
        const td = document.createElement("td");
        td.dataset.address = cellAddress({ row, col });
        const cell = cells[row]?.[col];
        if (cell) {
          const classes = [];
          if (typeof cell.value === "number") classes.push("num");
          if (isErrorValue(cell.value)) {
            classes.push("error");
            if (cell.value.message) td.title = cell.value.message;
          }
          if (typeof cell.value === "boolean") classes.push("bool");
          if (cell.role) classes.push(`role-${cell.role}`);
          if (cell.formula) classes.push("formula");
          if (cell.spilledFrom) classes.push("spilled");
          // Text runs on over the empty cells to its right, as in Excel, and stops at the next filled one.
          let room = widths[col];
          for (let next = col + 1; typeof cell.value === "string" && next < columns && isEmpty(row, next); next++) room += widths[next];
          if (room > widths[col] && this.textWidth(cell.text, cell.role) + 8 > widths[col]) {
            classes.push("overflow");
            const span = document.createElement("span");
            span.className = "overflow-text";
            span.style.width = `${Math.round(room) - 8}px`;
            span.textContent = cell.text;
            td.appendChild(span);
          } else {
            td.textContent = cell.text;
          }
          if (classes.length) td.className = classes.join(" ");
        }
        // A row drawn again as it comes back into view keeps the selection's mark.
        if (row === this.selected.row && col === this.selected.col) {
          td.classList.add("selected");
          td.setAttribute("aria-selected", "true");
        }
        tr.appendChild(td);
      }
      added.appendChild(tr);
    }
    this.drawnCount += added.childNodes.length;
    body.insertBefore(added, this.below ?? null);
    const left = rows - this.firstRow - this.drawnCount;
    if (left > 0 && !this.below) {
      this.below = this.spacer("rows-below", left);
      body.appendChild(this.below);
    } else if (left > 0) (this.below!.firstChild as HTMLElement).style.height = `${left * this.rowPitch}px`;
    else {
      this.below?.remove();
      this.below = undefined;
    }
  }

  private measure?: CanvasRenderingContext2D | null;
  private fontFamily?: string;

  /** The width of a cell's text in the grid's font (bold for headers and outputs). */
  private textWidth(text: string, role: string | undefined): number {
    if (this.measure === undefined) this.measure = document.createElement("canvas").getContext("2d");
    if (!this.measure) return text.length * 7.5;
    this.fontFamily ??= getComputedStyle(this.table).fontFamily || "sans-serif";
    this.measure.font = `${role === "header" || role === "output" ? "bold " : ""}13px ${this.fontFamily}`;
    return this.measure.measureText(text).width;
  }

  /** A drawn cell's element; undefined for a row not in the page (scrolled past, or not yet reached). */
  private cellElement(ref: Cell): HTMLTableCellElement | undefined {
    if (ref.row < this.firstRow || ref.row >= this.firstRow + this.drawnCount) return undefined;
    const index = ref.row - this.firstRow + (this.above ? 1 : 0);
    return (this.table.tBodies[0]?.rows[index]?.cells[ref.col + 1] as HTMLTableCellElement | undefined) ?? undefined;
  }

  /**
   * Where a cell sits inside the scrolled grid, for placing charts at their anchors: a row not in the page
   * is placed by the rows' height. Called at a frame, when the page is laid out anyway; it measures the
   * rows' height there, for the spacer of the rows above.
   */
  private cellBox(ref: Cell): { left: number; top: number } {
    const body = this.table.tBodies[0];
    const first = this.drawnCount > 0 ? body?.rows[this.above ? 1 : 0] : undefined;
    const second = this.drawnCount > 1 ? body?.rows[this.above ? 2 : 1] : undefined;
    if (first && second && second.offsetTop > first.offsetTop) this.rowPitch = second.offsetTop - first.offsetTop;
    const td = this.cellElement(ref);
    if (td) return { left: td.offsetLeft, top: td.offsetTop };
    const column = first?.cells[ref.col + 1] as HTMLElement | undefined;
    const top = first ? first.offsetTop + (ref.row - this.firstRow) * this.rowPitch : 0;
    return { left: column?.offsetLeft ?? 0, top };
  }

  private showSelection(scroll = true): void {
    this.table.querySelectorAll("td.selected").forEach((td) => {
      td.classList.remove("selected");
      td.removeAttribute("aria-selected");
    });
    const td = this.cellElement(this.selected);
    if (td) {
      td.classList.add("selected");
      td.setAttribute("aria-selected", "true");
      if (scroll) td.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    const address = cellAddress(this.selected);
    this.nameBox.value = address;
    this.nameBox.textContent = address;
    if (document.activeElement === this.formulaInput) return;
    const cell = this.workbook.cell(this.activeSheet, this.selected);
    if (cell.spilledFrom) {
      // As in Excel: a spilled cell shows its anchor's formula, greyed, and holds nothing of its own.
      this.formulaInput.value = this.workbook.cellInput(this.activeSheet, cell.spilledFrom);
      this.formulaInput.defaultValue = this.formulaInput.value;
      this.formulaInput.classList.add("ghost");
    } else {
      this.formulaInput.value = this.workbook.cellInput(this.activeSheet, this.selected);
      this.formulaInput.classList.remove("ghost");
    }
  }

  private cellOf(target: EventTarget | null): Cell | undefined {
    const td = (target as HTMLElement | null)?.closest?.("td[data-address]") as HTMLElement | null;
    return td ? parseCell(td.dataset.address!) : undefined;
  }

  private onMouseDown(e: MouseEvent): void {
    if (e.target === this.editor) return;
    const ref = this.cellOf(e.target);
    if (!ref) return;
    this.commitEditing();
    this.select(ref);
    this.scroller.focus({ preventScroll: true });
    e.preventDefault();
  }

  private onGridKey(e: KeyboardEvent): void {
    if (this.editor) return;
    // As Excel's F6 (and Ctrl+F6, Shift+F6) cycles its regions, F6 or Escape leaves the grid for the pane;
    // Tab and Shift+Tab stay the grid's, moving the selection.
    if (e.key === "F6" || e.key === "Escape") {
      e.preventDefault();
      this.root.dispatchEvent(new CustomEvent("leavegrid", { bubbles: true, detail: { backwards: e.shiftKey } }));
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Enter: [1, 0],
      Tab: [0, e.shiftKey ? -1 : 1],
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.select({ row: this.selected.row + move[0], col: this.selected.col + move[1] });
    } else if (e.key === "F2") {
      e.preventDefault();
      this.startEditing(undefined);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.commit(this.selected, "");
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Typing replaces the cell's contents, as in Excel.
      e.preventDefault();
      this.startEditing(e.key);
    }
  }

  private startEditing(initial: string | undefined): void {
    const td = this.cellElement(this.selected);
    if (!td) return;
    this.cancelEditing();
    const input = document.createElement("input");
    input.className = "cell-editor";
    input.setAttribute("data-testid", "cell-editor");
    input.setAttribute("aria-label", `Edit ${cellAddress(this.selected)}`);
    input.spellcheck = false;
    input.value = initial ?? this.workbook.cellInput(this.activeSheet, this.selected);
    const target = { ...this.selected };
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        const value = input.value;
        this.editor = undefined;
        input.remove();
        this.commit(target, value);
        this.select({ row: target.row + (e.key === "Enter" ? (e.shiftKey ? -1 : 1) : 0), col: target.col + (e.key === "Tab" ? 1 : 0) });
        this.scroller.focus({ preventScroll: true });
      } else if (e.key === "Escape") {
        e.preventDefault();
        this.cancelEditing();
        this.scroller.focus({ preventScroll: true });
      }
      e.stopPropagation();
    });
    input.addEventListener("input", () => {
      this.formulaInput.value = input.value;
    });
    input.addEventListener("blur", () => {
      if (this.editor === input) this.commitEditing();
    });
    td.appendChild(input);
    this.editor = input;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  private commitEditing(): void {
    const input = this.editor;
    if (!input) return;
    this.editor = undefined;
    const td = input.closest("td[data-address]") as HTMLElement | null;
    input.remove();
    if (td) this.commit(parseCell(td.dataset.address!), input.value);
  }

  private cancelEditing(): void {
    const input = this.editor;
    this.editor = undefined;
    input?.remove();
    this.showSelection();
  }

  private onFormulaKey(e: KeyboardEvent): void {
    if (e.key === "Enter") {
      e.preventDefault();
      const target = { ...this.selected };
      const value = this.formulaInput.value;
      const untouchedSpill = this.formulaInput.classList.contains("ghost") && value === this.formulaInput.defaultValue;
      this.formulaInput.blur();
      if (!untouchedSpill) this.commit(target, value);
      this.select({ row: target.row + 1, col: target.col });
      this.scroller.focus({ preventScroll: true });
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.formulaInput.blur();
      this.showSelection();
    }
  }

  private commit(ref: Cell, text: string): void {
    const problem = this.workbook.formulaProblem(text);
    if (problem) {
      this.root.dispatchEvent(new CustomEvent("previewstatus", { detail: problem, bubbles: true }));
      return;
    }
    this.workbook.setCellInput(this.activeSheet, ref, text);
  }
}
