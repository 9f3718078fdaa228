/**
 * The functions bundle: importing each family runs the `CustomFunctions.associate` calls that the
 * metadata plugin appends to it at build time.
 */
export * from "./valuation";
export * from "./ownership";
export * from "./revshare";
export * from "./commitment";
export * from "./terms";
export * from "./agi";
