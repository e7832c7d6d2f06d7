-- Fair use (docs/security.md): the run queue takes the organisation, and within it the user,
-- served longest ago; the caps count each one's queued and running runs.
create index runs_organisation_started on runs (organisation_id, started_at);
create index runs_user_started on runs (organisation_id, created_by, started_at);
create index runs_active on runs (organisation_id, created_by) where status in ('queued', 'running');
