import { type ActionPlan, GENDERS, type Indicator, type Lagesbild, type Places, type Service } from "@sikt/followup";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { indicatorSchema, lagesbildSchema, placesSchema, planSchema, REACH_GENDERS, serviceSchema } from "./index.js";

describe("the API contract", () => {
  it("counts a service's reach by the genders of @sikt/followup", () => {
    expect([...REACH_GENDERS]).toEqual([...GENDERS]);
  });

  // Checked by the type check (npm run typecheck): the server hands stored bodies to
  // @sikt/followup, and the web app passes them to its functions.
  it("answers the follow-up documents as the types of @sikt/followup", () => {
    expectTypeOf<z.output<typeof lagesbildSchema>>().toExtend<Lagesbild>();
    expectTypeOf<z.output<typeof planSchema>>().toExtend<ActionPlan>();
    expectTypeOf<z.output<typeof serviceSchema>>().toExtend<Service>();
    expectTypeOf<z.output<typeof placesSchema>>().toExtend<Places>();
    expectTypeOf<z.output<typeof indicatorSchema>>().toExtend<Indicator>();
    expectTypeOf<Lagesbild>().toExtend<z.input<typeof lagesbildSchema>>();
    expectTypeOf<Service>().toExtend<z.input<typeof serviceSchema>>();
    expectTypeOf<Places>().toExtend<z.input<typeof placesSchema>>();
  });
});
