-- Lägesbild, action plan and follow-up (docs/followup.md). Everything belongs to one
-- organisation; points, actuals and reach are reached only through their parent row.

-- Which Kolada codes are the organisation's municipality, county, country and similar municipalities.
create table places (
  organisation_id uuid primary key references organisations(id),
  places jsonb not null,
  updated_at timestamptz not null default now()
);

create table indicators (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  code text not null,
  name text not null,
  unit text not null,
  kind text not null check (kind in ('count', 'rate')),
  source text not null,
  higher_is_better boolean not null,
  created_at timestamptz not null default now(),
  unique (organisation_id, code)
);

-- A value per place (Kolada code or 'area:<name>') and year.
create table indicator_points (
  indicator_id uuid not null references indicators(id) on delete cascade,
  place text not null,
  year integer not null,
  value double precision not null,
  population double precision,
  primary key (indicator_id, place, year)
);

-- Lägesbilder, action plans and low-threshold services: versioned JSON documents.
create table followup_documents (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  kind text not null check (kind in ('lagesbild', 'plan', 'service')),
  version integer not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null,
  updated_by uuid references users(id) on delete set null
);
create index followup_documents_org on followup_documents (organisation_id, kind);

-- What happened per measure of a plan and year (real counts: shown only suppressed).
create table measure_actuals (
  plan_id uuid not null references followup_documents(id) on delete cascade,
  measure_id text not null,
  year integer not null,
  participants integer,
  cost double precision,
  note text not null default '',
  updated_at timestamptz not null default now(),
  primary key (plan_id, measure_id, year)
);

-- Aggregated reach of a low-threshold service per period (real counts: shown only suppressed).
create table service_reach (
  service_id uuid not null references followup_documents(id) on delete cascade,
  period text not null,
  visits integer not null,
  participants jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (service_id, period)
);
