-- The chain by incident, as SQLite's migration 14: a pass over an
-- incident reads the chain to the incident's last entry, found here, not
-- to the last row the derived tables give it, which a row deleted outside
-- signoff could end short of that entry.
CREATE INDEX chain_incident ON chain (incident, seq);
