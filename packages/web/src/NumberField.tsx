/** A number field that takes Swedish and English decimals. */
import { useEffect, useState } from "react";
import { useI18n } from "./i18n";

/**
 * A number typed the way the reader writes it: "3,5" in Swedish, "3.5" in English (both are
 * understood); the value changes only when the text is a number within min–max.
 */
export function NumberField({ label, value, onChange, min, max }: { label: string; value: number; onChange: (v: number) => void; min?: number; max?: number }) {
  const i18n = useI18n();
  const show = (v: number) => (Number.isFinite(v) ? String(+v.toFixed(6)).replace(".", i18n.lang === "sv" ? "," : ".") : "");
  const [text, setText] = useState(show(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText((cur) => (Number(cur.replace(",", ".").replace(/\s/g, "")) === value ? cur : show(value)));
  }, [value, i18n.lang]);
  return (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={bad}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value.replace(",", ".").replace(/\s/g, ""));
          const ok = e.target.value.trim() !== "" && Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max);
          setBad(!ok);
          if (ok) onChange(v);
        }}
      />
    </label>
  );
}

