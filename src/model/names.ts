/**
 * The named ranges the model sheets define. Every input cell has one (Deal_<Section>_<Input>); the
 * formulas call the DEAL.* functions on these names, and the pane binds its fields to them. A name is a
 * promise to users' own formulas: never rename one.
 */
export const NAMES = {
  termsPreset: "Deal_Terms_Preset",
  termsAgiDate: "Deal_Terms_AgiDate",
  termsAsOf: "Deal_Terms_AsOf",

  stakeHolder: "Deal_Stake_Holder",
  stakeBasis: "Deal_Stake_Basis",
  stakeCapTable: "Deal_Stake_CapTable",
  stakeResult: "Deal_Stake_Result",

  valuationStakeValue: "Deal_Valuation_StakeValue",
  valuationStake: "Deal_Valuation_Stake",
  valuationValueStep: "Deal_Valuation_ValueStep",
  valuationStakeStep: "Deal_Valuation_StakeStep",
  valuationEquity: "Deal_Valuation_Equity",

  revshareRate: "Deal_RevShare_Rate",
  revshareFixedEnd: "Deal_RevShare_FixedEnd",
  revshareCap: "Deal_RevShare_Cap",
  revsharePayoutYears: "Deal_RevShare_PayoutYears",
  revshareLag: "Deal_RevShare_Lag",
  revshareDiscountRate: "Deal_RevShare_DiscountRate",
  revsharePeriodsPerYear: "Deal_RevShare_PeriodsPerYear",
  revshareFirstRevenue: "Deal_RevShare_FirstRevenue",
  revshareGrowth: "Deal_RevShare_Growth",
  revshareFirstPeriodEnd: "Deal_RevShare_FirstPeriodEnd",
  revshareYears: "Deal_RevShare_Years",
  revsharePeriodEnds: "Deal_RevShare_PeriodEnds",
  revshareRevenue: "Deal_RevShare_Revenue",
  revshareEnd: "Deal_RevShare_End",
  revsharePayoutPeriods: "Deal_RevShare_PayoutPeriods",
  revshareTotalPaid: "Deal_RevShare_TotalPaid",
  revsharePresentValue: "Deal_RevShare_PresentValue",

  drawdownCommitment: "Deal_Drawdown_Commitment",
  drawdownStart: "Deal_Drawdown_Start",
  drawdownTermYears: "Deal_Drawdown_TermYears",
  drawdownProfile: "Deal_Drawdown_Profile",
  drawdownPeriodsPerYear: "Deal_Drawdown_PeriodsPerYear",
  drawdownWeights: "Deal_Drawdown_Weights",
  drawdownActuals: "Deal_Drawdown_Actuals",

  rightsTable: "Deal_Rights_Table",

  agiDates: "Deal_AGI_Dates",
  agiProbabilities: "Deal_AGI_Probabilities",
  agiValuationDate: "Deal_AGI_ValuationDate",
  agiScenarios: "Deal_AGI_Scenarios",
  agiExpectedPresentValue: "Deal_AGI_ExpectedPresentValue",
  agiRights: "Deal_AGI_Rights",
} as const;
