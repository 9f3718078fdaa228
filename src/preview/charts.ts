import { Chart, ChartConfiguration, registerables } from "chart.js";
import { Cell, parseCell } from "../workbook/a1";
import { EmbeddedWorkbook, ChartData } from "../workbook/embedded/embeddedWorkbook";
import { displayValue } from "../workbook/embedded/formats";
import { ChartSpec, NumberFormatKind } from "../workbook/types";

Chart.register(...registerables);

/** Office's default series colours, so the preview's charts look like the ones the add-in makes in Excel. */
const PALETTE = ["#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E"];
/** A little smaller than the add-in's charts in Excel (480 x 288 points, 640 x 384 pixels), to leave room for the pane. */
export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 336;

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Axis labels: short ($1.2B, 25%); tooltips show the cell's full format. */
export function axisLabel(value: number, format: NumberFormatKind | undefined): string {
  if (format === "percent") return `${Number((value * 100).toFixed(1))}%`;
  if (format === "currency") return `${value < 0 ? "-" : ""}$${compact.format(Math.abs(value))}`;
  if (format === "date") return displayValue(value, "date");
  return compact.format(value);
}

function configuration(spec: ChartSpec, data: ChartData): ChartConfiguration {
  const format = data.series[0]?.format;
  const pie = spec.type === "pie";
  const type = spec.type === "column" || spec.type === "bar" ? "bar" : spec.type === "area" ? "line" : spec.type;
  return {
    type,
    data: {
      labels: data.categories,
      datasets: (pie ? data.series.slice(0, 1) : data.series).map((series, i) => ({
        label: series.name,
        data: series.values,
        backgroundColor: pie ? data.categories.map((_, j) => PALETTE[j % PALETTE.length]) : PALETTE[i % PALETTE.length],
        borderColor: pie ? "#ffffff" : PALETTE[i % PALETTE.length],
        fill: spec.type === "area",
        pointRadius: spec.type === "line" ? 2 : 0,
        borderWidth: spec.type === "line" || spec.type === "area" ? 2 : 1,
      })),
    },
    options: {
      animation: false,
      responsive: false,
      maintainAspectRatio: false,
      indexAxis: spec.type === "bar" ? "y" : "x",
      plugins: {
        title: { display: true, text: spec.title, font: { size: 14, weight: "bold" } },
        legend: { display: pie || data.series.length > 1, position: "bottom" },
        tooltip: {
          callbacks: {
            label: (item) => {
              const series = data.series[item.datasetIndex];
              const value = typeof item.raw === "number" ? displayValue(item.raw, series?.format) : "";
              return `${series?.name ?? ""}: ${value}`;
            },
          },
        },
      },
      scales: pie
        ? {}
        : {
            [spec.type === "bar" ? "x" : "y"]: { ticks: { callback: (value) => axisLabel(Number(value), format) } },
            // A 1,200-month schedule has 1,200 labels: measuring a sample of them, not all, keeps a redraw short.
            [spec.type === "bar" ? "y" : "x"]: { ticks: { autoSkip: true, maxRotation: 0, sampleSize: 24 } },
          },
    },
  };
}

interface Drawn {
  box: HTMLElement;
  chart: Chart;
  type: ChartSpec["type"];
  /** What the chart was drawn from: a redraw of the sheet that left it unchanged does not draw it again. */
  drawnFrom: string;
}

/** Draws a sheet's charts over the grid at their anchor cells, and redraws them when the values change. */
export class ChartLayer {
  private drawn = new Map<string, Drawn>();

  constructor(private readonly layer: HTMLElement) {}

  render(workbook: EmbeddedWorkbook, sheet: string, cellBox: (ref: Cell) => { left: number; top: number }): void {
    const specs = workbook.charts(sheet);
    const keep = new Set(specs.map((s) => `${sheet}\u0000${s.id}`));
    for (const [key, drawn] of this.drawn) {
      if (keep.has(key)) continue;
      drawn.chart.destroy();
      drawn.box.remove();
      this.drawn.delete(key);
    }
    for (const spec of specs) {
      const key = `${sheet}\u0000${spec.id}`;
      const data = workbook.chartData(sheet, spec);
      const drawnFrom = JSON.stringify([spec, data]);
      const config = configuration(spec, data);
      let drawn = this.drawn.get(key);
      if (drawn && drawn.type !== spec.type) {
        drawn.chart.destroy();
        drawn.box.remove();
        drawn = undefined;
      }
      if (!drawn) {
        const box = document.createElement("figure");
        box.className = "chart";
        box.dataset.chartId = spec.id;
        box.setAttribute("data-testid", "chart");
        box.setAttribute("aria-label", `Chart: ${spec.title}`);
        const canvas = document.createElement("canvas");
        canvas.width = CHART_WIDTH;
        canvas.height = CHART_HEIGHT;
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", spec.title);
        box.appendChild(canvas);
        this.layer.appendChild(box);
        drawn = { box, chart: new Chart(canvas, config), type: spec.type, drawnFrom };
        this.drawn.set(key, drawn);
      } else if (drawn.drawnFrom !== drawnFrom) {
        drawn.drawnFrom = drawnFrom;
        drawn.chart.data = config.data;
        drawn.chart.options = config.options ?? {};
        drawn.chart.update("none");
      }
      const at = cellBox(parseCell(spec.anchor));
      drawn.box.style.left = `${at.left}px`;
      drawn.box.style.top = `${at.top}px`;
      drawn.box.dataset.points = String(data.categories.length);
    }
  }

  dispose(): void {
    for (const drawn of this.drawn.values()) drawn.chart.destroy();
    this.drawn.clear();
    this.layer.innerHTML = "";
  }
}
