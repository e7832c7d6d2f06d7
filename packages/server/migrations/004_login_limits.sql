-- Login limits kept in the database, shared by every server process (docs/security.md), and
-- one-time passwords that expire, work once and force a change.

-- One row per limited key: the SHA-256 of "account:<lower e-mail>" or "address:<client address>"
-- (no e-mail address is stored here). `failures` counts attempts that were let through to the
-- password check, decaying after a quiet period; `blocked_until` is the back-off.
create table login_limits (
  key text primary key,
  failures integer not null,
  last_at timestamptz not null,
  blocked_until timestamptz
);
create index login_limits_last on login_limits (last_at);

-- A one-time password (set by an administrator, the command line or the demo seed) expires at
-- `password_expires_at`, is spent by its first login (`password_used_at`), and the session that
-- login opens may only change the password.
alter table users add column password_one_time boolean not null default false;
alter table users add column password_expires_at timestamptz;
alter table users add column password_used_at timestamptz;

-- E-mail addresses are unique per organisation, not across organisations: adding a user never
-- tells whether another organisation has the address.
drop index users_email;
create unique index users_org_email on users (organisation_id, lower(email));
create index users_email on users (lower(email));
