-- Who entered an actual count of participants: that user, and only that user, may see the raw
-- count again in the entry form (docs/followup.md, "Small counts"); every other view is suppressed.
alter table measure_actuals add column entered_by uuid references users(id) on delete set null;
