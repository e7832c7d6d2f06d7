-- Observed effects (docs/followup.md, "What a measure did"): an estimate per measure of a plan,
-- with the inputs it was made from and its result, and the scenario version that adopted it.
create table effect_estimates (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  plan_id uuid not null references followup_documents(id) on delete cascade,
  measure_id text not null,
  -- The last year of indicator data the estimate used.
  year integer not null,
  input jsonb not null,
  result jsonb not null,
  adopted_scenario_id uuid,
  adopted_version integer,
  created_by uuid,
  created_at timestamptz not null default now()
);
create index effect_estimates_plan on effect_estimates (organisation_id, plan_id, created_at);
