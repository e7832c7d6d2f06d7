/** A source's text with its written-out http(s) addresses as links that open in a new tab. */
import { sourceParts } from "@sikt/report/links";

export function SourceText(p: { text: string }) {
  return (
    <>
      {sourceParts(p.text).map((part, k) =>
        part.href === undefined ? (
          part.text
        ) : (
          <a key={k} href={part.href} target="_blank" rel="noopener noreferrer" className="source-link">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
