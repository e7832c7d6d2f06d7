/** Numbers, money, shares and dates for readers: shared with the decision reports. */
export * from "@sikt/report/format";
