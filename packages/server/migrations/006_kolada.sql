-- Kolada as it is today (docs/followup.md): values by gender (T total, K women, M men), what
-- Kolada says about a KPI, and Kolada's names of places (municipalities, counties, groups and
-- organisational units; public data shared by every organisation).

alter table indicator_points add column gender text not null default 'T' check (gender in ('T', 'K', 'M'));
alter table indicator_points drop constraint indicator_points_pkey;
alter table indicator_points add primary key (indicator_id, place, year, gender);

alter table indicators add column description text not null default '';
alter table indicators add column by_gender boolean;

create table kolada_places (
  code text primary key,
  name text not null,
  -- K municipality, L county or region, G group, OU organisational unit
  type text not null default '',
  -- an organisational unit's municipality
  municipality text,
  updated_at timestamptz not null default now()
);
