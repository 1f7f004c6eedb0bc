-- Read indexes: what keeps the workstation's reads off the size of an
-- incident (issues 2, 3 and 5).
--
-- Everything here is derived from the record and is not the record: no
-- chain entry points at these rows, verify does not compare them with the
-- chain (they are not in its tables map), and each is rebuilt from the
-- record tables by the statements below, which are also what the tests
-- hold them equal to.

-- A step shows the evidence for its target asset nearest to its execution,
-- and evidence-after-action asks for the last record before it: both are a
-- seek on (asset, time) instead of a walk over every record of the asset.
DROP INDEX events_asset_evidence;
CREATE INDEX events_asset_evidence ON events (inc, target, at, id) WHERE kind = 'evidence';
