import { CellValue } from "../../src/workbook/types";
import { COMPUTE, evaluation, Issue } from "../../src/model/results";
import { defaultInputs, FieldKey, FIELDS, SECTIONS, SectionId } from "../../src/model/fields";
import { CellOverrides } from "../../src/model/calls";

/**
 * A DEAL.* function's error in the pane stands beside the field its argument comes from: the function
 * names the argument (a property of the error, never read from its message), the model's call maps it
 * to the named cell, the cell to the field.
 */
const TODAY = 46000;

function issuesWith(overrides: CellOverrides): { section: SectionId; issue: Issue }[] {
  const model = evaluation(defaultInputs(TODAY), overrides);
  const found: { section: SectionId; issue: Issue }[] = [];
  for (const { id } of SECTIONS) {
    const result = COMPUTE[id](model) as { ok: boolean; issue?: Issue };
    if (!result.ok) found.push({ section: id, issue: result.issue! });
  }
  return found;
}

describe("a function's error at the field its argument comes from", () => {
  it("computes every section without an error from the defaults", () => {
    expect(issuesWith({})).toEqual([]);
  });

  it.each<[FieldKey, CellValue, SectionId, string]>([
    ["revshareRate", 1.5, "revshare", "#NUM!"],
    ["revshareCap", -5, "revshare", "#NUM!"],
    ["revshareDiscountRate", -2, "revshare", "#NUM!"],
    ["valuationStake", 2, "valuation", "#NUM!"],
    ["valuationStakeValue", -1, "valuation", "#NUM!"],
    ["drawdownTermYears", -3, "drawdown", "#NUM!"],
    ["drawdownCommitment", "a lot", "drawdown", "#VALUE!"],
    ["asOf", -7, "rights", "#NUM!"],
  ])("a %s cell holding %p is that field's error in %s", (key, cell, section, code) => {
    const issues = issuesWith({ [key]: cell });
    const inSection = issues.find((i) => i.section === section);
    expect(inSection?.issue).toMatchObject({ field: key, code });
  });

  // A column the model derives from several fields (the growth forecast's revenue and period ends) is
  // shown at the field that heads it.
  const DERIVED_FROM: Partial<Record<FieldKey, FieldKey[]>> = {
    revshareFirstRevenue: ["revshareGrowth", "revshareYears", "revsharePeriodsPerYear"],
    revshareFirstPeriodEnd: ["revshareYears", "revsharePeriodsPerYear"],
    revsharePayoutYears: ["revsharePeriodsPerYear"],
  };
  const fedBy = (at: FieldKey, changed: FieldKey) => at === changed || (DERIVED_FROM[at] ?? []).includes(changed);

  it("never puts an error at a field whose cell did not change", () => {
    const odd: CellValue[] = [-1, 2, 0, 1e300, "text", true];
    let placed = 0;
    for (const field of FIELDS) {
      if (!field.name || field.kind === "table" || field.kind === "choice" || field.kind === "text") continue;
      for (const cell of odd) {
        for (const { issue } of issuesWith({ [field.key]: cell })) {
          if (issue.field === undefined) continue;
          if (!fedBy(issue.field, field.key)) throw new Error(`${field.key} = ${String(cell)} put "${issue.message}" at ${issue.field}`);
          placed++;
        }
      }
    }
    expect(placed).toBeGreaterThan(20);
  });
});
