/**
 * Building blocks shared by the schemas of several features.
 * @module
 */
import { z } from "zod";

export const uuid = z.uuid();
/** A one-line text: no tab or line break (other control characters are refused for every string by the server's `readBody`). */
export const singleLine = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\t\n\r]*$/, "must be one line (no tab or line break)");
export const timestamp = z.string().meta({ description: "ISO 8601 timestamp." });

/** The query of an export route: the formats it makes. */
export const formatQuery = (formats: readonly [string, ...string[]]) => z.strictObject({ format: z.enum(formats) });
