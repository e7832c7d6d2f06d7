-- Sikt server schema, version 1. PostgreSQL 15 or later; also runs on PGlite.

create table organisations (
  id uuid primary key,
  name text not null,
  kind text not null check (kind in ('kommun', 'region', 'polis', 'fond', 'annan')),
  municipality_code text,
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'analyst', 'viewer')),
  password_hash text not null,
  created_at timestamptz not null default now()
);
create unique index users_email on users (lower(email));

-- Sessions: only a hash of the token is stored; the token itself lives in the user's cookie.
create table sessions (
  token_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions (user_id);

create table scenarios (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  name text not null,
  latest_version integer not null default 0,
  created_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null
);
create index scenarios_org on scenarios (organisation_id);

-- Versions are immutable: a save inserts the next number; the primary key lets exactly one
-- save per base version win.
create table scenario_versions (
  scenario_id uuid not null references scenarios(id) on delete cascade,
  version integer not null,
  document jsonb not null,
  message text,
  created_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null,
  decision jsonb,
  primary key (scenario_id, version)
);

create table shares (
  scenario_id uuid not null references scenarios(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  access text not null check (access in ('read', 'edit')),
  created_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null,
  primary key (scenario_id, organisation_id)
);
create index shares_org on shares (organisation_id);

create table audit_log (
  id bigserial primary key,
  organisation_id uuid not null,
  user_id uuid,
  action text not null,
  entity text not null,
  entity_id text,
  detail jsonb,
  at timestamptz not null default now()
);
create index audit_org on audit_log (organisation_id, id);

-- Runs are also the job queue: a worker claims a queued run with FOR UPDATE SKIP LOCKED.
create table runs (
  id uuid primary key,
  organisation_id uuid not null references organisations(id),
  scenario_id uuid not null references scenarios(id) on delete cascade,
  version integer not null,
  status text not null check (status in ('queued', 'running', 'done', 'failed')),
  progress real not null default 0,
  iterations integer not null,
  seed bigint not null,
  engine_version text,
  resolved jsonb,
  result jsonb,
  error jsonb,
  created_at timestamptz not null default now(),
  created_by uuid references users(id) on delete set null,
  started_at timestamptz,
  finished_at timestamptz,
  claimed_by text
);
create index runs_queue on runs (created_at) where status = 'queued';
create index runs_scenario on runs (scenario_id, created_at);
