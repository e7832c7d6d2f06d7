import { describe, expect, it } from "vitest";
import { sourceParts } from "./links.js";

describe("sourceParts", () => {
  it("makes written-out http(s) addresses links and keeps the rest as text", () => {
    const text = "Menting et al. 2013, Clinical Psychology Review (d = 0.13) https://doi.org/10.1016/j.cpr.2013.07.006";
    expect(sourceParts(text)).toEqual([
      { text: "Menting et al. 2013, Clinical Psychology Review (d = 0.13) " },
      { text: "https://doi.org/10.1016/j.cpr.2013.07.006", href: "https://doi.org/10.1016/j.cpr.2013.07.006" },
    ]);
  });

  it("ends an address before the parenthesis and full stop that close the sentence around it", () => {
    const parts = sourceParts("SOU 2017:9 (via https://example.se/rapport/2017-9.pdf). Se även http://uu.diva-portal.org/smash/record.jsf?pid=diva2:890895; och mer.");
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual([
      "https://example.se/rapport/2017-9.pdf",
      "http://uu.diva-portal.org/smash/record.jsf?pid=diva2:890895",
    ]);
    expect(parts.map((p) => p.text).join("")).toBe("SOU 2017:9 (via https://example.se/rapport/2017-9.pdf). Se även http://uu.diva-portal.org/smash/record.jsf?pid=diva2:890895; och mer.");
  });

  it("links nothing without a scheme, and no other scheme than http and https", () => {
    for (const text of [
      "Berkeley Electronic Press; författarens kopia: faculty.econ.ucdavis.edu/faculty/scarrell/counselors2.pdf",
      "javascript:alert(1) mailto:a@b.se ftp://example.se/x //example.se/y a@b.se",
      "",
    ])
      expect(sourceParts(text)).toEqual([{ text }]);
  });
});
