/** Text and attribute values for the package's XML parts. */

/**
 * XML 1.0 has no place for most control characters; Excel writes one as `_xHHHH_`, and reads an
 * underscore that would start such an escape as `_x005F_`.
 */
// eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold are what this finds
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1")
    .replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!)
    .replace(NOT_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A number as the file stores it: the shortest text that reads back as the same double. */
export function xmlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`${n} cannot be stored in a workbook.`);
  return Object.is(n, -0) ? "0" : String(n);
}
