/** A number field that takes Swedish and English numbers and says why it refuses one. */
import { useEffect, useId, useState } from "react";
import { useI18n } from "./i18n";
import { numberProblem, parseNumber, showNumber } from "./number-input";

/**
 * A number typed the way the reader writes it: "−0,9", "16 909,5" in Swedish, "3.5" in English
 * (both decimal signs are understood). The value changes only when the text is a number within
 * min–max; otherwise the field is marked invalid and says why. The value is shown rounded
 * (`decimals`, or as many as a reader needs); the value itself is not rounded until it is edited.
 */
export function NumberField({ label, value, onChange, min, max, decimals }: { label: string; value: number; onChange: (v: number) => void; min?: number; max?: number; decimals?: number }) {
  const i18n = useI18n();
  const show = (v: number) => showNumber(v, i18n.lang, decimals);
  const [text, setText] = useState(show(value));
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    setText((cur) => {
      const p = parseNumber(cur);
      return p.ok && p.value === value ? cur : show(value);
    });
    setProblem(null);
  }, [value, i18n.lang]);
  return (
    <label>
      {label}
      <input
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const p = parseNumber(e.target.value, min, max);
          setProblem(p.ok ? null : numberProblem(p, i18n.lang));
          if (p.ok && p.value !== value) onChange(p.value);
        }}
        onBlur={() => {
          const p = parseNumber(text, min, max);
          if (p.ok && p.value === value) setText(show(value));
        }}
      />
      {problem && (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}
