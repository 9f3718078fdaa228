import { inTimeSlices, SLICE_MS } from "../../src/workbook/buildSteps";

/**
 * A workbook's long work is cut by the clock, not by a count: the clock here is the test's, moved by the
 * work itself (each item "takes" the time the test says), so what is checked is the order of events.
 */
describe("inTimeSlices", () => {
  let now = 0;
  beforeEach(() => {
    now = 0;
    jest.spyOn(performance, "now").mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  /** Runs `count` items that take `costOf(i)` ms each; returns the turns, as the items each one handled. */
  async function turns(count: number, costOf: (i: number) => number): Promise<{ turns: number[][]; between: number }> {
    const items = Array.from({ length: count }, (_, i) => i);
    const seen: number[][] = [];
    let between = 0;
    let inTurn = false;
    const timer = setInterval(() => {
      // A task queued by the page between two turns (a paint, a click) runs outside any turn.
      if (!inTurn) between++;
    }, 0);
    try {
      await inTimeSlices(
        items,
        (slice) => {
          for (const i of slice) {
            seen[seen.length - 1].push(i);
            now += costOf(i);
          }
        },
        (run) => {
          inTurn = true;
          seen.push([]);
          run();
          inTurn = false;
        },
      );
    } finally {
      clearInterval(timer);
    }
    return { turns: seen, between };
  }

  it("does cheap work in one turn", async () => {
    const { turns: seen } = await turns(200, () => 0.01);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(200);
  });

  it("ends a turn once its work took the slice's time, and yields to the event loop before the next", async () => {
    const { turns: seen, between } = await turns(1000, () => 1);
    expect(seen.flat()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(seen.length).toBeGreaterThan(10);
    // A turn looks at the clock every 25 items: it stops within 25 ms past the slice's time.
    for (const turn of seen) expect(turn.length).toBeLessThanOrEqual(SLICE_MS + 25);
    expect(between).toBeGreaterThan(0);
  });

  it("follows the cost of the items, which changes along the way (values, then formulas to parse)", async () => {
    const { turns: seen } = await turns(2000, (i) => (i < 1000 ? 0.001 : 2));
    // The cheap thousand fit in one turn; the expensive thousand take many, none much over the slice's time.
    expect(seen[0].length).toBeGreaterThanOrEqual(1000);
    const costly = seen.slice(1);
    expect(costly.length).toBeGreaterThan(30);
    for (const turn of costly) expect(turn.length * 2).toBeLessThanOrEqual(SLICE_MS + 50);
  });

  it("does nothing, and calls nothing, for no items", async () => {
    const { turns: seen } = await turns(0, () => 1);
    expect(seen).toEqual([]);
  });
});
