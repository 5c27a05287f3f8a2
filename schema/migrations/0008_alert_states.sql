-- An alert says which state it leaves and which it enters (z-score inside/above/below,
-- correlated/broken, stationary/non-stationary). Alerts stored before these columns existed
-- keep '' in both: their states were not recorded, and the API returns them as null.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS from_state LowCardinality(String) DEFAULT '';
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS to_state LowCardinality(String) DEFAULT '';
