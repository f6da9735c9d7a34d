-- ライフイベント数 per month and kind, kept current by the statement that records the events (LifeEvents):
-- the statistics' trend reads a few hundred rows instead of grouping every event the city ever detected
-- (a count that took a request's whole budget at 1,000,000 residents). Events are never updated nor deleted
-- (life_event_kept), so a count only grows.
CREATE TABLE life_event_month (
    month   DATE NOT NULL,                    -- the first day of the month the events happened in
    kind    TEXT NOT NULL,
    events  BIGINT NOT NULL CHECK (events > 0),
    PRIMARY KEY (month, kind)
);
INSERT INTO life_event_month (month, kind, events)
SELECT date_trunc('month', occurred_on)::date, kind, count(*) FROM life_event GROUP BY 1, 2;
