-- Social investment funds (docs/budget.md §4): an organisation's own; the definition holds the
-- capital, years and investments (scenario ids with outlays, repayment and evaluation plan).
create table funds (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  name text not null,
  definition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null
);
create index funds_org on funds (organisation_id);
