/** Decision reports: HTML and PDF for committees, XLSX for economists. */
export * from "./followup-report.js";
export * from "./format.js";
export * from "./pdf.js";
export * from "./report.js";
export * from "./xlsx.js";
export { crc32, zip } from "./zip.js";
