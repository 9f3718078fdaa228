/** Timing with tinybench: the median of many calls, and a check that a call returns a result. */
/** The part of tinybench's API used here (tinybench is an ES module, loaded with import()). */
interface Bench {
  add(name: string, fn: () => unknown): Bench;
  run(): Promise<unknown>;
  tasks: { result: unknown }[];
}
type BenchConstructor = new (options: Record<string, unknown>) => Bench;

export interface Timing {
  medianMs: number;
  meanMs: number;
  p99Ms: number;
  samples: number;
}

let BenchClass: BenchConstructor;

/** tinybench is an ES module: loaded once with import(). */
export async function loadBench(): Promise<void> {
  BenchClass = (await import("tinybench")).Bench as unknown as BenchConstructor;
}

/**
 * The median of many calls for a fast function, of a few for a slow one: a first call (which also warms
 * the code up) decides how many. The heap is not collected between calls (a forced collection shrinks
 * it and makes the next call slower): a call pays for garbage as it does in a recalculating workbook.
 */
export async function time(fn: () => unknown): Promise<Timing> {
  const probeStarted = performance.now();
  fn();
  const probeMs = performance.now() - probeStarted;
  const options =
    probeMs < 5
      ? { time: 100, iterations: 20, warmupTime: 20, warmupIterations: 5 }
      : probeMs < 100
        ? { time: 300, iterations: 10, warmupTime: 0, warmupIterations: 2 }
        : { time: 0, iterations: 3, warmupTime: 0, warmupIterations: 0 };
  const bench: Bench = new BenchClass({ ...options, throws: true });
  bench.add("task", fn);
  await bench.run();
  const result = bench.tasks[0].result as { state: string; latency?: { p50: number; mean: number; p99: number; samplesCount?: number } };
  if (!result.latency) throw new Error(`benchmark did not complete (${result.state})`);
  return {
    medianMs: result.latency.p50,
    meanMs: result.latency.mean,
    p99Ms: result.latency.p99,
    samples: result.latency.samplesCount ?? 0,
  };
}

/** Calls once and fails loudly when a function returns an error instead of a result: timing an error is meaningless. */
export function checked<T>(label: string, fn: () => T): () => T {
  const value = fn();
  if (value instanceof Error) throw new Error(`${label} returned an error: ${value.message}`);
  return fn;
}
