import type { ReactNode } from "react";

/** A table that may scroll sideways: a named region the keyboard can reach and scroll. */
export function TableWrap({ label, labelledBy, children }: { label?: string; labelledBy?: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" {...(labelledBy ? { "aria-labelledby": labelledBy } : { "aria-label": label })}>
      {children}
    </div>
  );
}
