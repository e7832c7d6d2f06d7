/** Decision reports: HTML and PDF for committees, XLSX for economists. */
export * from "./followup-report.js";
export * from "./format.js";
export * from "./names.js";
export * from "./pdf.js";
export * from "./report.js";
export * from "./workbook.js";
export * from "./xlsx.js";
