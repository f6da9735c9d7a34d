-- 避難行動要支援者 (evacuation module). Every table here is named only by this module's SQL.

-- Who is on the list by which criterion (避難支援等を必要とする事由), since when; a row whose until is set is
-- history (the person left the list by that criterion: moved away, died, care level lowered).
CREATE TABLE evac_listing (
    person_key   TEXT        NOT NULL,
    criterion_id TEXT        NOT NULL,
    since        TIMESTAMPTZ NOT NULL,
    until        TIMESTAMPTZ,
    PRIMARY KEY (person_key, criterion_id, since)
);
CREATE UNIQUE INDEX evac_listing_current ON evac_listing (person_key, criterion_id) WHERE until IS NULL;

-- Where a person on the list lives, as districts need it: the 町丁目 and district their address is in
-- (recomputed with the list; the address itself stays in the person index).
CREATE TABLE evac_person (
    person_key  TEXT PRIMARY KEY,
    town        TEXT,
    district_id TEXT
);
CREATE INDEX evac_person_district ON evac_person (district_id, person_key);

-- The last recomputation (one row).
CREATE TABLE evac_recompute (
    id         INT PRIMARY KEY CHECK (id = 1),
    at         TIMESTAMPTZ NOT NULL,
    listed     INT NOT NULL,
    joined     INT NOT NULL,
    left_list  INT NOT NULL,
    millis     BIGINT NOT NULL,
    trigger    TEXT NOT NULL
);

-- 申出: a resident asked to be on the list.
CREATE TABLE evac_request (
    person_key   TEXT PRIMARY KEY,
    requested_on DATE NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- 平常時の名簿情報提供への同意, per person and purpose; no row is 未回答.
CREATE TABLE evac_consent (
    person_key  TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    answer      TEXT NOT NULL CHECK (answer IN ('AGREED', 'REFUSED')),
    answered_on DATE NOT NULL,
    method      TEXT NOT NULL CHECK (method IN ('POST', 'VISIT', 'COUNTER')),
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (person_key, purpose)
);

-- Consent asked (同意確認書を送付): who has been asked, so that the mailing list holds those not yet asked.
CREATE TABLE evac_consent_asked (
    person_key TEXT PRIMARY KEY,
    asked_on   DATE NOT NULL,
    asked_by   TEXT NOT NULL
);

-- Disaster mode (災害モード): at most one open at a time.
CREATE TABLE evac_disaster (
    id         BIGSERIAL PRIMARY KEY,
    kind       TEXT NOT NULL,
    districts  TEXT[] NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    started_by TEXT NOT NULL,
    ended_at   TIMESTAMPTZ,
    ended_by   TEXT
);
CREATE UNIQUE INDEX evac_disaster_one_open ON evac_disaster ((true)) WHERE ended_at IS NULL;

-- Each list that left the hub (名簿の提供): who received which district's list, when, until when.
CREATE TABLE evac_handover (
    id              BIGSERIAL PRIMARY KEY,
    district_id     TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    format          TEXT NOT NULL,
    given_at        TIMESTAMPTZ NOT NULL,
    given_by        TEXT NOT NULL,
    return_by       DATE NOT NULL,
    returned_at     TIMESTAMPTZ,
    returned_by     TEXT,
    disaster_id     BIGINT REFERENCES evac_disaster (id),
    without_consent BOOLEAN NOT NULL,
    persons         INT NOT NULL
);
CREATE INDEX evac_handover_recipient ON evac_handover (district_id, recipient, given_at DESC);

-- What each handover carried, person by person: the statutory items as given, so that the next list to the
-- same recipient can say who was added, removed or changed.
CREATE TABLE evac_handover_person (
    handover_id BIGINT NOT NULL REFERENCES evac_handover (id),
    person_key  TEXT   NOT NULL,
    items       TEXT   NOT NULL,
    PRIMARY KEY (handover_id, person_key)
);

-- 安否確認: one row per entry as the device made it; entry_id is the device's UUID, so a resend after a lost
-- connection is stored once.
CREATE TABLE evac_safety (
    entry_id    UUID PRIMARY KEY,
    disaster_id BIGINT NOT NULL REFERENCES evac_disaster (id),
    person_key  TEXT NOT NULL,
    status      TEXT NOT NULL,
    shelter     TEXT,
    note        TEXT,
    observed_at TIMESTAMPTZ NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX evac_safety_person ON evac_safety (disaster_id, person_key, observed_at DESC);

-- 個別避難計画.
CREATE TABLE evac_plan (
    person_key TEXT PRIMARY KEY,
    shelter_id TEXT,
    means      TEXT,
    notes      TEXT,
    updated_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE evac_plan_supporter (
    person_key TEXT NOT NULL REFERENCES evac_plan (person_key) ON DELETE CASCADE,
    seq        INT  NOT NULL,
    name       TEXT NOT NULL,
    relation   TEXT,
    contact    TEXT,
    PRIMARY KEY (person_key, seq)
);
